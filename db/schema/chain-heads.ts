import { bigint, customType, doublePrecision, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * The head of every hash chain (sessions and the audit log). Appends lock this row, so a
 * chain grows one batch at a time while other chains proceed in parallel.
 */
export const chainHeads = pgTable("chain_heads", {
  chainId: uuid("chain_id").primaryKey(),
  kind: text("kind", { enum: ["session", "audit"] }).notNull(),
  seq: bigint("seq", { mode: "number" }).notNull().default(0),
  headHash: bytea("head_hash").notNull(),
  /** Time offset of the last event, so asciicast v3 intervals become absolute times. */
  lastTime: doublePrecision("last_time").notNull().default(0),
  /** The highest seq already written to the Merkle log. */
  loggedSeq: bigint("logged_seq", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp("closed_at", { withTimezone: true }),
});
