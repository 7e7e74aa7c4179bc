// A session's title, host, user, cwd and ids are the collector's text: an analyst sees them
// masked in the pages, and in the RSC payloads that travel beside the HTML.
import { expect, type APIRequestContext } from "@playwright/test";
import { Fakes, prng } from "../lib/redact/corpus";
import { api, rscPayload, testAs } from "./fixtures";
import { SessionsPage } from "./pages/sessions-page";
import { stateFile } from "./pages/sign-in-page";

const fakes = new Fakes(prng(Date.now() >>> 0));
const AWS_KEY = `AKIA${fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
const GITHUB_TOKEN = fakes.githubToken();
const JWT = fakes.jwt();
const KNOWN = `${fakes.chars("abcdefghijklmnopqrstuvwxyz", 8)}-lantern-884`;

const RAW = [AWS_KEY, GITHUB_TOKEN, JWT, KNOWN];

function expectNoRawSecret(text: string, where: string) {
  for (const secret of RAW) {
    expect(text.includes(secret), `${where} holds ${secret}`).toBe(false);
    for (let i = 0; i + 8 <= secret.length; i++) {
      expect(text.includes(secret.slice(i, i + 8)), `${where} holds part of ${secret}`).toBe(false);
    }
  }
}

/** Records, as a collector would, a session with a secret in every free-text field. */
async function recordLeakySession(admin: APIRequestContext): Promise<string> {
  const agent = (await api(admin, "POST", "/api/console/agents", { name: `metadata-e2e-${Date.now()}` })).json;
  const { token } = (await api(admin, "POST", `/api/console/agents/${agent.id}/tokens`, { ttl: "1h" })).json;
  const auth = { authorization: `Bearer ${token}` };
  const created = await admin.post("/api/v1/sessions", {
    headers: auth,
    data: {
      title: `rotate ${AWS_KEY} before the audit`,
      host: `${KNOWN}.build.internal`,
      user: `ci-${KNOWN}`,
      cwd: `/home/ci/${GITHUB_TOKEN}/src`,
      correlation_id: JWT,
      external_id: `claude-${GITHUB_TOKEN}`,
      service: KNOWN,
      known_values: [KNOWN],
    },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const events = await admin.post(`/api/v1/sessions/${id}/events?seq=1`, {
    headers: { ...auth, "content-type": "application/x-asciicast" },
    data: `${JSON.stringify([0.1, "o", "$ make deploy\r\n"])}\n`,
  });
  expect(events.status()).toBe(200);
  expect((await admin.post(`/api/v1/sessions/${id}/end`, { headers: auth })).status()).toBe(200);
  return id;
}

const test = testAs("analyst");

test("an analyst sees a session's free text masked in the list and on its page, HTML and RSC alike", async ({ page, playwright, backend }, info) => {
  const admin = await playwright.request.newContext({ baseURL: info.project.use.baseURL, storageState: stateFile(backend, "admin") });
  const id = await recordLeakySession(admin);
  await admin.dispose();

  const sessions = new SessionsPage(page);
  await sessions.open();
  await expect(sessions.row(/rotate \[aws-key:[0-9a-f]{4}\]\*+ before the audit/)).toHaveCount(1);
  expectNoRawSecret(await page.content(), "the sessions list's HTML");
  const listPayload = await rscPayload(page.request, "/sessions");
  expect(listPayload).toContain("rotate [aws-key:");
  expectNoRawSecret(listPayload, "the sessions list's RSC payload");

  await sessions.openSession(/rotate \[aws-key:/);
  await expect(page).toHaveURL(new RegExp(`/sessions/${id}`));
  await expect(sessions.meta).toContainText(/\[known:[0-9a-f]{4}\]\*+\.build\.internal/);
  await expect(sessions.meta).toContainText(/\/home\/ci\/\[gh-token:[0-9a-f]{4}\]\*+\/src/);
  expectNoRawSecret(await page.content(), "the session page's HTML");
  const pagePayload = await rscPayload(page.request, `/sessions/${id}`);
  expect(pagePayload).toContain("/home/ci/[gh-token:");
  expectNoRawSecret(pagePayload, "the session page's RSC payload");
  expectNoRawSecret(await (await page.request.get(`/api/console/sessions/${id}`)).text(), "the session API");
});
