// Secrets never leave the server in clear for analysts; where a key leaked can be traced.
import { expect } from "@playwright/test";
import { DEMO_SECRETS } from "../lib/demo/demo-sessions";
import { api, testAs } from "./fixtures";

const RAW = Object.values(DEMO_SECRETS);

function expectNoRawSecret(text: string, where: string) {
  for (const secret of RAW) expect(text.includes(secret), `${where} holds a raw secret`).toBe(false);
  expect(text.includes(Buffer.from(DEMO_SECRETS.databasePassword).toString("base64")), `${where} holds a base64 secret`).toBe(false);
}

{
  const test = testAs("analyst");

  test("every read API and page an analyst can reach is masked", async ({ page }) => {
    const list = await page.request.get("/api/console/sessions");
    const listText = await list.text();
    expectNoRawSecret(listText, "the sessions list");
    const sessions = JSON.parse(listText).sessions as { id: string; title: string }[];
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    for (const s of sessions) {
      expectNoRawSecret(await (await page.request.get(`/api/console/sessions/${s.id}`)).text(), `session ${s.title}`);
      let after = 0;
      for (;;) {
        const res = await api(page.request, "GET", `/api/console/sessions/${s.id}/events?after=${after}&limit=7`);
        expect(res.status).toBe(200);
        expectNoRawSecret(JSON.stringify(res.json), `events of ${s.title} after ${after}`);
        if (res.json.next_after === null) break;
        after = res.json.next_after;
      }
      const html = await (await page.request.get(`/sessions/${s.id}`)).text();
      expectNoRawSecret(html, `the page of ${s.title}`);
    }
    const search = await page.request.post("/api/console/secrets/search", { data: { query: DEMO_SECRETS.awsAccessKeyId } });
    expectNoRawSecret(await search.text(), "the secret search");
  });

  test("pasting a leaked key lists where it appeared", async ({ page }) => {
    await page.goto("/secrets");
    await page.getByTestId("secret-query").fill(DEMO_SECRETS.githubToken);
    await page.getByTestId("secret-search").click();
    const results = page.getByTestId("secret-results");
    await expect(results).toContainText("1 occurrence");
    await expect(results.getByTestId("occurrence")).toContainText("Claude Code: fix the failing webhook tests");
    await expect(results.getByTestId("occurrence")).toContainText("github");
    // The input is cleared and the secret is not echoed back.
    await expect(page.getByTestId("secret-query")).toHaveValue("");
    expectNoRawSecret(await page.content(), "the secrets page");
  });

  test("analysts cannot unmask", async ({ page }) => {
    const { json } = await api(page.request, "GET", "/api/console/sessions");
    const res = await api(page.request, "POST", `/api/console/sessions/${json.sessions[0].id}/events/1/unmask`, { justification: "I would like to see it please" });
    expect(res.status).toBe(403);
  });
}

{
  const test = testAs("admin");

  test("an admin unmasks one event with a justification, which the audit log keeps", async ({ page }) => {
    const { json } = await api(page.request, "GET", "/api/console/sessions");
    const claude = json.sessions.find((s: { title: string | null }) => s.title?.startsWith("Claude Code"));
    const events = await api(page.request, "GET", `/api/console/sessions/${claude.id}/events?limit=1000`);
    const masked = events.json.events.find((e: { body: { data?: string } }) => e.body.data?.includes("AWS_ACCESS_KEY_ID="));
    expect(masked.body.data).toMatch(/AWS_ACCESS_KEY_ID=\[aws-key:[0-9a-f]{4}\]/);
    const refused = await api(page.request, "POST", `/api/console/sessions/${claude.id}/events/${masked.seq}/unmask`, { justification: "" });
    expect(refused.status).toBe(400);
    const why = "IR-2207: confirm which AWS key leaked before rotation";
    const unmasked = await api(page.request, "POST", `/api/console/sessions/${claude.id}/events/${masked.seq}/unmask`, { justification: why });
    expect(unmasked.status).toBe(200);
    expect(unmasked.json.body.data).toContain(DEMO_SECRETS.awsAccessKeyId);
    const audit = await api(page.request, "GET", "/api/console/audit");
    const entry = audit.json.entries.find((e: { action: string }) => e.action === "event.unmask");
    expect(entry).toMatchObject({ actor: "user:admin@flightlog.dev", targetId: claude.id, details: { seq: masked.seq, justification: why } });
  });
}

{
  const test = testAs("admin");

  test("an admin unmasks an event from the session page after stating why", async ({ page }) => {
    const { json } = await api(page.request, "GET", "/api/console/sessions");
    const claude = json.sessions.find((s: { title: string | null }) => s.title?.startsWith("Claude Code"));
    await page.goto(`/sessions/${claude.id}`);
    const row = page.getByTestId("event-list").locator(".event", { hasText: "AWS_ACCESS_KEY_ID=[aws-key:" });
    await expect(row).toHaveCount(1);
    await row.getByTestId("unmask").click();
    await row.getByTestId("unmask-justification").fill("IR-2208: need the key id for the AWS support case");
    await row.getByTestId("unmask-confirm").click();
    await expect(row.getByTestId("unmasked")).toContainText(DEMO_SECRETS.awsAccessKeyId);
  });
}

{
  const test = testAs("analyst");

  test("analysts see no unmask control", async ({ page }) => {
    const { json } = await api(page.request, "GET", "/api/console/sessions");
    await page.goto(`/sessions/${json.sessions[0].id}`);
    await expect(page.getByTestId("event-list")).toBeVisible();
    await expect(page.getByTestId("unmask")).toHaveCount(0);
  });
}
