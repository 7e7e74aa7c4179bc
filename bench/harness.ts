// Shared benchmark plumbing: a scratch Postgres database, the real server, JSON-line output.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
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
  // BENCH_NODE_ARGS passes Node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "scripts", "start.mjs")], {
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

/** CPU milliseconds used so far by the server's processes, Postgres's and this one's (Linux /proc). */
export type CpuSample = { server: number; postgres: number; bench: number };

export function cpuSample(serverPid: number | undefined): CpuSample | null {
  if (!existsSync("/proc/self/stat")) return null;
  const ticksMs = 10; // USER_HZ is 100 on Linux
  const procs = new Map<number, { ppid: number; comm: string; ms: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(name), { ppid: Number(f[1]), comm, ms: (Number(f[11]) + Number(f[12])) * ticksMs });
    } catch {
      // the process exited while we looked
    }
  }
  const inServer = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 16; hops++) {
      if (p === serverPid) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const sample: CpuSample = { server: 0, postgres: 0, bench: 0 };
  for (const [pid, p] of procs) {
    if (pid === process.pid) sample.bench += p.ms;
    else if (p.comm === "postgres") sample.postgres += p.ms;
    else if (inServer(pid)) sample.server += p.ms;
  }
  return sample;
}

/** CPU µs per unit of work between two samples, by process group. */
export function cpuPerUnit(before: CpuSample | null, after: CpuSample | null, units: number) {
  if (!before || !after) return null;
  const per = (k: keyof CpuSample) => Math.round(((after[k] - before[k]) * 1000 * 10) / units) / 10;
  return { server: per("server"), postgres: per("postgres"), load_generator: per("bench") };
}
