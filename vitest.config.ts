import { defineConfig } from "vitest/config";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // Next enforces server-only at build time; outside Next the marker is a no-op.
      "server-only": fileURLToPath(new URL("./scripts/server-only-noop.js", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    pool: "forks",
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    // Tests keep their generated keys and secrets in a data directory of their own.
    env: { FLIGHTLOG_DATA_DIR: mkdtempSync(path.join(tmpdir(), "flightlog-test-")), FLIGHTLOG_CHECKPOINT_ORIGIN: "flightlog.test" },
  },
});
