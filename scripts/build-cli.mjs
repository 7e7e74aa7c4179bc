// Builds the flightlog CLI to plain JavaScript in dist/cli/, so that running it needs no
// TypeScript loader: `npm install` runs this as `prepare`; `npm run build` and `npm start` too.
//
// Our own sources are bundled, one chunk per command, so a command loads only what it imports.
// Packages stay external and load from node_modules as usual: PGlite finds its wasm next to its
// own files, and tests that install a database share the driver instances with the built code.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const outdir = path.join(root, "dist", "cli");
export const entry = path.join(outdir, "cli.js");
const metaName = "meta.json";

// Next enforces server-only at build time; outside Next the marker is a no-op, so it becomes nothing.
const serverOnly = {
  name: "server-only",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "server-only" }));
    build.onLoad({ filter: /.*/, namespace: "server-only" }, () => ({ contents: "", loader: "js" }));
  },
};

export async function buildCli() {
  const esbuild = await import("esbuild");
  // Built beside the old output and swapped in at the end, so a CLI running meanwhile does not
  // find half a build.
  const next = `${outdir}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { cli: "collector/cli.ts" },
      outdir: next,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      tsconfig: "tsconfig.json",
      plugins: [serverOnly],
      chunkNames: "chunks/[name]-[hash]",
      metafile: true,
      logLevel: "warning",
    });
    // The inputs tell `npm start`, the tests and the CLI itself whether this build is older than
    // its sources; the outputs' imports let a test check what each command loads.
    const tempPrefix = `${path.relative(root, next)}/`;
    const finalPrefix = `${path.relative(root, outdir)}/`;
    writeFileSync(path.join(next, metaName), JSON.stringify(result.metafile).replaceAll(tempPrefix, finalPrefix));
    swapIn(next);
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

/** Replaces dist/cli with `next`. Another build (a second npm start) may swap in between: retry. */
function swapIn(next) {
  for (let attempt = 1; ; attempt++) {
    rmSync(outdir, { recursive: true, force: true });
    try {
      renameSync(next, outdir);
      return;
    } catch (err) {
      if (attempt >= 5 || (err.code !== "ENOTEMPTY" && err.code !== "EEXIST")) throw err;
    }
  }
}

/** Why dist/cli must be (re)built ("missing", "sources changed"), or null when it is up to date. */
export function cliStale() {
  const metafile = path.join(outdir, metaName);
  if (!existsSync(metafile)) return "missing";
  const built = statSync(metafile).mtimeMs;
  const inputs = Object.keys(JSON.parse(readFileSync(metafile, "utf8")).inputs).filter((f) => !f.includes(":"));
  for (const input of [...inputs, "tsconfig.json", "scripts/build-cli.mjs"]) {
    const st = statSync(path.join(root, input), { throwIfNoEntry: false });
    if (!st || st.mtimeMs > built) return "sources changed";
  }
  return null;
}

/** Builds when the build is missing or older than its sources; returns whether it built. */
export async function buildCliIfStale() {
  if (!cliStale()) return false;
  await buildCli();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
