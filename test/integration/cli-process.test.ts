// The flightlog bin as users run it: a Node process on the built JavaScript in dist/cli/.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { BIN } from "../built-cli";
import { testBackends } from "../db";

const ROOT = path.resolve(path.dirname(BIN), "..", "..");

function flightlog(argv: string[], options: { env?: Record<string, string>; bin?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // The CLI finds the migrations from its working directory, as `npx flightlog` in a checkout does.
    const child = spawn(process.execPath, [options.bin ?? BIN, ...argv], { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the flightlog process", () => {
  it("prints its usage, and refuses an unknown command", async () => {
    const help = await flightlog(["--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^usage: flightlog <command>/);
    expect((await flightlog([])).code).toBe(2);
    const unknown = await flightlog(["constructor"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "constructor"/);
  });

  it("says how to build it when dist/cli/ is missing", async () => {
    const tree = mkdtempSync(path.join(tmpdir(), "flightlog-unbuilt-"));
    for (const file of ["collector/bin/flightlog.mjs", "scripts/build-cli.mjs"]) {
      mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      copyFileSync(path.join(ROOT, file), path.join(tree, file));
    }
    const res = await flightlog(["redact"], { bin: path.join(tree, "collector/bin/flightlog.mjs") });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/not built.*npm run build:cli/);
  });

  it("loads only lib/redact and Node's own modules for redact", () => {
    // What a command loads is its chunk's static imports, followed through; the build records them.
    type Output = { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] };
    const meta = JSON.parse(readFileSync(path.join(ROOT, "dist/cli/meta.json"), "utf8")) as { outputs: Record<string, Output> };
    const loadedBy = (entryPoint: string) => {
      const start = Object.keys(meta.outputs).find((k) => meta.outputs[k].entryPoint === entryPoint);
      expect(start, entryPoint).toBeDefined();
      const sources = new Set<string>();
      const packages = new Set<string>();
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const input of Object.keys(meta.outputs[file].inputs)) sources.add(input);
        for (const i of meta.outputs[file].imports) {
          if (i.kind !== "import-statement") continue;
          if (i.external) packages.add(i.path);
          else visit(i.path);
        }
      };
      visit(start as string);
      return { sources: [...sources], packages: [...packages] };
    };
    const entry = loadedBy("collector/cli.ts");
    expect(entry.sources.sort()).toEqual(["collector/cli.ts", "collector/io.ts"]);
    const redact = loadedBy("collector/commands/redact.ts");
    expect(redact.sources.filter((s) => s !== "collector/commands/redact.ts" && !s.startsWith("lib/redact/"))).toEqual([]);
    expect([...entry.packages, ...redact.packages].filter((p) => !p.startsWith("node:"))).toEqual([]);
  });
});

for (const backend of testBackends()) {
  describe(`the flightlog process on a database [${backend}]`, () => {
    const dbEnv: Record<string, string> = { FLIGHTLOG_DATA_DIR: mkdtempSync(path.join(tmpdir(), "flightlog-cli-process-")), DATABASE_URL: "" };
    let drop = async () => {};

    beforeAll(async () => {
      if (backend !== "postgres") return;
      const base = env().TEST_DATABASE_URL as string;
      const name = `flightlog_test_${randomBytes(6).toString("hex")}`;
      const admin = postgres(base, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      dbEnv.DATABASE_URL = url.toString();
      drop = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    });
    afterAll(() => drop());

    it("opens the database, runs the command and exits", async () => {
      const created = await flightlog(["agents", "create", "process-bot"], { env: dbEnv });
      expect(created).toMatchObject({ code: 0, stderr: "" });
      const issued = await flightlog(["tokens", "create", "--agent", "process-bot"], { env: dbEnv });
      expect(issued.code).toBe(0);
      expect(issued.stdout.trim()).toMatch(/^flt_/);
      const audit = await flightlog(["verify", "--audit", "--json"], { env: dbEnv });
      expect(audit.code).toBe(0);
      expect(JSON.parse(audit.stdout)).toMatchObject({ status: "VALID", verified_through_seq: 2 });
    });
  });
}
