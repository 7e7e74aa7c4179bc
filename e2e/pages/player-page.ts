import { expect, type Locator, type Page } from "@playwright/test";

/** The session page's replay player, through its test hooks. */
export class PlayerPage {
  readonly root: Locator;
  readonly terminal: Locator;
  readonly timeline: Locator;
  readonly play: Locator;
  readonly speed: Locator;
  readonly search: Locator;
  readonly hits: Locator;
  readonly chain: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId("player");
    this.terminal = page.getByTestId("player-terminal");
    this.timeline = page.getByTestId("player-timeline");
    this.play = page.getByTestId("player-play");
    this.speed = page.getByTestId("player-speed");
    this.search = page.getByTestId("player-search");
    this.hits = page.getByTestId("player-search-hit");
    this.chain = page.getByTestId("player-chain");
  }

  /** Opens a session's page (`query` e.g. "?t=10") and waits for the player's first frame. */
  async open(sessionId: string, query = "") {
    await this.page.goto(`/sessions/${sessionId}${query}`);
    await this.waitForFrame(0);
  }

  /** How many frames the player has rendered after a seek (the open counts as one). */
  async frames(): Promise<number> {
    return Number((await this.root.getAttribute("data-frame")) ?? 0);
  }

  async waitForFrame(after: number) {
    await expect.poll(() => this.frames()).toBeGreaterThan(after);
  }

  /** Does something that seeks, and waits for the resulting frame. */
  async seekBy(action: () => Promise<unknown>) {
    const before = await this.frames();
    await action();
    await this.waitForFrame(before);
  }

  /** The playhead, in recorded seconds, as of the last frame. */
  async time(): Promise<number> {
    return Number(await this.root.getAttribute("data-time"));
  }

  /** The terminal's visible rows as text (what the DOM renderer shows), trailing blanks trimmed. */
  async screen(): Promise<string[]> {
    const rows = await this.terminal.locator(".xterm-rows > div").allTextContents();
    return rows.map((r) => r.replace(/\u00a0/g, " ").trimEnd());
  }

  async screenText(): Promise<string> {
    return (await this.screen()).join("\n");
  }

  lane(name: "command" | "marker" | "finding" | "approval"): Locator {
    return this.root.locator(`[data-lane="${name}"] [data-testid="lane-entry"]`);
  }

  async searchFor(query: string) {
    await this.search.fill(query);
    await this.search.press("Enter");
    await expect(this.page.getByTestId("player-search-count")).toBeVisible();
  }

  /** Waits until the outline (lanes and side panel) has every event of the session. */
  async waitForOutline(sessionId: string) {
    await expect
      .poll(async () => (await (await this.page.request.get(`/api/console/sessions/${sessionId}/replay/outline`)).json()).complete, { timeout: 30_000 })
      .toBe(true);
  }
}
