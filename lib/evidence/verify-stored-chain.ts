import "server-only";
import type { Queryable } from "@/db/client";
import { chainPages, readHead } from "@/db/queries/chain";
import { ChainVerifier, type SigningKey, type VerifyResult } from "@/lib/chain";
import { AppError } from "@/lib/http/app-error";
import { loadAnchors } from "./anchors";

const PAGE = 5000;

/**
 * Verifies a stored chain link by link, then against its stored head and the latest signed
 * checkpoint. `key` is the checkpoint signer (only its public half is used).
 */
export async function verifyStoredChain(
  db: Queryable,
  params: { chain: { kind: "session" | "audit"; chainId: string }; key: Pick<SigningKey, "publicKeyRaw" | "keyId"> | null },
): Promise<VerifyResult> {
  const { chain } = params;
  const head = await readHead(db, chain.chainId);
  if (!head && chain.kind === "session") throw new AppError("not_found", "no such session");
  const { checkpoint, anchors } = await loadAnchors(db, chain.chainId);
  const verifier = new ChainVerifier(chain.chainId, { anchorSeqs: anchors.map((a) => a.seq) });
  pages: for await (const page of chainPages(db, chain, PAGE)) {
    for (const entry of page) if (!verifier.push(entry)) break pages;
  }
  return verifier.finish({
    head: head ? { seq: head.seq, hash: head.headHash } : null,
    checkpoint,
    anchors,
    publicKey: params.key ? { raw: params.key.publicKeyRaw, keyId: params.key.keyId } : null,
  });
}
