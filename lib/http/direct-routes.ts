// The collector's hot path, served by the Flightlog server without Next's router.
//
// An append carries up to a thousand events, and Next's per-request work (routing, request
// wrapping, response piping) cost about a tenth of the server's CPU per ingested event. The
// server calls the same route handler directly instead: one handler, one behaviour, tested
// both ways (test/api.ts calls it as Next would; the end-to-end tests go through the server).
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { LIMITS } from "@/lib/protocol/limits";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./security-headers";

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface DirectRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  /** The most body bytes the handler accepts: reading stops one byte past it. */
  bodyLimit: number;
  load: () => Promise<RouteHandler>;
}

const ROUTES: DirectRoute[] = [
  {
    method: "POST",
    pattern: /^\/api\/v1\/sessions\/([^/]+)\/events$/,
    names: ["id"],
    bodyLimit: LIMITS.maxBodyBytes,
    load: once(async () => (await import("@/app/api/v1/sessions/[id]/events/route")).POST as RouteHandler),
  },
];

/** Imports a handler on first use only: every dynamic import goes through the module loader's hooks. */
function once(load: () => Promise<RouteHandler>): () => Promise<RouteHandler> {
  let loaded: Promise<RouteHandler> | null = null;
  return () => (loaded ??= load());
}

/** The headers next.config.ts gives every API response. */
const API_HEADERS: [string, string][] = [
  ...STATIC_SECURITY_HEADERS.map((h): [string, string] => [h.key, h.value]),
  ["Content-Security-Policy", API_CSP],
  ["Cache-Control", "no-store"],
];

/** The direct route for a request, if it has one. */
export function matchDirectRoute(req: IncomingMessage): { route: DirectRoute; params: Record<string, string> } | null {
  const url = req.url ?? "";
  const path = url.split("?", 1)[0];
  for (const route of ROUTES) {
    if (req.method !== route.method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    let params: Record<string, string>;
    try {
      params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
    } catch {
      return null; // a malformed escape: Next answers it
    }
    return { route, params };
  }
  return null;
}

/** Serves a matched request through its route handler. */
export async function serveDirect(req: IncomingMessage, res: ServerResponse, match: { route: DirectRoute; params: Record<string, string> }, origin: string) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const request = new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: wholeBody(req, match.route.bodyLimit),
    duplex: "half",
  } as RequestInit);
  const handler = await match.route.load();
  const response = await handler(request, { params: Promise.resolve(match.params) });
  const body = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = {};
  for (const [key, value] of API_HEADERS) out[key.toLowerCase()] = value;
  response.headers.forEach((value, key) => (out[key] = value));
  out["content-length"] = String(body.length);
  // A request answered before its body was read (a bad token, a body past the limit) is
  // drained or closed by lingerOnEarlyAnswer, which the server sets on every request.
  res.writeHead(response.status, out);
  res.end(body);
}

/**
 * The request body as a stream of one chunk, read when the handler first reads it (after it
 * has authenticated the caller), and no further than one byte past `limit`, which is enough
 * for the handler to refuse it. One chunk instead of one per socket read: a batch is read in
 * one piece anyway.
 */
function wholeBody(req: IncomingMessage, limit: number): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      return new Promise<void>((resolve) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (err?: Error) => {
          req.off("data", onData);
          req.off("end", onEnd);
          req.off("error", finish);
          req.off("close", onClose);
          if (err) controller.error(err);
          else {
            if (size > 0) controller.enqueue(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
            controller.close();
          }
          resolve();
        };
        const onData = (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size > limit) {
            req.pause();
            finish();
          }
        };
        const onEnd = () => finish();
        const onClose = () => {
          if (!req.complete) finish(new Error("the request body was cut short"));
        };
        req.on("data", onData);
        req.once("end", onEnd);
        req.once("error", finish);
        req.once("close", onClose);
      });
    },
  }, { highWaterMark: 0 }); // no read ahead: nothing is read until the handler asks
}
