// What the analyst's browser shows of secrets that only the screen, the typed input, a
// structure or an encoding reveals: the player's terminal, the page's HTML and its RSC payload.
import { expect, type APIRequestContext } from "@playwright/test";
import { Fakes, prng } from "../lib/redact/corpus";
import { api, rscPayload, testAs } from "./fixtures";
import { PlayerPage } from "./pages/player-page";
import { stateFile } from "./pages/sign-in-page";

const fakes = new Fakes(prng(Date.now() >>> 0));
const ESC = "\x1b";
const EDITED_KEY = `AKIA${fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
const TYPED_TOKEN = fakes.githubToken();
const BASE64_KEY = fakes.stripeKey();
const KEY_AS_KEY = `ASIA${fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
const SQL_PASSWORD = `Pw-${fakes.chars("abcdefghijkmnpqrstuvwxyz23456789", 14)}`;
const RAW = [EDITED_KEY, TYPED_TOKEN, BASE64_KEY, KEY_AS_KEY, SQL_PASSWORD];

function expectNoRawSecret(text: string, where: string) {
  for (const secret of RAW) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      expect(text.includes(secret.slice(i, i + 8)), `${where} holds part of ${secret}`).toBe(false);
    }
  }
}

/** Records, as a collector would, the secrets each class of leak put on screen before. */
async function recordSession(admin: APIRequestContext): Promise<string> {
  const agent = (await api(admin, "POST", "/api/console/agents", { name: `masking-e2e-${Date.now()}` })).json;
  const { token } = (await api(admin, "POST", `/api/console/agents/${agent.id}/tokens`, { ttl: "1h" })).json;
  const auth = { authorization: `Bearer ${token}` };
  const { id } = await (await admin.post("/api/v1/sessions", { headers: auth, data: { title: "masking e2e", cols: 120, rows: 24 } })).json();
  const lines: unknown[] = [];
  let t = 0;
  const o = (data: string) => lines.push([(t += 0.1), "o", data]);
  o(`$ echo ${EDITED_KEY.slice(0, 9)}X\b${ESC}[K${EDITED_KEY.slice(9)}\r\n`);
  o("$ ");
  for (const key of `export GITHUB_TOKEN=${TYPED_TOKEN}`) {
    lines.push([(t += 0.01), "i", key]);
    o(key);
  }
  lines.push([(t += 0.1), "i", "\r"]);
  o(`\r\n$ cat key.b64\r\n${Buffer.from(`STRIPE_SECRET_KEY=${BASE64_KEY}\n`).toString("base64")}\r\n$ `);
  const cast = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
  expect((await admin.post(`/api/v1/sessions/${id}/events?seq=1`, { headers: { ...auth, "content-type": "application/x-asciicast" }, data: cast })).status()).toBe(200);
  const events = [
    { type: "tool_result", tool: "Bash", output: { AccessKeys: { [KEY_AS_KEY]: "Active" } } },
    { type: "query", query: `ALTER USER app WITH PASSWORD '${SQL_PASSWORD}';` },
  ];
  const ndjson = events.map((e) => JSON.stringify(e)).join("\n") + "\n";
  expect((await admin.post(`/api/v1/sessions/${id}/events?seq=${lines.length + 1}`, { headers: { ...auth, "content-type": "application/x-ndjson" }, data: ndjson })).status()).toBe(200);
  expect((await admin.post(`/api/v1/sessions/${id}/end`, { headers: auth })).status()).toBe(200);
  return id;
}

const test = testAs("analyst");

test("the player, the page and its RSC payload show every class of secret masked", async ({ page, playwright, backend }, info) => {
  const admin = await playwright.request.newContext({ baseURL: info.project.use.baseURL, storageState: stateFile(backend, "admin") });
  const id = await recordSession(admin);
  await admin.dispose();

  const player = new PlayerPage(page);
  await player.open(id, "?t=100"); // the last frame: every line drawn
  const screen = await player.screenText();
  // The echo came a key per event: its mask has no room for a label in any one event.
  expect(screen).toMatch(/export GITHUB_TOKEN=\*{40}/);
  expect(screen).toMatch(/\$ echo \[aws-key(:[0-9a-f]{4})?\]\*+/);
  expectNoRawSecret(screen, "the player's screen");
  await player.waitForOutline(id);
  expectNoRawSecret(await page.content(), "the session page's HTML");
  expectNoRawSecret(await rscPayload(page.request, `/sessions/${id}`), "the session page's RSC payload");
  for (const path of [`/api/console/sessions/${id}/replay/outline`, `/api/console/sessions/${id}/replay?t=0`]) {
    expectNoRawSecret(await (await page.request.get(path)).text(), path);
  }
});
