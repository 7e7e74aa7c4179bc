import { bigint, doublePrecision, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sessions } from "./sessions";
import { bytea } from "./chain-heads";

/** Chained session events. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE. */
export const events = pgTable(
  "events",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
    /** Seconds since the session started. */
    time: doublePrecision("time").notNull(),
    type: text("type").notNull(),
    /** The canonical JSON body, exactly the bytes that were hashed. */
    body: text("body").notNull(),
    bodyHash: bytea("body_hash").notNull(),
    prevHash: bytea("prev_hash").notNull(),
    entryHash: bytea("entry_hash").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] }), index("events_type_idx").on(t.sessionId, t.type)],
);
