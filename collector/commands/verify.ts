import { readFileSync } from "node:fs";
import { getDb } from "@/db";
import { verifyBundle, publicKeyFromRaw, type VerifyResult } from "@/lib/chain";
import { createPublicKey } from "node:crypto";
import { verifyAndRecord } from "@/lib/evidence/verify-and-record";
import { AUDIT_CHAIN_ID } from "@/lib/audit/append-audit";
import { args, cliActor, CliError, type Io } from "../io";

const EXIT = { VALID: 0, INVALID: 1, UNVERIFIABLE: 2 } as const;

export async function verifyCommand(argv: string[], io: Io): Promise<number> {
  const { values } = args(
    argv,
    { session: { type: "string" }, audit: { type: "boolean" }, bundle: { type: "string" }, "public-key": { type: "string" }, json: { type: "boolean" } },
    false,
  );
  const chosen = [values.session, values.audit, values.bundle].filter((v) => v !== undefined && v !== false).length;
  if (chosen !== 1) throw new CliError("usage: flightlog verify --session ID | --audit | --bundle FILE [--public-key KEY] [--json]");

  let subject: string;
  let result: VerifyResult & { redacted_events?: number };
  if (values.bundle !== undefined) {
    subject = `bundle ${values.bundle}`;
    let bundle: unknown;
    try {
      bundle = JSON.parse(readFileSync(values.bundle === "-" ? 0 : values.bundle, "utf8"));
    } catch (err) {
      throw new CliError(`cannot read ${values.bundle}: ${(err as Error).message}`);
    }
    result = verifyBundle(bundle, values["public-key"] ? readPublicKey(values["public-key"]) : undefined);
  } else {
    const db = await getDb();
    const chain = values.audit ? { kind: "audit" as const, chainId: AUDIT_CHAIN_ID } : { kind: "session" as const, chainId: values.session as string };
    subject = values.audit ? "audit log" : `session ${chain.chainId}`;
    result = await verifyAndRecord(db, { chain, actor: cliActor(), audit: values.audit ? "audit.verify" : "session.verify" });
  }
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(`${describeResult(subject, result)}\n`);
  return EXIT[result.status];
}

export function describeResult(subject: string, r: VerifyResult & { redacted_events?: number }): string {
  const cp = r.checkpoint ? `checkpoint ${r.checkpoint.tree_size} signed ${new Date(r.checkpoint.timestamp).toISOString()} by key ${r.checkpoint.key_id}` : "no checkpoint yet";
  const redacted = r.redacted_events ? `; ${r.redacted_events} masked bodies proven through their hashes` : "";
  if (r.status === "VALID") {
    return `VALID ${subject}: verified through seq ${r.verified_through_seq}; ${cp} vouches through seq ${r.checkpointed_through_seq}${redacted}`;
  }
  if (r.status === "INVALID") {
    return `INVALID ${subject}: first bad seq ${r.first_bad_seq} (${r.reason}): ${r.detail}; verified through seq ${r.verified_through_seq}`;
  }
  return `UNVERIFIABLE ${subject}: ${r.reason}: ${r.detail}`;
}

/** A public key given as a PEM file, a file holding base64, or base64 of the raw 32 bytes. */
function readPublicKey(value: string): Uint8Array {
  let text = value;
  try {
    text = readFileSync(value, "utf8");
  } catch {
    // not a file: the value itself is the key
  }
  text = text.trim();
  try {
    if (text.startsWith("-----BEGIN")) {
      const jwk = createPublicKey(text).export({ format: "jwk" });
      return Buffer.from(jwk.x as string, "base64url");
    }
    const raw = Buffer.from(text, "base64");
    publicKeyFromRaw(raw);
    return raw;
  } catch {
    throw new CliError("--public-key must be an Ed25519 public key: a PEM file, or the raw 32 bytes in base64");
  }
}
