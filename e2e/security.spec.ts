// Cookies, headers and bundles: what an attacker in the browser could reach.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { testAs } from "./fixtures";

const test = testAs("analyst");

test("session cookies are Secure and HttpOnly", async ({ page }) => {
  await page.goto("/sessions");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toBeDefined();
  expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax" });
  expect(session!.name.startsWith("__Secure-")).toBe(true);
  const csrf = cookies.find((c) => c.name.endsWith("next-auth.csrf-token"));
  expect(csrf).toMatchObject({ secure: true, httpOnly: true });
});

test("pages carry a nonce CSP that forbids framing, and the security headers", async ({ page }) => {
  const res = await page.goto("/sessions");
  const headers = res!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Two requests, two nonces.
  const again = (await page.request.get("/sessions")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);
  const api = await page.request.get("/api/console/sessions");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("no server secret reaches a client bundle", async ({ backend }) => {
  const dataDir = path.join("e2e", ".data", backend);
  const secrets = ["auth-secret", "dev-idp-client-secret", "fingerprint-key"].map((f) => readFileSync(path.join(dataDir, f), "utf8").trim());
  const pem = readFileSync(path.join(dataDir, "signing-key.pem"), "utf8");
  secrets.push(pem.split("\n")[1]);
  expect(secrets.every((s) => s.length >= 32)).toBe(true);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(".next", "static"));
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const s of secrets) expect(text.includes(s), `${file} holds a server secret`).toBe(false);
    expect(text).not.toMatch(/DATABASE_URL|NEXTAUTH_SECRET|OIDC_CLIENT_SECRET|BEGIN PRIVATE KEY/);
  }
});
