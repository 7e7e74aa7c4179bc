import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { approvals } from "./approvals";

/** One approver's decision; quorum and four-eyes rules count these. */
export const approvalDecisions = pgTable(
  "approval_decisions",
  {
    approvalId: uuid("approval_id")
      .notNull()
      .references(() => approvals.id),
    approver: text("approver").notNull(),
    decision: text("decision", { enum: ["approve", "deny"] }).notNull(),
    reason: text("reason"),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.approvalId, t.approver] })],
);
