import { bigint, doublePrecision, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./chain-heads";

/** Chained session events. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE. */
export const events = pgTable(
  "events",
  {
    // No foreign key: a per-row check would cost a lookup and a row lock on every event. Appends
    // already hold the session's head row locked, and sessions are never deleted.
    sessionId: uuid("session_id").notNull(),
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
  // The primary key is the only index: appends stay cheap, and a session's events are read in seq order.
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] })],
);
