// Starts the real server for the browser tests: a fresh data directory on every run, the
// embedded database or a fresh local Postgres database, and the development identity provider.
import { spawn } from "node:child_process";
import { rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const backend = process.argv[2] ?? "pglite";
const port = process.argv[3] ?? "3100";
const dataDir = path.join(root, "e2e", ".data", backend);
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const env = { ...process.env, PORT: port, FLIGHTLOG_DATA_DIR: dataDir, FLIGHTLOG_URL: `http://localhost:${port}`, FLIGHTLOG_DEMO: "1" };
delete env.DATABASE_URL;
delete env.OIDC_ISSUER;

if (backend === "postgres") {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("the postgres e2e backend needs TEST_DATABASE_URL");
  const url = new URL(base);
  // The browser tests write freely: they never run against a database that is not on this machine.
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(url.hostname)) {
    console.error(`e2e: refusing to run against the non-local database at ${url.hostname}`);
    process.exit(1);
  }
  const name = `flightlog_e2e_${port}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
}

const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
