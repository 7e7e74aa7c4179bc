// The server refuses unsafe configurations before it builds or serves anything.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { demoEnabled, startupProblems } from "@/lib/auth/startup-check";

function start(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OIDC_") && !k.startsWith("FLIGHTLOG_") && k !== "DATABASE_URL"));
  return spawnSync(process.execPath, ["scripts/start.mjs"], {
    env: { NODE_ENV: "test", ...clean, FLIGHTLOG_DATA_DIR: mkdtempSync(path.join(tmpdir(), "flightlog-start-")), PORT: "3999", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("starting the server", () => {
  it("refuses production without OIDC_ISSUER, and explains how to configure a real provider", () => {
    const res = start({ NODE_ENV: "production" });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/NODE_ENV=production and no OIDC_ISSUER/);
    expect(res.stderr).toMatch(/OIDC_CLIENT_ID/);
    expect(res.stderr).toMatch(/FLIGHTLOG_DEV_IDP=1/);
    expect(res.stdout).not.toMatch(/building the console/);
  });

  it("refuses an issuer without client credentials, and a malformed role map", () => {
    const res = start({ OIDC_ISSUER: "https://idp.example.com" });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required/);
    const map = start({ OIDC_ROLE_MAP: "admins:root" });
    expect(map.status).toBe(1);
    expect(map.stderr).toMatch(/OIDC_ROLE_MAP/);
  });

  it("allows the development provider in production only when asked, and never demo data by default", () => {
    const prod = parseEnv({ NODE_ENV: "production", FLIGHTLOG_DEV_IDP: "1" });
    expect(startupProblems(prod)).toEqual([]);
    expect(demoEnabled(prod)).toBe(false);
    expect(demoEnabled(parseEnv({}))).toBe(true);
    expect(demoEnabled(parseEnv({ FLIGHTLOG_DEMO: "0" }))).toBe(false);
    expect(startupProblems(parseEnv({ FLIGHTLOG_WORKERS: "2" }))).toEqual([expect.stringMatching(/FLIGHTLOG_WORKERS > 1 needs OIDC_ISSUER/)]);
    expect(() => parseEnv({ FLIGHTLOG_SESSION_MAX_AGE: "-5" })).toThrow(/FLIGHTLOG_SESSION_MAX_AGE/);
    expect(parseEnv({ FLIGHTLOG_SESSION_MAX_AGE: "900" }).FLIGHTLOG_SESSION_MAX_AGE).toBe(900);
  });
});
