// Answering a request before its body has been read (a bad token, a body past the limit) the
// way HTTP servers do. Closing the socket at once resets the connection while the client is
// still sending: its write fails with EPIPE or ECONNRESET before it reads the answer. So the
// server keeps reading and discarding what is left of the body (a lingering close, like nginx's
// lingering_close), within the bounds below, and only then closes. A short remainder is
// drained and the connection is kept for the next request. Discarded bytes are never buffered.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

export const LINGER = {
  /** A known remainder up to this size is drained and the connection kept alive. */
  keepAliveDrainBytes: 1024 * 1024,
  /** Most bytes read and discarded after an early answer before the socket is closed. */
  maxBytes: 64 * 1024 * 1024,
  /** Longest time spent discarding after an early answer (nginx's lingering_time). */
  maxMs: 30_000,
  /** Longest wait for the next byte while discarding (nginx's lingering_timeout). */
  idleMs: 5_000,
} as const;

export type LingerBounds = { [K in keyof typeof LINGER]: number };

/**
 * Watches one request: when its response headers are written before its body has been read
 * in full, the rest of the body is discarded, and the connection is either kept (a short
 * declared body) or answered with `Connection: close` and closed once the client has sent the
 * rest, or a bound is reached.
 */
export function lingerOnEarlyAnswer(req: IncomingMessage, res: ServerResponse, bounds: LingerBounds = LINGER): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    res.writeHead = writeHead;
    if (!req.complete) earlyAnswer(req, res, bounds);
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}

function earlyAnswer(req: IncomingMessage, res: ServerResponse, bounds: LingerBounds) {
  const socket = req.socket;
  const declared = Number(req.headers["content-length"]);
  if (!(declared <= bounds.keepAliveDrainBytes)) res.setHeader("connection", "close");
  // Node closes a socket that is not kept alive with destroySoon once the response is written.
  // Even our FIN would be too soon: many clients stop writing when they see it. So the socket
  // stays open until the client has sent the rest of its body.
  let closing = false;
  socket.destroySoon = () => {
    closing = true;
    if (req.readableEnded) endThenClose(socket);
  };
  res.once("finish", () => discardBody(req, socket, bounds, () => closing));
}

/** Reads the rest of the body into nothing, within the bounds, then closes or keeps the connection. */
function discardBody(req: IncomingMessage, socket: Socket, bounds: LingerBounds, closing: () => boolean) {
  if (req.readableEnded) return;
  req.removeAllListeners("data");
  req.resume();
  const startBytes = socket.bytesRead;
  const startedAt = Date.now();
  let lastBytes = startBytes;
  let lastMove = startedAt;
  // The parser takes socket data without 'data' events, so the bounds are checked on a tick.
  const tick = setInterval(() => {
    const read = socket.bytesRead;
    const now = Date.now();
    if (read !== lastBytes) [lastBytes, lastMove] = [read, now];
    if (read - startBytes > bounds.maxBytes || now - startedAt > bounds.maxMs || now - lastMove > bounds.idleMs) socket.destroy();
  }, 50);
  tick.unref();
  const stop = () => clearInterval(tick);
  socket.once("close", stop);
  req.once("end", () => {
    stop();
    socket.off("close", stop);
    if (closing()) endThenClose(socket);
  });
}

/** Closes after the response has left: with the body read, nothing unread can turn into a reset. */
function endThenClose(socket: Socket) {
  if (socket.destroyed) return;
  socket.end();
  if (socket.writableFinished) socket.destroy();
  else socket.once("finish", () => socket.destroy());
}
