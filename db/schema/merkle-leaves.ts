import { bigint, index, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./chain-heads";

/** The global RFC 6962 log: one leaf per chain head that a checkpoint covers. Append-only. */
export const merkleLeaves = pgTable(
  "merkle_leaves",
  {
    idx: bigint("idx", { mode: "number" }).primaryKey(),
    chainId: uuid("chain_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    headHash: bytea("head_hash").notNull(),
    leafHash: bytea("leaf_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("merkle_leaves_chain_idx").on(t.chainId, t.idx)],
);
