// A session's free text (title, host, user, cwd, correlation and external id, service) is the
// collector's to write, and may hold a key. Recorded through the real v1 routes, it must reach no
// reader unmasked, while the stored record keeps what was received.
import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { listAudit } from "@/lib/audit/list-audit";
import type { Viewer } from "@/lib/auth/viewer";
import { verifyBundle } from "@/lib/chain";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { exportSessionBundle } from "@/lib/evidence/session-bundle";
import { Fakes, prng } from "@/lib/redact/corpus";
import { exportSession } from "@/lib/replay/export-session";
import { openReplayStream } from "@/lib/replay/replay-stream";
import { searchSession } from "@/lib/replay/search-session";
import { findSecretAs } from "@/lib/secrets/find-secret";
import { listSessions } from "@/lib/sessions/list-sessions";
import { readSessionEvents } from "@/lib/sessions/session-events";
import { viewSession } from "@/lib/sessions/view-session";
import * as sessionsRoute from "@/app/api/v1/sessions/route";
import * as eventsRoute from "@/app/api/v1/sessions/[id]/events/route";
import * as knownValuesRoute from "@/app/api/v1/sessions/[id]/known-values/route";
import * as endRoute from "@/app/api/v1/sessions/[id]/end/route";
import * as verifyRoute from "@/app/api/v1/sessions/[id]/verify/route";
import { describeEachBackend } from "../db";
import { call, cast, setUpAgent } from "../api";

// Fake secrets in real formats: an AWS key id, GitHub tokens with a valid checksum, a JWT, and
// values the collector registers for the session, one of them only after the session was made.
const fakes = new Fakes(prng(20260117));
const AWS_KEY = `AKIA${fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
const GITHUB_TOKEN = fakes.githubToken();
const GITHUB_TOKEN_2 = fakes.githubToken();
const JWT = fakes.jwt();
const KNOWN = "orchid-lantern-884-zq7";
const KNOWN_LATER = "Tq8-harbor-quill-5521";
const KNOWN_OTHER = "velvet-anchor-3307-kx";

const INPUT = {
  title: `rotate ${AWS_KEY} before the audit`,
  host: `${KNOWN}.build.internal`,
  user: GITHUB_TOKEN_2,
  cwd: `/home/ci/${GITHUB_TOKEN}/src`,
  correlation_id: JWT,
  external_id: `claude-${KNOWN_LATER}`,
  service: KNOWN,
};
const RAW = [AWS_KEY, GITHUB_TOKEN, GITHUB_TOKEN_2, JWT, KNOWN, KNOWN_LATER, KNOWN_OTHER];

const analyst: Viewer = { email: "analyst@flightlog.dev", name: null, roles: ["analyst"] };
const admin: Viewer = { email: "admin@flightlog.dev", name: null, roles: ["analyst", "approver", "admin"] };

/** Fails on a raw secret, or on any 8 characters in a row of one: no partial leak either. */
function expectMasked(output: unknown, where: string) {
  const text = typeof output === "string" ? output : JSON.stringify(output);
  for (const secret of RAW) {
    expect(text.includes(secret), `${where} holds ${secret}`).toBe(false);
    for (let i = 0; i + 8 <= secret.length; i++) {
      const run = secret.slice(i, i + 8);
      expect(text.includes(run), `${where} holds "${run}" of ${secret}`).toBe(false);
    }
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describeEachBackend("session metadata on every read path", (ctx) => {
  let token: string;
  let id: string;
  let otherId: string;
  const v1Answers: unknown[] = [];

  async function v1(handler: Parameters<typeof call>[0], method: string, options: Parameters<typeof call>[2]) {
    const res = await call(handler, method, { token, ...options });
    expect(res.status, res.text).toBeLessThan(300);
    v1Answers.push(res.json);
    return res.json;
  }

  beforeAll(async () => {
    ({ token } = await setUpAgent(ctx.database, "leaky-metadata"));
    id = (await v1(sessionsRoute.POST, "POST", { body: { ...INPUT, cols: 100, rows: 30, known_values: [KNOWN] } })).id;
    // Its output names the AWS key too, so the exposure trace finds this session.
    await v1(eventsRoute.POST, "POST", {
      params: { id },
      query: { seq: 1 },
      body: cast([[0.1, "o", "$ aws configure list\r\n"], [0.5, "o", `access_key ${AWS_KEY}\r\n`]]),
      contentType: "application/x-asciicast",
    });
    // Registered after the session was created: it masks the metadata recorded before it.
    await v1(knownValuesRoute.POST, "POST", { params: { id }, body: { values: [KNOWN_LATER] } });
    await v1(endRoute.POST, "POST", { params: { id } });
    await v1(verifyRoute.GET, "GET", { params: { id } });
    // A second session with a known value of its own, so the list's batched lookup has two to tell apart.
    otherId = (await v1(sessionsRoute.POST, "POST", { body: { title: `deploy ${KNOWN_OTHER}`, known_values: [KNOWN_OTHER] } })).id;
  });

  it("keeps the stored metadata as it was received", async () => {
    const [row] = await queryRows<Record<string, string>>(
      ctx.db,
      sql`select title, host, user_name as user, cwd, correlation_id, external_id, service from sessions where id = ${id}`,
    );
    expect(row).toEqual(INPUT);
  });

  it("masks the sessions list, each session under its own known values", async () => {
    const list = await listSessions(ctx.db, { viewer: analyst });
    expectMasked(list, "the sessions list");
    const mine = list.find((s) => s.id === id)!;
    expect(mine.title).toMatch(/^rotate \[aws-key:[0-9a-f]{4}\]\*+ before the audit$/);
    expect(mine.host).toMatch(/^\[known:[0-9a-f]{4}\]\*+\.build\.internal$/);
    expect(list.find((s) => s.id === otherId)!.title).toMatch(/^deploy \[known:[0-9a-f]{4}\]\*+$/);
  });

  it("masks the session page's metadata, with a known value registered after it", async () => {
    const detail = await viewSession(ctx.db, { viewer: analyst, id });
    expectMasked(detail, "the session view");
    expect(detail.external_id).toMatch(/^claude-\[known:[0-9a-f]{4}\]\*+$/);
    expect(detail.cwd).toMatch(/^\/home\/ci\/\[gh-token:[0-9a-f]{4}\]\*+\/src$/);
    expect(detail).toMatchObject({ id, cols: 100, rows: 30, agent: { name: "leaky-metadata" } });
  });

  it("masks the exports: asciicast and transcript headers, and the bundle unless it is unmasked", async () => {
    for (const format of ["asciicast", "text"]) {
      const file = await exportSession(ctx.db, { viewer: analyst, id, format });
      const text = await readAll(file.body);
      expectMasked(text, `the ${format} export`);
      expect(text).toContain("rotate [aws-key:");
    }
    const masked = await exportSessionBundle(ctx.db, { sessionId: id, unmasked: false });
    expectMasked(masked, "the masked bundle");
    expect(verifyBundle(JSON.parse(JSON.stringify(masked)), getSigningKey().publicKeyRaw)).toMatchObject({ status: "VALID" });
    // The metadata is outside the chain: an unmasked export carries it as received.
    const raw = await exportSessionBundle(ctx.db, { sessionId: id, unmasked: true });
    expect(raw.session).toMatchObject({ ...INPUT });
    expect(verifyBundle(JSON.parse(JSON.stringify(raw)), getSigningKey().publicKeyRaw)).toMatchObject({ status: "VALID" });
  });

  it("masks the sessions the exposure trace lists", async () => {
    const found = await findSecretAs(ctx.db, { viewer: analyst, query: AWS_KEY });
    expect(found.occurrences.map((o) => o.sessionId)).toContain(id);
    expectMasked(found.occurrences, "the exposure trace");
    expect(found.occurrences.find((o) => o.sessionId === id)).toMatchObject({ sessionTitle: expect.stringMatching(/^rotate \[aws-key:/), host: expect.stringMatching(/^\[known:/) });
  });

  it("leaks nothing through events, replay, search, the audit log or the v1 answers", async () => {
    const reads = [
      await readSessionEvents(ctx.db, { viewer: analyst, id }),
      await readAll(await openReplayStream(ctx.db, { viewer: analyst, id, request: { time: 0 } })),
      await searchSession(ctx.db, { viewer: analyst, id, query: "access_key" }),
      await listAudit(ctx.db, { viewer: admin }),
      v1Answers,
    ];
    expectMasked(reads, "the other reads");
  });
});
