// An admin issues a token in the browser; the curl it shows records a session that then
// appears in the list as VALID. Revoking the token stops it.
import { execFileSync } from "node:child_process";
import { expect } from "@playwright/test";
import { testAs } from "./fixtures";
import { AgentsPage } from "./pages/agents-page";
import { SessionsPage } from "./pages/sessions-page";

const test = testAs("admin");

test("a token created in the browser records a VALID session with the curl it shows, and revoking it stops it", async ({ page }) => {
  const name = `laptop-${Date.now().toString(36)}`;
  const agents = new AgentsPage(page);
  await agents.open();
  await agents.createAgent(name);
  const { token, curl } = await agents.createToken(name);
  expect(token).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
  expect(curl).toContain(token);

  // The snippet runs as pasted into a shell.
  const out = execFileSync("bash", ["-euo", "pipefail", "-c", curl], { encoding: "utf8" });
  expect(JSON.parse(out.trim().split("\n").pop()!)).toMatchObject({ last_seq: 1 });

  const sessions = new SessionsPage(page);
  await sessions.open();
  const row = sessions.row(`first session from ${name}`);
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("chain-status")).toHaveText("VALID");
  await expect(row).toContainText(name);

  // The token's last use shows on the agents page; after revocation the same curl gets 401.
  await agents.open();
  await expect(agents.agent(name).getByTestId("last-used")).not.toHaveText("never");
  await agents.agent(name).getByTestId("revoke-token").click();
  await expect(agents.agent(name).locator(".chain.invalid")).toHaveText("revoked");
  const refused = await page.request.post("/api/v1/sessions", { headers: { authorization: `Bearer ${token}` }, data: {} });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toMatch(/revoked/);
});

test("bad agent names are refused with a clear message", async ({ page }) => {
  const agents = new AgentsPage(page);
  await agents.open();
  const res = await page.request.post("/api/console/agents", { data: { name: "bad name!" } });
  expect(res.status()).toBe(400);
  expect((await res.json()).error.message).toMatch(/agent name/);
  const dup = await page.request.post("/api/console/agents", { data: { name: "claude-code@maria-laptop" } });
  expect(dup.status()).toBe(409);
  const cross = await page.request.post("/api/console/agents", { data: { name: "x" }, headers: { origin: "https://evil.example" } });
  expect(cross.status()).toBe(403);
});
