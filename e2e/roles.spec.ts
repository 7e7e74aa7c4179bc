// Each role sees and does exactly what it may, in pages and in API calls.
import { expect } from "@playwright/test";
import { api, testAs } from "./fixtures";
import { SessionsPage } from "./pages/sessions-page";
import { USERS } from "./pages/sign-in-page";

async function firstSessionId(request: Parameters<typeof api>[0]) {
  const res = await api(request, "GET", "/api/console/sessions");
  return res.json.sessions[0].id as string;
}

{
  const test = testAs(null);
  test("anonymous: pages send to sign-in, APIs answer 401", async ({ page }) => {
    await page.goto("/sessions");
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByTestId("sign-in")).toBeVisible();
    await expect(page.getByTestId("dev-users")).toContainText("admin@flightlog.dev");
    for (const url of ["/api/console/sessions", "/api/console/agents", "/api/console/audit"]) {
      const res = await api(page.request, "GET", url);
      expect(res.status, url).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
  });
}

{
  const test = testAs("analyst");
  test("analyst: reads sessions and verifies, but not agents, tokens or the audit log", async ({ page }) => {
    const sessions = new SessionsPage(page);
    await sessions.open();
    await expect(page.getByTestId("viewer-email")).toHaveText(USERS.analyst);
    await expect(page.getByRole("link", { name: "Agents" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await sessions.openSession(/Claude Code/);
    await expect(page.getByTestId("session-meta")).toContainText("maria-laptop");
    await expect(page.getByTestId("event-list")).toBeVisible();

    for (const path of ["/agents", "/audit"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(page.getByTestId("forbidden")).toBeVisible();
    }
    const id = await firstSessionId(page.request);
    expect((await api(page.request, "GET", `/api/console/sessions/${id}`)).status).toBe(200);
    expect((await api(page.request, "POST", `/api/console/sessions/${id}/verify`)).json.status).toBe("VALID");
    const forbidden = [
      await api(page.request, "GET", "/api/console/agents"),
      await api(page.request, "POST", "/api/console/agents", { name: "sneaky" }),
      await api(page.request, "GET", "/api/console/audit"),
      await api(page.request, "POST", "/api/console/audit/verify"),
      await api(page.request, "POST", "/api/console/tokens/00000000-0000-4000-8000-000000000000/revoke"),
    ];
    for (const res of forbidden) {
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
  });
}

{
  const test = testAs("approver");
  test("approver: an analyst who may also decide approvals, still no admin pages", async ({ page }) => {
    await new SessionsPage(page).open();
    await expect(page.getByTestId("viewer-email")).toHaveText(USERS.approver);
    expect((await page.goto("/agents"))?.status()).toBe(403);
    expect((await api(page.request, "GET", "/api/console/sessions")).status).toBe(200);
    expect((await api(page.request, "GET", "/api/console/agents")).status).toBe(403);
  });
}

{
  const test = testAs("admin");
  test("admin: agents, tokens and the audit log", async ({ page }) => {
    await new SessionsPage(page).open();
    await expect(page.getByRole("link", { name: "Agents" })).toBeVisible();
    expect((await page.goto("/agents"))?.status()).toBe(200);
    expect((await page.goto("/audit"))?.status()).toBe(200);
    await expect(page.getByTestId("audit-table")).toBeVisible();
    expect((await api(page.request, "GET", "/api/console/agents")).status).toBe(200);
    expect((await api(page.request, "GET", "/api/console/audit")).status).toBe(200);
  });
}

{
  const test = testAs("guest");
  test("a user with no mapped role sees only the no-access page", async ({ page }) => {
    await page.goto("/sessions");
    await expect(page.getByTestId("no-access")).toBeVisible();
    await expect(page.getByTestId("no-access")).toContainText(USERS.guest);
    await expect(page.getByTestId("sessions-table")).toHaveCount(0);
    await page.goto("/agents");
    await expect(page.getByTestId("no-access")).toBeVisible();
    for (const url of ["/api/console/sessions", "/api/console/agents"]) {
      expect((await api(page.request, "GET", url)).status, url).toBe(403);
    }
  });
}
