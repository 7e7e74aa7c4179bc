import { pgTable, text, timestamp, uuid, uniqueIndex } from "drizzle-orm/pg-core";

/** Non-human identities. `token` agents use Flightlog ingest tokens; `jwt` agents are iss + sub from a trusted issuer. */
export const agents = pgTable(
  "agents",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["token", "jwt"] }).notNull(),
    issuer: text("issuer"),
    subject: text("subject"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("agents_name_key").on(t.name), uniqueIndex("agents_issuer_subject_key").on(t.issuer, t.subject)],
);
