import "server-only";
import { getDb, type Db } from "@/db";
import { env } from "@/lib/env";
import { getViewer, assertRole, type Viewer } from "@/lib/auth/viewer";
import type { Role } from "@/lib/auth/roles";
import { AppError } from "./app-error";
import { errorResponse } from "./error-response";

type Params = Record<string, string>;
export interface UserContext<P extends Params> {
  req: Request;
  viewer: Viewer;
  params: P;
  db: Db;
}

/**
 * Wraps a console route: a signed-in person with `role` (401/403 JSON otherwise), and for
 * state-changing methods a same-origin request. Data functions check the role again.
 */
export function withUser<P extends Params = Params>(role: Role, handler: (ctx: UserContext<P>) => Promise<Response>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") assertSameOrigin(req);
      const viewer = await getViewer();
      assertRole(viewer, role);
      return await handler({ req, viewer, params: await ctx.params, db: await getDb() });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Cookies are SameSite=Lax; this also refuses a cross-site POST that carries an Origin. */
function assertSameOrigin(req: Request) {
  const origin = req.headers.get("origin");
  if (origin && origin !== new URL(env().url).origin) throw new AppError("forbidden", "cross-site request refused");
}
