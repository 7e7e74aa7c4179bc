// A lingering close, over real sockets: a client that writes its whole body before reading
// always gets the early answer, a short body keeps the connection, and the bounds hold.
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINGER, lingerOnEarlyAnswer, type LingerBounds } from "./linger";

/** A server that refuses every POST at once, without reading its body, as the API does past a limit. */
async function refusingServer(bounds: LingerBounds): Promise<{ server: Server; port: number; served: string[] }> {
  const served: string[] = [];
  const server = createServer((req, res) => {
    lingerOnEarlyAnswer(req, res, bounds);
    served.push(`${req.method} ${req.url}`);
    const body = req.method === "POST" ? '{"error":{"code":"payload_too_large","message":"too big"}}' : '{"ok":true}';
    res.writeHead(req.method === "POST" ? 413 : 200, { "content-type": "application/json", "content-length": String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, served };
}

/** A raw client: writes every byte (waiting for each write), and only then reads. */
class RawClient {
  readonly socket: Socket;
  private received = Buffer.alloc(0);
  readonly closed: Promise<string>;
  constructor(port: number) {
    this.socket = connect(port, "127.0.0.1");
    this.socket.on("data", (d: Buffer) => (this.received = Buffer.concat([this.received, d])));
    this.closed = new Promise((resolve) => {
      this.socket.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      this.socket.on("close", () => resolve("closed"));
    });
  }
  async write(data: Buffer | string, chunk = 64 * 1024): Promise<void> {
    const bytes = Buffer.from(data);
    for (let at = 0; at < bytes.length; at += chunk) {
      await new Promise<void>((resolve, reject) => this.socket.write(bytes.subarray(at, at + chunk), (err) => (err ? reject(err) : resolve())));
    }
  }
  /** Waits for `n` complete responses, each with a content-length body. */
  async responses(n: number): Promise<{ status: number; headers: string; body: string }[]> {
    for (;;) {
      const parsed = parseResponses(this.received);
      if (parsed.length >= n) return parsed;
      await new Promise<void>((resolve, reject) => {
        this.socket.once("data", () => resolve());
        this.closed.then((why) => reject(new Error(`connection ended (${why}) after ${parsed.length} responses`)));
      });
    }
  }
}

function parseResponses(buf: Buffer) {
  const out: { status: number; headers: string; body: string }[] = [];
  let text = buf.toString("latin1");
  for (;;) {
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) return out;
    const headers = text.slice(0, end).toLowerCase();
    const length = Number(/content-length: (\d+)/.exec(headers)?.[1] ?? 0);
    if (text.length < end + 4 + length) return out;
    out.push({ status: Number(headers.split(" ")[1]), headers, body: text.slice(end + 4, end + 4 + length) });
    text = text.slice(end + 4 + length);
  }
}

const post = (length: number, extra = "") => `POST /events HTTP/1.1\r\nhost: x\r\ncontent-length: ${length}\r\n${extra}\r\n`;

describe("lingerOnEarlyAnswer", () => {
  let srv: Awaited<ReturnType<typeof refusingServer>>;
  beforeAll(async () => (srv = await refusingServer(LINGER)));
  afterAll(() => srv.server.close());

  it("gives a client that writes a whole large body its answer, then closes without a reset", async () => {
    const size = 8 * 1024 * 1024 + 1;
    const body = Buffer.alloc(size, "x");
    for (let round = 0; round < 5; round++) {
      const client = new RawClient(srv.port);
      await client.write(post(size));
      await client.write(body); // every write succeeds: no EPIPE while the server answers early
      const [res] = await client.responses(1);
      expect(res.status).toBe(413);
      expect(res.headers).toContain("connection: close");
      expect(JSON.parse(res.body).error.code).toBe("payload_too_large");
      client.socket.end();
      expect(await client.closed).toBe("closed");
    }
  });

  it("keeps the connection when the body is short enough to drain, and serves the next request", async () => {
    const client = new RawClient(srv.port);
    const size = 200 * 1024;
    await client.write(post(size));
    await client.write(Buffer.alloc(size, "y"), 4096);
    await client.write("GET /after HTTP/1.1\r\nhost: x\r\n\r\n");
    const [refused, next] = await client.responses(2);
    expect(refused.status).toBe(413);
    expect(refused.headers).not.toContain("connection: close");
    expect(next.status).toBe(200);
    expect(next.body).toBe('{"ok":true}');
    client.socket.destroy();
  });

  it("drains a chunked body of unknown length to its end", async () => {
    const client = new RawClient(srv.port);
    await client.write("POST /events HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n");
    const chunk = Buffer.alloc(256 * 1024, "z");
    for (let i = 0; i < 40; i++) await client.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]));
    await client.write("0\r\n\r\n");
    const [res] = await client.responses(1);
    expect(res.status).toBe(413);
    expect(res.headers).toContain("connection: close");
    expect(await client.closed).toBe("closed"); // the server closes once the body has ended
  });
});

describe("lingerOnEarlyAnswer's bounds", () => {
  const bounds: LingerBounds = { keepAliveDrainBytes: 1024, maxBytes: 2 * 1024 * 1024, maxMs: 5_000, idleMs: 300 };
  let srv: Awaited<ReturnType<typeof refusingServer>>;
  beforeAll(async () => (srv = await refusingServer(bounds)));
  afterAll(() => srv.server.close());

  it("closes a connection that keeps sending past the byte bound", async () => {
    const client = new RawClient(srv.port);
    const size = 64 * 1024 * 1024;
    await client.write(post(size));
    const [res] = await client.responses(1); // the answer comes before any body byte
    expect(res.status).toBe(413);
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, "x");
    let failed = false;
    while (sent < size && !failed) {
      await client.write(chunk).catch(() => (failed = true));
      sent += chunk.length;
    }
    expect(["closed", "EPIPE", "ECONNRESET"]).toContain(await client.closed);
    expect(sent).toBeLessThan(size); // cut off well before the declared length
    expect(sent).toBeGreaterThan(bounds.maxBytes); // but not before the bound
  });

  it("closes a connection that stops sending mid-body", async () => {
    const client = new RawClient(srv.port);
    await client.write(post(1024 * 1024));
    await client.write(Buffer.alloc(10_000, "x"));
    const [res] = await client.responses(1);
    expect(res.status).toBe(413);
    const started = Date.now();
    expect(await client.closed).toBe("closed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(bounds.idleMs - 100);
  });
});
