import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { beforeAll, expect, it } from "vitest";
import { useDatabase } from "@/db";
import { builtMain } from "../built-cli";
import { describeEachBackend } from "../db";
import { call, cast } from "../api";
import * as sessions from "@/app/api/v1/sessions/route";
import * as events from "@/app/api/v1/sessions/[id]/events/route";
import * as end from "@/app/api/v1/sessions/[id]/end/route";

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  const code = await (await builtMain())(argv, { stdin: new PassThrough(), stdout, stderr });
  return { code, out, err };
}

describeEachBackend("flightlog CLI", (ctx) => {
  let token: string;
  let session: string;
  const dir = mkdtempSync(path.join(tmpdir(), "flightlog-cli-"));

  beforeAll(async () => {
    useDatabase(ctx.database);
  });

  it("creates an agent and prints a token once, which then authenticates", async () => {
    expect(await run(["agents", "create", "build-bot"])).toMatchObject({ code: 0 });
    expect((await run(["agents", "create", "build-bot"])).err).toMatch(/already exists/);
    expect((await run(["agents", "create", "bad name!"])).code).toBe(2);
    const issued = await run(["tokens", "create", "--agent", "build-bot", "--ttl", "2h"]);
    expect(issued.code).toBe(0);
    token = issued.out.trim();
    expect(token).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
    expect((await run(["tokens", "create", "--agent", "build-bot", "--ttl", "forever"])).err).toMatch(/ttl/);
    expect((await run(["tokens", "create", "--agent", "nobody"])).err).toMatch(/no agent nobody/);

    const created = await call(sessions.POST, "POST", { token, body: { service: "shell" } });
    expect(created.status).toBe(201);
    session = created.json.id;
    const lines = Array.from({ length: 6 }, (_, i) => [i, "o", `line ${i}\r\n`]);
    expect((await call(events.POST, "POST", { token, params: { id: session }, query: { seq: 1 }, body: cast(lines), contentType: "application/x-asciicast" })).status).toBe(200);
    expect((await call(end.POST, "POST", { token, params: { id: session } })).status).toBe(200);
    const list = await run(["agents", "list"]);
    expect(list.out).toMatch(/build-bot\ttoken/);
    expect(list.out).toMatch(/active/);
  });

  it("verifies a session with exit codes 0, 1 and 2", async () => {
    const ok = await run(["verify", "--session", session]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^VALID session .*verified through seq 6/);
    const json = JSON.parse((await run(["verify", "--session", session, "--json"])).out);
    expect(json).toMatchObject({ status: "VALID", verified_through_seq: 6 });
    expect((await run(["verify", "--session", "00000000-0000-4000-8000-000000000000"])).code).toBe(2);
    expect((await run(["verify"])).code).toBe(2);

    // Export, check offline, then tamper with the bundle.
    const exported = await run(["export", "--session", session]);
    expect(exported.code).toBe(0);
    const file = path.join(dir, "bundle.json");
    writeFileSync(file, exported.out);
    expect((await run(["verify", "--bundle", file])).code).toBe(0);
    const bundle = JSON.parse(readFileSync(file, "utf8"));
    bundle.events[2].body = bundle.events[2].body.replace("line 2", "line Z");
    writeFileSync(file, JSON.stringify(bundle));
    const bad = await run(["verify", "--bundle", file]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/first bad seq 3 \(BODY_HASH_MISMATCH\)/);
    writeFileSync(file, "not json");
    expect((await run(["verify", "--bundle", file])).code).toBe(2);

    await ctx.database.tamper([`delete from events where session_id = '${session}' and seq = 4`]);
    const tampered = await run(["verify", "--session", session, "--json"]);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.out)).toMatchObject({ status: "INVALID", first_bad_seq: 4, reason: "SEQ_GAP" });
  });

  it("records verifies, exports and token changes in the audit log, which verifies", async () => {
    const audit = await run(["verify", "--audit", "--json"]);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.out).verified_through_seq).toBeGreaterThanOrEqual(6);
  });
});
