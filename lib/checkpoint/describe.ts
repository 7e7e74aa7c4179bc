import "server-only";
import type { Queryable } from "@/db/client";
import { checkpointNote, publicKeyToPem } from "@/lib/chain";
import { AppError } from "@/lib/http/app-error";
import { latestCheckpoint } from "./checkpointer";
import { getSigningKey } from "./signing-key";

export async function describeLatestCheckpoint(db: Queryable) {
  const cp = await latestCheckpoint(db);
  if (!cp) throw new AppError("not_found", "no checkpoint has been signed yet");
  return {
    origin: cp.origin,
    tree_size: cp.treeSize,
    root_hash: cp.rootHash.toString("hex"),
    timestamp: cp.timestamp,
    key_id: cp.keyId,
    signature: cp.signature.toString("base64"),
    note: checkpointNote(cp),
  };
}

export function describePublicKey() {
  const key = getSigningKey();
  return { algorithm: "Ed25519", key_id: key.keyId, raw: key.publicKeyRaw.toString("base64"), pem: publicKeyToPem(key.publicKeyRaw) };
}
