// Evidence bundles: everything needed to verify one chain offline, with no database.
// docs/chain-format.md specifies the format.
import { ChainVerifier, type Anchor, type SignedCheckpoint, type VerifyResult } from "./verify";
import { keyIdOf } from "./checkpoint";

export const BUNDLE_FORMAT = "flightlog-evidence/v1";

export interface BundleEvent {
  seq: number;
  /** The canonical body. When `redacted` is set it is a masked copy, and only body_hash binds the original. */
  body: string;
  body_hash: string;
  prev_hash: string;
  entry_hash: string;
  redacted?: boolean;
}

export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT;
  exported_at: string;
  chain: { kind: "session" | "audit"; id: string };
  session?: Record<string, unknown>;
  events: BundleEvent[];
  head: { seq: number; hash: string };
  checkpoint: {
    origin: string;
    tree_size: number;
    root_hash: string;
    timestamp: number;
    key_id: string;
    signature: string;
  } | null;
  anchors: { leaf_index: number; seq: number; head_hash: string; proof: string[] }[];
  public_key: { algorithm: "Ed25519"; key_id: string; raw: string } | null;
}

const HEX32 = /^[0-9a-f]{64}$/;

function malformed(detail: string): VerifyResult {
  return { status: "UNVERIFIABLE", verified_through_seq: 0, first_bad_seq: null, reason: "MALFORMED", detail, checkpointed_through_seq: 0, checkpoint: null };
}

function hex(value: unknown, what: string): Buffer {
  if (typeof value !== "string" || !HEX32.test(value)) throw new Error(`${what} must be 64 lowercase hex digits`);
  return Buffer.from(value, "hex");
}

function seqOf(value: unknown, what: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Error(`${what} must be a non-negative integer`);
  return value as number;
}

/**
 * Verifies a bundle. `trustedKey` pins the signer's public key (raw, 32 bytes); without it the
 * key inside the bundle is used, which proves integrity but not who signed.
 */
export function verifyBundle(input: unknown, trustedKey?: Uint8Array): VerifyResult & { redacted_events: number } {
  let parsed: ReturnType<typeof readBundle>;
  try {
    parsed = readBundle(input);
  } catch (err) {
    return { ...malformed((err as Error).message), redacted_events: 0 };
  }
  const { bundle, checkpoint, anchors } = parsed;
  const verifier = new ChainVerifier(bundle.chain.id, { anchorSeqs: anchors.map((a) => a.seq) });
  let redacted = 0;
  for (const e of bundle.events) {
    const entry = {
      seq: e.seq,
      body: e.body,
      bodyHash: hex(e.body_hash, "body_hash"),
      prevHash: hex(e.prev_hash, "prev_hash"),
      entryHash: hex(e.entry_hash, "entry_hash"),
    };
    if (e.redacted) redacted++;
    const ok = e.redacted ? verifier.pushRedacted(entry) : verifier.push(entry);
    if (!ok) break;
  }
  const keyRaw = trustedKey ?? (bundle.public_key ? Buffer.from(bundle.public_key.raw, "base64") : null);
  const result = verifier.finish({
    head: { seq: bundle.head.seq, hash: hex(bundle.head.hash, "head.hash") },
    checkpoint,
    anchors,
    publicKey: keyRaw && keyRaw.length === 32 ? { raw: keyRaw, keyId: keyIdOf(keyRaw) } : null,
  });
  return { ...result, redacted_events: redacted };
}

function readBundle(input: unknown) {
  if (typeof input !== "object" || input === null) throw new Error("a bundle is a JSON object");
  const b = input as EvidenceBundle;
  if (b.format !== BUNDLE_FORMAT) throw new Error(`format must be ${BUNDLE_FORMAT}`);
  if (!b.chain || typeof b.chain.id !== "string") throw new Error("chain.id is missing");
  if (!Array.isArray(b.events)) throw new Error("events must be a list");
  for (const e of b.events) {
    seqOf(e?.seq, "events[].seq");
    if (typeof e.body !== "string") throw new Error(`events[seq ${e.seq}].body must be a string`);
    for (const f of ["body_hash", "prev_hash", "entry_hash"] as const) hex(e[f], `events[seq ${e.seq}].${f}`);
  }
  if (!b.head) throw new Error("head is missing");
  seqOf(b.head.seq, "head.seq");
  hex(b.head.hash, "head.hash");
  let checkpoint: SignedCheckpoint | null = null;
  const anchors: Anchor[] = [];
  if (b.checkpoint) {
    const c = b.checkpoint;
    if (typeof c.origin !== "string" || typeof c.key_id !== "string" || typeof c.signature !== "string") throw new Error("checkpoint is incomplete");
    checkpoint = {
      origin: c.origin,
      treeSize: seqOf(c.tree_size, "checkpoint.tree_size"),
      rootHash: hex(c.root_hash, "checkpoint.root_hash"),
      timestamp: seqOf(c.timestamp, "checkpoint.timestamp"),
      keyId: c.key_id,
      signature: Buffer.from(c.signature, "base64"),
    };
    for (const a of b.anchors ?? []) {
      if (!Array.isArray(a.proof)) throw new Error("anchors[].proof must be a list");
      anchors.push({
        leafIndex: seqOf(a.leaf_index, "anchors[].leaf_index"),
        seq: seqOf(a.seq, "anchors[].seq"),
        headHash: hex(a.head_hash, "anchors[].head_hash"),
        proof: a.proof.map((p) => hex(p, "anchors[].proof[]")),
      });
    }
  }
  return { bundle: b, checkpoint, anchors };
}
