// Shared benchmark plumbing: a scratch Postgres database, the real server, JSON-line output.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

/** Prints one machine-readable figure. */
export function report(figure: Record<string, unknown>) {
  console.log(JSON.stringify(figure));
}

export function log(message: string) {
  console.error(`bench: ${message}`);
}

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("bench: set DATABASE_URL to a Postgres server (e.g. postgres://postgres@127.0.0.1:5432/test); the figures are measured against real Postgres.");
    process.exit(2);
  }
  return url;
}

/** Creates a scratch database next to DATABASE_URL's and returns its URL and a dropper. */
export async function scratchDatabase(baseUrl: string) {
  const name = `flightlog_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the real server (npm start) against `databaseUrl` and waits for /api/health. */
export async function startServer(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void>; child: ChildProcess }> {
  const port = await freePort();
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      FLIGHTLOG_DATA_DIR: mkdtempSync(path.join(tmpdir(), "flightlog-bench-")),
      FLIGHTLOG_DEMO: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
