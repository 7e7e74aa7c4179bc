import "server-only";
import { getDb, type Db } from "@/db";
import { env } from "@/lib/env";
import { authenticateAgent } from "@/lib/auth/authenticate-agent";
import type { AgentIdentity } from "@/lib/auth/agent";
import { errorResponse } from "./error-response";

type Params = Record<string, string>;
export interface AgentContext<P extends Params> {
  req: Request;
  agent: AgentIdentity;
  params: P;
  db: Db;
}

/** Wraps a collector route: authenticates the agent, then maps any error to the JSON error shape. */
export function withAgent<P extends Params = Params>(handler: (ctx: AgentContext<P>) => Promise<Response>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const db = await getDb();
      const agent = await authenticateAgent(db, req.headers.get("authorization"), env().agentIssuers);
      return await handler({ req, agent, params: await ctx.params, db });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Wraps a public route: errors only. */
export function withErrors<P extends Params = Params>(handler: (ctx: { req: Request; params: P; db: Db }) => Promise<Response>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      return await handler({ req, params: await ctx.params, db: await getDb() });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
