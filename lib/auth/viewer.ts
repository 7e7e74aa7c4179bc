import "server-only";
import { getServerSession } from "next-auth";
import { AppError } from "@/lib/http/app-error";
import { authOptions } from "./auth-options";
import type { Role } from "./roles";

/** A signed-in person, as every data function sees them. */
export interface Viewer {
  email: string;
  name: string | null;
  roles: Role[];
}

/** The signed-in person for this request, or null. */
export async function getViewer(): Promise<Viewer | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user) return null;
  return { email: session.user.email, name: session.user.name, roles: session.user.roles ?? [] };
}

/** Checks a role where data is touched. Throws 403 (401 without a viewer). */
export function assertRole(viewer: Viewer | null, role: Role): asserts viewer is Viewer {
  if (!viewer) throw new AppError("unauthorized", "sign in first");
  if (!viewer.roles.includes(role)) throw new AppError("forbidden", `this needs the ${role} role`);
}

/** The audit actor for a person. */
export function actorOf(viewer: Viewer): string {
  return `user:${viewer.email}`;
}
