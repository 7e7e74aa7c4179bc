import { describe, expect, it } from "vitest";
import { getTableColumns } from "drizzle-orm";
import { sessions } from "@/db/schema";
import { createSessionSchema } from "@/lib/protocol/session.schema";
import { Fakes, prng } from "@/lib/redact/corpus";
import { maskSessionFields, SESSION_TEXT_FIELDS } from "./mask-metadata";

const fakes = new Fakes(prng(41));
const AWS_KEY = fakes.awsKeyId();
const GITHUB_TOKEN = fakes.githubToken();
const KNOWN = "orchid-lantern-884-zq7";

describe("maskSessionFields", () => {
  // A text field added to the protocol or the table must be masked too, not only the ones that
  // were there when the masking was written.
  it("covers every text field of the protocol and every text column of the table", () => {
    const protocol = Object.entries(createSessionSchema.shape)
      .filter(([key, schema]) => key !== "known_values" && schema.unwrap().def.type === "string")
      .map(([key]) => key);
    const columns = Object.values(getTableColumns(sessions))
      .filter((c) => c.columnType === "PgText")
      .map((c) => (c.name === "user_name" ? "user" : c.name));
    for (const field of [...protocol, ...columns]) expect(SESSION_TEXT_FIELDS).toContain(field);
  });

  it("masks secrets and known values in each text field, and nothing else", () => {
    const started = new Date("2026-01-02T03:04:05Z");
    const fields = {
      id: "0f8a3c52-7d1e-4b6a-9c3f-2e5d8a1b4c70",
      title: `deploy with ${AWS_KEY}`,
      host: `runner-${KNOWN}`,
      user: "ci",
      cwd: `/home/ci/${GITHUB_TOKEN}/src`,
      correlation_id: GITHUB_TOKEN,
      external_id: null,
      service: "shell",
      cols: 80,
      started_at: started,
      agent: { name: `agent ${AWS_KEY}` },
    };
    const copy = structuredClone(fields);
    const masked = maskSessionFields(fields, { knownValues: [KNOWN] });
    const text = JSON.stringify([masked.title, masked.host, masked.cwd, masked.correlation_id]);
    for (const secret of [AWS_KEY, GITHUB_TOKEN, KNOWN]) expect(text).not.toContain(secret);
    expect(masked.title).toMatch(/^deploy with \[aws-key:[0-9a-f]{4}\]\*+$/);
    expect(masked.host).toMatch(/^runner-\[known:[0-9a-f]{4}\]\*+$/);
    expect(masked.cwd).toMatch(/^\/home\/ci\/\[gh-token:[0-9a-f]{4}\]\*+\/src$/);
    expect(masked).toMatchObject({ id: fields.id, user: "ci", external_id: null, service: "shell", cols: 80, started_at: started });
    // Only the session's own text: the agent is named by an admin, not by the collector.
    expect(masked.agent).toBe(fields.agent);
    expect(fields).toEqual(copy);
  });
});
