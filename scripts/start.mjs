// npm start: checks the configuration, builds the console and the CLI when their builds are
// missing or older than the sources, then runs server.ts. `--dev` runs Next in development mode
// (no console build).
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const dev = process.argv.includes("--dev");

await import("./register.mjs");
const { loadStartupConfig } = await import("../lib/startup.ts");
loadStartupConfig();

function newestMtime(entry) {
  const st = statSync(entry, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

function stale() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "db", "types", "next.config.ts", "package-lock.json", "tsconfig.json"];
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changed = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  return built < changed ? (built ? "sources changed, rebuilding the console…" : "building the console (first start only)…") : null;
}

/** Builds when stale. A lock file keeps two starts (e.g. two test servers) from building at once. */
async function buildIfStale() {
  const lock = path.join(root, ".next-build.lock");
  for (;;) {
    if (!stale()) return;
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
    } catch {
      await new Promise((r) => setTimeout(r, 500));
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { force: true });
      continue;
    }
    try {
      const why = stale();
      if (!why) return;
      console.log(`flightlog: ${why}`);
      mkdirSync(path.join(root, ".next"), { recursive: true });
      const res = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
        stdio: "inherit",
        env: { ...process.env, NODE_ENV: "production" },
      });
      if (res.status !== 0) process.exit(res.status ?? 1);
      return;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

// Forked server workers reuse the primary's build.
if (!dev && cluster.isPrimary) await buildIfStale();
// The flightlog CLI beside the server runs from dist/cli/; rebuilding it takes well under a
// second. The server does not need it, so a failed build only warns.
if (cluster.isPrimary) {
  const { buildCliIfStale } = await import("./build-cli.mjs");
  try {
    if (await buildCliIfStale()) console.log("flightlog: rebuilt the command line (dist/cli/)");
  } catch (err) {
    console.warn(`flightlog: could not build the command line: ${err instanceof Error ? err.message : err}`);
  }
}

await import("../server.ts");
