import { spawnSync } from "node:child_process";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { useDatabase } from "@/db";
import { BIN, builtMain } from "../built-cli";
import { createAgent } from "@/lib/auth/agent-tokens";
import { appendEvents } from "@/lib/ingest/append-events";
import { createSession } from "@/lib/ingest/sessions";
import { parseBatch } from "@/lib/protocol/parse-batch";
import { describeEachBackend } from "../db";
import { cast } from "../api";

import { base62, crc32 } from "@/lib/redact/checksum";

// A fake GitHub token whose checksum is valid, as real ones are.
const BODY = "R8bN2xQ7mK4vT9wZ1cY6pL3sD5fH0j";
const TOKEN = `ghp_${BODY}${base62(crc32(BODY), 6)}`;

async function run(argv: string[], stdin = "") {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (d) => (stdout += d));
  err.on("data", (d) => (stderr += d));
  const input = new PassThrough();
  input.end(stdin);
  const code = await (await builtMain())(argv, { stdin: input, stdout: out, stderr: err });
  return { code, stdout, stderr };
}

describe("flightlog redact", () => {
  it("masks a pipe as a stream, keeping the rest byte for byte", () => {
    const text = `\u001b[32mok\u001b[0m token=${TOKEN} and HOME=/root\n`;
    const res = spawnSync(process.execPath, [BIN, "redact", "--known", "hunter2-xyz"], { input: `${text}pw hunter2-xyz\n`, encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stdout).not.toContain(TOKEN);
    expect(res.stdout).not.toContain("hunter2-xyz");
    expect(res.stdout).toContain("\u001b[32mok\u001b[0m token=[gh-token");
    expect(res.stdout).toContain("and HOME=/root\npw ");
    expect(res.stdout.split("\n")[0].length).toBe(text.split("\n")[0].length);
    const bad = spawnSync(process.execPath, [BIN, "redact", "--known", "ab"], { input: "", encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/at least 4/);
  });
});

describeEachBackend("flightlog secrets find", (ctx) => {
  let session: string;
  beforeAll(async () => {
    useDatabase(ctx.database);
    const a = await createAgent(ctx.db, { name: "cli-leaker", actor: "test" });
    const agent = { id: a.id, name: a.name, kind: "token" as const };
    session = (await createSession(ctx.db, { agent, input: { title: "leak" } })).id;
    await appendEvents(ctx.db, { agent, sessionId: session, seq: 1, batch: parseBatch(cast([[0, "o", "$ cat .env\r\n"], [0.2, "o", `GITHUB_TOKEN=${TOKEN}\r\n`]]), "asciicast") });
  });

  it("finds a secret read from stdin, and by its fingerprint", async () => {
    const found = await run(["secrets", "find", "--stdin", "--json"], `${TOKEN}\n`);
    expect(found.code).toBe(0);
    const result = JSON.parse(found.stdout);
    expect(result.occurrences).toEqual([expect.objectContaining({ sessionId: session, seq: 2, offset: "GITHUB_TOKEN=".length, ruleId: "github-token" })]);
    const byFingerprint = await run(["secrets", "find", "--fingerprint", result.fingerprint]);
    expect(byFingerprint.stdout).toContain(`session ${session}\tseq 2\toffset 13`);
    expect((await run(["secrets", "find"])).code).toBe(2);
    expect((await run(["secrets", "find", "--fingerprint", "xyz"])).stderr).toMatch(/64 hex/);
  });

  it("exports masked bundles by default, and raw ones on request", async () => {
    const masked = await run(["export", "--session", session]);
    expect(masked.code).toBe(0);
    expect(masked.stdout).not.toContain(TOKEN);
    expect(JSON.parse(masked.stdout).events[1].redacted).toBe(true);
    const raw = await run(["export", "--session", session, "--unmasked"]);
    expect(raw.stdout).toContain(TOKEN);
  });
});
