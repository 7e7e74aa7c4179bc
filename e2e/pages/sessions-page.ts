import { expect, type Locator, type Page } from "@playwright/test";

export class SessionsPage {
  readonly table: Locator;
  /** The metadata list of an opened session's page. */
  readonly meta: Locator;
  constructor(private readonly page: Page) {
    this.table = page.getByTestId("sessions-table");
    this.meta = page.getByTestId("session-meta");
  }

  async open() {
    await this.page.goto("/sessions");
    await expect(this.table).toBeVisible();
  }

  row(title: string | RegExp): Locator {
    return this.table.locator("tbody tr", { hasText: title });
  }

  async openSession(title: string | RegExp) {
    await this.row(title).locator("a").first().click();
    await this.page.waitForURL(/\/sessions\/[0-9a-f-]{36}/);
  }
}
