import { expect, type Page } from "@playwright/test";

/** The console's sign-in page and the development identity provider's login form. */
export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(email: string, password = "flightlog") {
    await this.page.goto("/signin");
    await this.page.getByTestId("sign-in").click();
    await this.page.waitForURL(/\/oidc\/interaction\//);
    await this.page.fill('input[name="email"]', email);
    await this.page.fill('input[name="password"]', password);
    await this.page.click('button[type="submit"]');
    await this.page.waitForURL((url) => !url.pathname.startsWith("/oidc") && !url.pathname.startsWith("/api/auth"));
  }
}

export const USERS = {
  analyst: "analyst@flightlog.dev",
  approver: "approver@flightlog.dev",
  admin: "admin@flightlog.dev",
  guest: "guest@flightlog.dev",
} as const;
export type UserName = keyof typeof USERS;

/** Where a signed-in user's browser state is kept for the other specs. */
export function stateFile(backend: string, user: UserName): string {
  return `e2e/.auth/${backend}/${user}.json`;
}

export async function expectSignedInAs(page: Page, email: string) {
  await expect(page.getByTestId("viewer-email")).toHaveText(email);
}
