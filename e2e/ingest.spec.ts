// The collector's append path through the running server, which serves it without Next's
// router (lib/http/direct-routes.ts): the same answers, errors and headers as every API route.
import { expect, type APIRequestContext } from "@playwright/test";
import { api, testAs } from "./fixtures";
import { LIMITS } from "../lib/protocol/limits";

const test = testAs("admin");
const CAST = { "content-type": "application/x-asciicast" };

async function agentToken(request: APIRequestContext): Promise<Record<string, string>> {
  const agent = (await api(request, "POST", "/api/console/agents", { name: `ingest-e2e-${Date.now()}` })).json;
  const { token } = (await api(request, "POST", `/api/console/agents/${agent.id}/tokens`, { ttl: "1h" })).json;
  return { authorization: `Bearer ${token}` };
}

const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify([from + i, "o", `line ${from + i}\r\n`])).join("\n") + "\n";

test("appends through the server with the API's headers, and refuses gaps, strangers and unknown sessions", async ({ request }) => {
  const auth = await agentToken(request);
  const { id } = await (await request.post("/api/v1/sessions", { headers: auth, data: { title: "ingest e2e" } })).json();

  const ok = await request.post(`/api/v1/sessions/${id}/events?seq=1`, { headers: { ...auth, ...CAST }, data: lines(0, 3) });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ stored: 3, duplicates: 0, next_seq: 4 });
  const headers = ok.headers();
  expect(headers["content-type"]).toContain("application/json");
  expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(headers["cache-control"]).toBe("no-store");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");

  const gap = await request.post(`/api/v1/sessions/${id}/events?seq=9`, { headers: { ...auth, ...CAST }, data: lines(9, 1) });
  expect(gap.status()).toBe(409);
  expect((await gap.json()).error).toMatchObject({ code: "conflict", expected_seq: 4 });

  const stranger = await request.post(`/api/v1/sessions/${id}/events?seq=4`, { headers: { authorization: "Bearer flt_not-a-real-token", ...CAST }, data: lines(4, 1) });
  expect(stranger.status()).toBe(401);
  expect((await stranger.json()).error.code).toBe("unauthorized");

  const unknown = await request.post("/api/v1/sessions/00000000-0000-4000-8000-000000000000/events?seq=1", { headers: { ...auth, ...CAST }, data: lines(0, 1) });
  expect(unknown.status()).toBe(404);

  const media = await request.post(`/api/v1/sessions/${id}/events?seq=4`, { headers: { ...auth, "content-type": "text/plain" }, data: lines(4, 1) });
  expect(media.status()).toBe(415);

  // Nothing above was written: the chain continues at 4 and verifies.
  const next = await request.post(`/api/v1/sessions/${id}/events?seq=4`, { headers: { ...auth, ...CAST }, data: lines(4, 2) });
  expect(await next.json()).toEqual({ stored: 2, duplicates: 0, next_seq: 6 });
  expect((await (await request.get(`/api/v1/sessions/${id}/verify`, { headers: auth })).json()).status).toBe("VALID");
});

// The client writes the whole body before it reads the answer: the server must not reset the
// connection under it (lib/http/linger.ts), through the direct route and through Next's router.
test("a client that sends a whole body past the limit gets the 413 JSON, and the next request is served", async ({ request }) => {
  const auth = await agentToken(request);
  const { id } = await (await request.post("/api/v1/sessions", { headers: auth, data: { title: "ingest e2e" } })).json();
  const huge = "x".repeat(LIMITS.maxBodyBytes + 1);
  const tooBig = await request.post(`/api/v1/sessions/${id}/events?seq=1`, { headers: { ...auth, ...CAST }, data: huge });
  expect(tooBig.status()).toBe(413);
  expect((await tooBig.json()).error.code).toBe("payload_too_large");
  const after = await request.post(`/api/v1/sessions/${id}/events?seq=1`, { headers: { ...auth, ...CAST }, data: lines(0, 1) });
  expect(await after.json()).toEqual({ stored: 1, duplicates: 0, next_seq: 2 });

  const session = await request.post("/api/v1/sessions", { headers: { ...auth, "content-type": "application/json" }, data: `{"title":"${"t".repeat(2 * LIMITS.maxSmallBodyBytes)}"}` });
  expect(session.status()).toBe(413);
  expect((await session.json()).error.code).toBe("payload_too_large");
});

test("a stranger's body is refused with 401 without a reset, and a short one keeps the connection", async ({ request }) => {
  const stranger = { authorization: "Bearer flt_not-a-real-token", ...CAST };
  const big = await request.post("/api/v1/sessions/00000000-0000-4000-8000-000000000000/events?seq=1", { headers: stranger, data: lines(0, 40_000) });
  expect(big.status()).toBe(401);
  expect(big.headers().connection).toBe("close");
  const small = await request.post("/api/v1/sessions/00000000-0000-4000-8000-000000000000/events?seq=1", { headers: stranger, data: lines(0, 100) });
  expect(small.status()).toBe(401);
  expect(small.headers().connection).not.toBe("close");
  expect((await small.json()).error.code).toBe("unauthorized");
});

test("a streamed body with no length is read in full, and refused one byte past the limit", async ({ request, baseURL }) => {
  const auth = await agentToken(request);
  const { id } = await (await request.post("/api/v1/sessions", { headers: auth, data: { title: "ingest e2e" } })).json();
  // Chunked transfer: the server learns the size only by reading.
  const stream = (text: string, chunk: number) =>
    fetch(`${baseURL}/api/v1/sessions/${id}/events?seq=1`, {
      method: "POST",
      headers: { ...auth, ...CAST },
      body: new ReadableStream({
        start(controller) {
          const bytes = Buffer.from(text);
          for (let at = 0; at < bytes.length; at += chunk) controller.enqueue(bytes.subarray(at, at + chunk));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
  const tooBig = await stream("x".repeat(LIMITS.maxBodyBytes + 1), 1 << 20);
  expect(tooBig.status).toBe(413);
  expect((await tooBig.json()).error.code).toBe("payload_too_large");
  const ok = await stream(lines(0, 300), 1000);
  expect(await ok.json()).toEqual({ stored: 300, duplicates: 0, next_seq: 301 });
});
