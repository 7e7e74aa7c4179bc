import { bigint, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Every verification run and its verdict; the console shows the latest per chain. */
export const chainVerifications = pgTable(
  "chain_verifications",
  {
    id: uuid("id").primaryKey(),
    chainId: uuid("chain_id").notNull(),
    status: text("status", { enum: ["VALID", "INVALID", "UNVERIFIABLE"] }).notNull(),
    verifiedThroughSeq: bigint("verified_through_seq", { mode: "number" }).notNull(),
    firstBadSeq: bigint("first_bad_seq", { mode: "number" }),
    reason: text("reason"),
    checkpointedThroughSeq: bigint("checkpointed_through_seq", { mode: "number" }).notNull().default(0),
    actor: text("actor").notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("chain_verifications_chain_idx").on(t.chainId, t.verifiedAt)],
);
