// Bad requests that never reach a handler get the documented JSON error too, and change nothing.
import { expect } from "@playwright/test";
import { api, testAs } from "./fixtures";

const test = testAs("admin");

test("a malformed percent-escape or a NUL in the path answers 400 JSON, on the API and on pages", async ({ request }) => {
  for (const [method, path] of [
    ["GET", "/api/v1/sessions/%E0%A4%A/events"],
    ["POST", "/api/v1/sessions/%E0%A4%A/events?seq=1"],
    ["POST", "/api/console/agents/%00/tokens"],
    ["GET", "/api/console/sessions/%00"],
    ["GET", "/sessions/%ED%A0%80"],
  ] as const) {
    const res = method === "GET" ? await request.get(path) : await request.post(path, { data: {} });
    expect(res.status(), path).toBe(400);
    expect(res.headers()["content-type"], path).toContain("application/json");
    expect((await res.json()).error.code, path).toBe("bad_request");
  }
});

test("U+0000 and lone surrogates in a session field or a console body are refused with 422, and nothing is written", async ({ request }) => {
  const agent = (await api(request, "POST", "/api/console/agents", { name: `errors-e2e-${Date.now()}` })).json;
  const { token } = (await api(request, "POST", `/api/console/agents/${agent.id}/tokens`, { ttl: "1h" })).json;
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const before = (await api(request, "GET", "/api/console/sessions")).json;
  for (const body of ['{"title":"a\\u0000b"}', '{"host":"\\ud800x"}', '{"known_values":["ok","\\udfff"]}']) {
    const res = await request.post("/api/v1/sessions", { headers: auth, data: body });
    expect(res.status(), body).toBe(422);
    expect((await res.json()).error.code).toBe("unprocessable");
  }
  const named = await request.post("/api/console/agents", { headers: { "content-type": "application/json" }, data: '{"name":"x\\u0000y"}' });
  expect(named.status()).toBe(422);
  expect((await api(request, "GET", "/api/console/sessions")).json).toEqual(before);
});
