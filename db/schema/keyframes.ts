import { bigint, doublePrecision, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Cached terminal snapshots for instant seek: the serialized screen of the masked replay after
 * event `seq`. A cache, not evidence: rows may be rebuilt or deleted. `version` names the
 * keyframe format and masking rules that produced it.
 */
export const keyframes = pgTable(
  "keyframes",
  {
    sessionId: uuid("session_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    time: doublePrecision("time").notNull(),
    cols: integer("cols").notNull(),
    rows: integer("rows").notNull(),
    state: text("state").notNull(),
    version: text("version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] })],
);
