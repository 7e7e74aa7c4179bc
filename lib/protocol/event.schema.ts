import { z } from "zod";
import { LIMITS } from "./limits";

// Normalized events: the JSON objects that are canonicalized and chained. asciicast lines are
// converted to these; NDJSON batches send them directly.

const time = z.number().min(0).max(LIMITS.maxTimeSeconds);
const base = { time: time.optional() };
const data = z.string();

export const EVENT_TYPES = [
  "output",
  "input",
  "resize",
  "marker",
  "exit",
  "command",
  "tool_call",
  "tool_result",
  "query",
  "http",
  "note",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];


export const eventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("output"), ...base, data }).strict(),
  z.object({ type: z.literal("input"), ...base, data }).strict(),
  z.object({ type: z.literal("resize"), ...base, cols: z.number().int().min(1).max(10_000), rows: z.number().int().min(1).max(10_000) }).strict(),
  z.object({ type: z.literal("marker"), ...base, label: z.string().max(1024) }).strict(),
  z.object({ type: z.literal("exit"), ...base, code: z.number().int() }).strict(),
  z.object({ type: z.literal("command"), ...base, command: z.string().min(1), cwd: z.string().optional(), exit_code: z.number().int().optional(), duration_ms: z.number().min(0).optional() }).passthrough(),
  z.object({ type: z.literal("tool_call"), ...base, tool: z.string().min(1).max(256), call_id: z.string().max(256).optional(), input: z.unknown().optional() }).passthrough(),
  z.object({ type: z.literal("tool_result"), ...base, tool: z.string().max(256).optional(), call_id: z.string().max(256).optional(), output: z.unknown().optional(), is_error: z.boolean().optional() }).passthrough(),
  z.object({ type: z.literal("query"), ...base, query: z.string().min(1), database: z.string().optional(), rows: z.number().int().min(0).optional() }).passthrough(),
  z.object({ type: z.literal("http"), ...base, method: z.string().min(1).max(16), url: z.string().min(1), status: z.number().int().optional() }).passthrough(),
  z.object({ type: z.literal("note"), ...base, text: z.string() }).passthrough(),
]);

export type NormalizedEvent = z.infer<typeof eventSchema> & Record<string, unknown>;

/** An event as parsed from a batch: its time may still be relative to the previous event. */
export interface ParsedEvent {
  event: NormalizedEvent;
  /** "absolute": event.time is set; "interval": seconds since the previous event (asciicast v3); "inherit": no time given. */
  timing: "absolute" | "interval" | "inherit";
  interval?: number;
}
