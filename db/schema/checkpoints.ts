import { bigint, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { bytea } from "./chain-heads";

/**
 * Signed checkpoints over the Merkle log. Append-only. The same tree is signed again with a
 * later timestamp while sessions stay open and idle, so a checkpoint's age shows the log is live.
 */
export const checkpoints = pgTable(
  "checkpoints",
  {
    treeSize: bigint("tree_size", { mode: "number" }).notNull(),
    rootHash: bytea("root_hash").notNull(),
    origin: text("origin").notNull(),
    /** Milliseconds since the epoch, as signed. */
    timestamp: bigint("timestamp", { mode: "number" }).notNull(),
    keyId: text("key_id").notNull(),
    signature: bytea("signature").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.treeSize, t.timestamp] })],
);
