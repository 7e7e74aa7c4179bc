// The rule set's version names its behaviour: kept masked views (keyframes) are rebuilt when it
// changes. This test digests what the whole corpus masks to, and fails when that changes while
// the version stays: bump RULESET_VERSION, then record the digest with
// UPDATE_RULESET_DIGEST=1 npx vitest run lib/redact/ruleset-version.test.ts
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCorpus } from "./corpus";
import { redactItem } from "./evaluate";
import { RULESET_VERSION } from "./rules";

const RECORD = fileURLToPath(new URL("./ruleset-version.json", import.meta.url));

function corpusDigest(): string {
  const hash = createHash("sha256");
  for (const item of buildCorpus()) {
    const r = redactItem(item);
    hash.update(JSON.stringify([item.id, r.output, r.input, r.findings.map((f) => [f.stream, f.ruleId, f.start, f.end, f.encoding ?? null, f.ranges ?? null])]));
  }
  return hash.digest("hex");
}

describe("rule-set version", () => {
  it("changes whenever what the corpus masks to changes", () => {
    const digest = corpusDigest();
    if (process.env.UPDATE_RULESET_DIGEST) writeFileSync(RECORD, `${JSON.stringify({ version: RULESET_VERSION, digest }, null, 2)}\n`);
    const recorded = JSON.parse(readFileSync(RECORD, "utf8")) as { version: string; digest: string };
    if (recorded.version === RULESET_VERSION) {
      expect(digest, "masking changed: bump RULESET_VERSION and record the digest (see the header)").toBe(recorded.digest);
    } else {
      expect.fail(`RULESET_VERSION is ${RULESET_VERSION} but the recorded digest is for ${recorded.version}: record it (see the header)`);
    }
  }, 60_000);
});
