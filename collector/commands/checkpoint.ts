import { getDb } from "@/db";
import { env } from "@/lib/env";
import { createCheckpoint, latestCheckpoint } from "@/lib/checkpoint/checkpointer";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import type { Io } from "../io";

export async function checkpointCommand(_argv: string[], io: Io): Promise<number> {
  const db = await getDb();
  const made = await createCheckpoint(db, { key: getSigningKey(), origin: env().FLIGHTLOG_CHECKPOINT_ORIGIN });
  const cp = made ?? (await latestCheckpoint(db));
  if (!cp) io.stdout.write("nothing to checkpoint: no chain has moved\n");
  else io.stdout.write(`${made ? "signed" : "unchanged:"} checkpoint ${cp.treeSize} root ${cp.rootHash.toString("hex")}\n`);
  return 0;
}
