// Requests refused before routing: a path that does not decode. Next answers a malformed
// percent-escape with a text/plain 500, and a path parameter holding U+0000 reaches the database,
// which refuses it; both are the client's error, answered here with the documented JSON.
import type { IncomingMessage, ServerResponse } from "node:http";

/** Why the request's path cannot be served, or null. */
export function pathProblem(url: string | undefined): string | null {
  const path = (url ?? "/").split("?", 1)[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return "the path has a malformed percent-escape";
  }
  if (decoded.includes("\u0000")) return "the path holds a NUL character";
  return null;
}

/** Answers a request whose path cannot be served with 400; true when it did. */
export function refuseBadPath(req: IncomingMessage, res: ServerResponse): boolean {
  const problem = pathProblem(req.url);
  if (problem === null) return false;
  const body = JSON.stringify({ error: { code: "bad_request", message: problem } });
  res.writeHead(400, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(body);
  return true;
}
