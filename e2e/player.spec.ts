// The replay player in Chromium against the real server: the demo sessions, masking on screen,
// search, speed, seeking by URL and keyboard, exports, and the player's screen against
// @xterm/headless replaying the same masked recording.
import { readFileSync } from "node:fs";
import headless from "@xterm/headless";
import { expect, type APIRequestContext } from "@playwright/test";
import { DEMO_SECRETS } from "../lib/demo/demo-sessions";
import { api, testAs } from "./fixtures";
import { PlayerPage } from "./pages/player-page";
import { SessionsPage } from "./pages/sessions-page";

const SECRETS = [...Object.values(DEMO_SECRETS), Buffer.from(DEMO_SECRETS.databasePassword).toString("base64")];

async function sessionId(request: APIRequestContext, title: RegExp): Promise<string> {
  const { json } = await api(request, "GET", "/api/console/sessions");
  return json.sessions.find((s: { title: string }) => title.test(s.title)).id;
}

function expectNoSecret(text: string) {
  for (const secret of SECRETS) expect(text, "a raw demo secret").not.toContain(secret);
}

{
  const test = testAs("analyst");

  test("opens a demo session at its first frame, with the chain status", async ({ page }) => {
    await new SessionsPage(page).open();
    await new SessionsPage(page).openSession(/Claude Code/);
    const player = new PlayerPage(page);
    await player.waitForFrame(0);
    await expect(player.chain).toHaveText("✓ Chain verified through seq 38");
    expect(await player.screenText()).toContain("Welcome to Claude Code!");
    await expect(page.getByTestId("session-meta")).toContainText("maria-laptop");
    await expect(page.getByTestId("event-list")).toBeVisible();
  });

  test("jumps to the moment the fake AWS key is printed, and shows it masked", async ({ page }) => {
    const player = new PlayerPage(page);
    await player.open(await sessionId(page.request, /Claude Code/));
    await expect(player.lane("finding").first()).toBeVisible();
    await player.seekBy(() => player.lane("finding").first().click());
    const screen = await player.screenText();
    expect(screen).toMatch(/AWS_ACCESS_KEY_ID=\[aws-key:[0-9a-f]{4}\]\*+/);
    expectNoSecret(screen);
    expect(await player.time()).toBeCloseTo(4.6, 1);
    // The side panel marks where the playhead is.
    await expect(page.locator('[data-testid="player-entries"] li[aria-current]')).toContainText("Bash(env | sort)");
  });

  test("searches for a command and jumps to it", async ({ page }) => {
    const player = new PlayerPage(page);
    await player.open(await sessionId(page.request, /Claude Code/));
    await player.searchFor("npm test");
    await expect(page.getByTestId("player-search-count")).toHaveText(/\d+ matches/);
    const hit = player.hits.filter({ hasText: "Bash(npm test -- webhooks)" }).first();
    await expect(hit).toContainText("0:07.0");
    await player.seekBy(() => hit.click());
    expect(await player.time()).toBeCloseTo(7, 1);
    expect(await player.screenText()).toContain("● Bash(npm test -- webhooks)");
    await expect(page).toHaveURL(/[?&]t=7\.0/);
    // A search for a secret finds nothing: only masked text is searched.
    await player.searchFor(DEMO_SECRETS.awsAccessKeyId);
    await expect(page.getByTestId("player-search-count")).toHaveText(/^No match/);
  });

  test("plays faster at a higher speed", async ({ page }) => {
    const player = new PlayerPage(page);
    await player.open(await sessionId(page.request, /Claude Code/));
    await player.speed.selectOption("16");
    await expect(player.root).toHaveAttribute("data-speed", "16");
    const started = Date.now();
    await player.play.click();
    // 17.5 s of recording at 16× (idle gaps capped at 2 s) ends in about a second.
    // At 1× the same recording takes over 17 s: ending within 10 s (not a tighter bound, which a
    // loaded CI machine could miss) shows the speed took effect.
    await expect(player.root).toHaveAttribute("data-status", "ended", { timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await player.screenText()).toContain("All 12 webhook tests pass");
    await expect(player.play).toHaveAttribute("aria-label", "Play");
  });

  test("opens at the moment in the URL, and moves with the keyboard", async ({ page }) => {
    const player = new PlayerPage(page);
    const id = await sessionId(page.request, /Claude Code/);
    await player.open(id, "?t=10");
    expect(await player.time()).toBe(10);
    let screen = await player.screenText();
    expect(screen).toContain("FAIL  test/webhooks.test.ts");
    expect(screen).not.toContain("All 12 webhook tests pass");

    // [ and ] step between the outline's entries, which load after the first frame.
    await expect(page.getByTestId("player-entry").first()).toBeVisible();
    await player.seekBy(() => page.keyboard.press("]"));
    expect(await player.time()).toBeCloseTo(12.8, 1);
    await player.seekBy(() => page.keyboard.press("["));
    expect(await player.time()).toBeCloseTo(7, 1);
    await player.seekBy(() => page.keyboard.press("0"));
    expect(await player.time()).toBe(0);
    await player.seekBy(() => page.keyboard.press("."));
    screen = await player.screenText();
    expect(screen).toContain("The payment webhook tests fail on CI");
    await player.seekBy(() => page.keyboard.press(","));
    expect(await player.screenText()).not.toContain("The payment webhook tests fail on CI");
    await player.seekBy(() => page.keyboard.press("ArrowRight"));
    expect(await player.time()).toBe(5);
    await expect(page).toHaveURL(/[?&]t=5\.0/);
    await page.keyboard.press(" ");
    await expect(player.play).toHaveAttribute("aria-label", "Pause");
    await page.keyboard.press(" ");
    await expect(player.play).toHaveAttribute("aria-label", "Play");
  });

  test("downloads both exports, masked", async ({ page }) => {
    const player = new PlayerPage(page);
    const id = await sessionId(page.request, /Claude Code/);
    await player.open(id);
    const download = async (testId: string) => {
      const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
      return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, "utf8") };
    };
    const cast = await download("player-export-cast");
    expect(cast.name).toBe(`flightlog-${id.slice(0, 8)}.cast`);
    const [header, ...lines] = cast.text.trim().split("\n").map((l) => JSON.parse(l));
    expect(header).toMatchObject({ version: 2, width: 100, height: 30, title: "Claude Code: fix the failing webhook tests" });
    expect(lines).toContainEqual([4, "m", "tool: Bash(env | sort)"]);
    expectNoSecret(cast.text);
    expect(cast.text).toMatch(/\[aws-key:[0-9a-f]{4}\]/);

    const text = await download("player-export-text");
    expect(text.name).toBe(`flightlog-${id.slice(0, 8)}.txt`);
    expectNoSecret(text.text);
    expect(text.text).not.toContain("\x1b");
    expect(text.text).toMatch(/\[00:04\.600\]   ⎿  AWS_ACCESS_KEY_ID=\[aws-key:[0-9a-f]{4}\]\*+\n/);
    expect(text.text).toContain('[00:04.000] (tool_call) Bash {"command":"env | sort","description":"List environment variables"}');
  });

  test("masks the psql and kubectl demos on screen too", async ({ page }) => {
    const player = new PlayerPage(page);
    for (const [title, t, masked] of [
      [/psql/, 2, /app_admin:\[url-pass:[0-9a-f]{4}\]/],
      [/kubectl/, 5, /password: \[k8s:[0-9a-f]{4}\]/],
    ] as const) {
      await player.open(await sessionId(page.request, title), `?t=${t}`);
      const screen = await player.screenText();
      expect(screen).toMatch(masked);
      expectNoSecret(screen);
    }
  });
}

{
  const test = testAs("admin");
  const ESC = "\x1b";

  /** A recording that exercises what keyframes must carry, recorded through the ingest API. */
  async function recordTricky(request: APIRequestContext): Promise<string> {
    const agent = (await api(request, "POST", "/api/console/agents", { name: `player-e2e-${Date.now()}` })).json;
    const { token } = (await api(request, "POST", `/api/console/agents/${agent.id}/tokens`, { ttl: "1h" })).json;
    const headers = { authorization: `Bearer ${token}` };
    const { id } = await (await request.post("/api/v1/sessions", { headers, data: { title: "player e2e: screen comparison", cols: 60, rows: 15 } })).json();
    const lines: unknown[] = [
      [0, "o", `${ESC}[1;34mstart${ESC}[0m of a tricky session\r\n`],
      [0.5, "o", `${ESC}[3;8r${ESC}[8;1H` + Array.from({ length: 10 }, (_, i) => `scrolling in a region ${i}\n`).join("")],
      [1, "o", `${ESC}7${ESC}[1;40H[top right]${ESC}8 after restore${ESC}[r`],
      [1.5, "r", "72x18"],
      [2, "o", `\r\n${ESC}(0lqqqqqqqqk${ESC}(B\r\n${ESC}(0x${ESC}(B  box   ${ESC}(0x${ESC}(B\r\n${ESC}(0mqqqqqqqqj${ESC}(B\r\n`],
      [2.5, "o", `${ESC}[?1049h${ESC}[H${ESC}[7m pager ${ESC}[0m\r\nfirst page of a pager`],
      [9, "o", `${ESC}[?1049l\r\nwide: 漢字 and emoji ✔\r\n`],
      ...Array.from({ length: 160 }, (_, i) => [10 + i * 0.2, "o", `${ESC}[3${i % 8}mline ${i}${ESC}[0m ${"=".repeat(i % 50)}${i % 17 === 0 ? "\r50%\r" : "\r\n"}`]),
      [45, "o", `${ESC}[2J${ESC}[Hcleared at the end\r\n`],
    ];
    const body = [JSON.stringify({ version: 2, width: 60, height: 15 }), ...lines.map((l) => JSON.stringify(l))].join("\n") + "\n";
    const appended = await request.post(`/api/v1/sessions/${id}/events?seq=1`, { headers: { ...headers, "content-type": "application/x-asciicast" }, data: body });
    expect(appended.status()).toBe(200);
    expect((await request.post(`/api/v1/sessions/${id}/end`, { headers })).status()).toBe(200);
    return id;
  }

  interface MaskedEvent {
    seq: number;
    type: string;
    body: { data?: string; cols?: number; rows?: number };
  }

  /** The screen after event `seq`, computed by @xterm/headless from the masked events the console serves. */
  async function headlessScreen(events: MaskedEvent[], seq: number, size: { cols: number; rows: number }): Promise<string[]> {
    const term = new headless.Terminal({ ...size, scrollback: 1000, allowProposedApi: true });
    for (const e of events) {
      if (e.seq > seq) break;
      if (e.type === "output") await new Promise<void>((resolve) => term.write(e.body.data!, resolve));
      else if (e.type === "resize") term.resize(e.body.cols!, e.body.rows!);
    }
    const buffer = term.buffer.active;
    // Trimmed like the player's rows: a written trailing space and an empty cell look the same.
    const rows = Array.from({ length: term.rows }, (_, y) => (buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? "").trimEnd());
    term.dispose();
    return rows;
  }

  async function maskedEvents(request: APIRequestContext, id: string): Promise<MaskedEvent[]> {
    const events: MaskedEvent[] = [];
    for (let after = 0; ; ) {
      const page = (await api(request, "GET", `/api/console/sessions/${id}/events?after=${after}&limit=1000`)).json;
      events.push(...page.events);
      if (page.next_after === null) return events;
      after = page.next_after;
    }
  }

  test("shows the same screen as @xterm/headless replaying the masked recording, at every seek point", async ({ page }) => {
    test.setTimeout(120_000);
    const player = new PlayerPage(page);
    for (const [id, size, points] of [
      [await sessionId(page.request, /Claude Code/), { cols: 100, rows: 30 }, [1, 7, 12, 27, 38]],
      [await recordTricky(page.request), { cols: 60, rows: 15 }, [1, 2, 3, 4, 5, 6, 7, 40, 90, 120, 151, 167, 168]],
    ] as const) {
      await player.open(id);
      // Keyframes are built in the background once the outline is asked for; the later points seek from them.
      await player.waitForOutline(id);
      const events = await maskedEvents(page.request, id);
      for (const seq of points) {
        await player.open(id, `?seq=${seq}`);
        expect(await player.screen(), `${id} at seq ${seq}`).toEqual(await headlessScreen(events, seq, size));
      }
    }
  });

  test("records exports in the audit log", async ({ page }) => {
    const id = await sessionId(page.request, /kubectl/);
    const player = new PlayerPage(page);
    await player.open(id);
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId("player-export-text").click()]);
    expectNoSecret(readFileSync((await file.path())!, "utf8"));
    const { json } = await api(page.request, "GET", "/api/console/audit");
    expect(json.entries.find((e: { action: string; targetId: string }) => e.action === "session.export" && e.targetId === id)).toMatchObject({
      actor: "user:admin@flightlog.dev",
      details: { format: "text" },
    });
  });
}
