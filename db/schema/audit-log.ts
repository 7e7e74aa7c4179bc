import { bigint, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { bytea } from "./chain-heads";

/** What humans did: one hash chain of its own, covered by the checkpoints. Append-only. */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    body: text("body").notNull(),
    bodyHash: bytea("body_hash").notNull(),
    prevHash: bytea("prev_hash").notNull(),
    entryHash: bytea("entry_hash").notNull(),
  },
  (t) => [index("audit_log_action_idx").on(t.action, t.seq)],
);
