import { defineConfig } from "@playwright/test";

// The browser tests run the real server (npm start's entry) in Chromium from the system
// (Debian's chromium package): browsers are never downloaded. Each backend gets its own server:
// the embedded database always, and a fresh local Postgres database when TEST_DATABASE_URL is set.
// E2E_PORT moves both servers, so two checkouts can run their browser tests side by side.
const base = Number(process.env.E2E_PORT ?? 3100);
const backends = [{ name: "pglite", port: base }, ...(process.env.TEST_DATABASE_URL ? [{ name: "postgres", port: base + 1 }] : [])];

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    viewport: { width: 1400, height: 900 },
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: backends.flatMap((b) => [
    { name: `${b.name}-setup`, testMatch: /auth\.setup\.ts/, use: { baseURL: `http://localhost:${b.port}` }, metadata: { backend: b.name } },
    {
      name: b.name,
      testIgnore: /auth\.setup\.ts/,
      dependencies: [`${b.name}-setup`],
      use: { baseURL: `http://localhost:${b.port}` },
      metadata: { backend: b.name },
    },
  ]),
  webServer: backends.map((b) => ({
    command: `node e2e/server.mjs ${b.name} ${b.port}`,
    url: `http://localhost:${b.port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  })),
});
