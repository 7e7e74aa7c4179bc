import { expect, type Locator, type Page } from "@playwright/test";

export class AgentsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/agents");
    await expect(this.page.getByRole("heading", { name: "Agents" })).toBeVisible();
  }

  agent(name: string): Locator {
    return this.page.locator(`[data-testid="agent"][data-agent-name="${name}"]`);
  }

  async createAgent(name: string) {
    await this.page.getByTestId("agent-name").fill(name);
    await this.page.getByTestId("create-agent").click();
    await expect(this.agent(name)).toBeVisible();
  }

  /** Issues a token and returns what the page shows once: the token and the curl snippet. */
  async createToken(agentName: string) {
    await this.agent(agentName).getByTestId("create-token").click();
    const issued = this.page.getByTestId("issued-token");
    await expect(issued).toBeVisible();
    return {
      token: (await this.page.getByTestId("token-value").textContent())!.trim(),
      curl: (await this.page.getByTestId("curl-snippet").textContent())!,
    };
  }
}
