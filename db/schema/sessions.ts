import { boolean, index, integer, pgTable, text, timestamp, uuid, uniqueIndex } from "drizzle-orm/pg-core";
import { agents } from "./agents";

/** A recorded session: one terminal, tool-call stream or service connection of one agent. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id),
    externalId: text("external_id"),
    service: text("service"),
    host: text("host"),
    userName: text("user_name"),
    cwd: text("cwd"),
    title: text("title"),
    correlationId: text("correlation_id"),
    cols: integer("cols"),
    rows: integer("rows"),
    /** asciicast version of the stream (2 or 3), from a header line or the content type. */
    castVersion: integer("cast_version").notNull().default(2),
    demo: boolean("demo").notNull().default(false),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("sessions_agent_external_key").on(t.agentId, t.externalId),
    index("sessions_started_idx").on(t.startedAt),
    index("sessions_correlation_idx").on(t.correlationId),
  ],
);
