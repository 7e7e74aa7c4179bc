import { index, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./chain-heads";

/**
 * Values a collector registered as secret for a session (e.g. from its environment), masked
 * exactly wherever they appear. Stored only encrypted (AES-256-GCM under a server key), with an
 * HMAC fingerprint for lookups; never in clear.
 */
export const sessionKnownValues = pgTable(
  "session_known_values",
  {
    id: uuid("id").primaryKey(),
    sessionId: uuid("session_id").notNull(),
    ciphertext: bytea("ciphertext").notNull(),
    fingerprint: bytea("fingerprint").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("session_known_values_session_idx").on(t.sessionId)],
);
