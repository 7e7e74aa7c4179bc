// Every audited action leaves an entry, and the audit chain verifies.
import { expect } from "@playwright/test";
import { api, testAs } from "./fixtures";
import { SessionsPage } from "./pages/sessions-page";
import { SignInPage, USERS } from "./pages/sign-in-page";

const test = testAs(null);

test("sign-in, sign-out, session views, verifies and token changes are audited, and the chain verifies", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.signIn(USERS.admin);
  const sessions = new SessionsPage(page);
  await sessions.open();
  await sessions.openSession(/kubectl/);
  const sessionId = page.url().split("/").pop()!;
  await page.getByTestId("reverify").click();
  await expect(page.getByTestId("chain-status")).toHaveText("VALID");

  const agent = `audited-${Date.now().toString(36)}`;
  const created = await api(page.request, "POST", "/api/console/agents", { name: agent });
  const issued = await api(page.request, "POST", `/api/console/agents/${created.json.id}/tokens`, { ttl: "1h" });
  expect(issued.status).toBe(201);
  await api(page.request, "POST", `/api/console/tokens/${issued.json.id}/revoke`);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn.signIn(USERS.admin);
  const { json } = await api(page.request, "GET", "/api/console/audit");
  const mine = json.entries.filter((e: { actor: string }) => e.actor === `user:${USERS.admin}`);
  const has = (action: string, target?: string) => mine.some((e: { action: string; targetId: string | null }) => e.action === action && (!target || e.targetId === target));
  expect(has("auth.sign_in")).toBe(true);
  expect(has("auth.sign_out")).toBe(true);
  expect(has("session.view", sessionId)).toBe(true);
  expect(has("session.verify", sessionId)).toBe(true);
  expect(has("agent.create", created.json.id)).toBe(true);
  expect(has("token.create", issued.json.id)).toBe(true);
  expect(has("token.revoke", issued.json.id)).toBe(true);
  // Token values never enter the audit log, only their prefix.
  expect(JSON.stringify(json)).not.toContain(issued.json.token);

  await page.goto("/audit");
  await page.getByTestId("reverify").click();
  await expect(page.getByTestId("chain-status")).toHaveText("VALID");
  const verdict = await api(page.request, "POST", "/api/console/audit/verify");
  expect(verdict.json).toMatchObject({ status: "VALID", first_bad_seq: null });
  expect(verdict.json.verified_through_seq).toBeGreaterThanOrEqual(mine.length);
});
