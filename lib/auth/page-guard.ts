import "server-only";
import { forbidden, redirect } from "next/navigation";
import { getViewer, type Viewer } from "./viewer";
import type { Role } from "./roles";

/** For pages: the signed-in viewer with `role`; otherwise a redirect to sign in or the 403 page. */
export async function requirePageRole(role: Role): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin");
  if (!viewer.roles.includes(role)) forbidden();
  return viewer;
}
