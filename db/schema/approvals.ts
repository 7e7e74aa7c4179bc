import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";

/** A risky action held until humans decide. Expiry means deny. */
export const approvals = pgTable(
  "approvals",
  {
    id: uuid("id").primaryKey(),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id),
    sessionId: uuid("session_id"),
    kind: text("kind").notNull(),
    action: text("action").notNull(),
    request: jsonb("request"),
    ruleId: text("rule_id"),
    status: text("status", { enum: ["pending", "approved", "denied", "expired"] }).notNull().default("pending"),
    requiredApprovals: integer("required_approvals").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("approvals_status_idx").on(t.status, t.createdAt)],
);
