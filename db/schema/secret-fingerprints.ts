import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./chain-heads";

/** Where each detected secret appeared: an HMAC fingerprint, never the secret. Written with its event. */
export const secretFingerprints = pgTable(
  "secret_fingerprints",
  {
    sessionId: uuid("session_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    /** Offset of the secret in the event's data, in UTF-16 code units. */
    offset: integer("offset").notNull(),
    length: integer("length").notNull(),
    ruleId: text("rule_id").notNull(),
    fingerprint: bytea("fingerprint").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq, t.offset, t.ruleId] }), index("secret_fingerprints_fp_idx").on(t.fingerprint)],
);
