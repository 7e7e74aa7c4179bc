// The outline of a session: its structured moments (commands, tool calls, markers, secret
// findings), derived from masked events only. Pure, so the keyframe builder, the outline and
// the tests share it.
import { stripAnsi } from "@/lib/redact";
import { MIN_IDLE_GAP, type Gap, type Lane, type OutlineEntry, type ReplayEvent } from "./replay-types";

const LANES: Record<string, Lane> = {
  command: "command",
  tool_call: "command",
  query: "command",
  http: "command",
  marker: "marker",
  tool_result: "event",
  note: "event",
  exit: "event",
};

/** Longest label kept in the outline; the event list and exports carry the whole event. */
export const LABEL_MAX = 240;

/**
 * A mask left by the redactor: `[rule:fp4]` or `[rule]`, padded with `*` to the secret's width
 * (lib/redact/mask.ts). A label alone, or a bracketed word followed by padding, is a finding.
 * Masks too narrow for a label (only asterisks) cannot be told from output and are missed
 * here; the fingerprint index names those.
 */
const MASK = /\[([a-z][a-z0-9-]{0,31})(?::([0-9a-f]{4}))?\](\**)/g;

/** One line of text for a structured event, already masked: its label in the outline. */
export function summarize(e: ReplayEvent): string {
  // A tool call is named by what it did: its command or path, not its whole input.
  const text = e.type === "tool_call" ? stripAnsi(`${str(e.body.tool)}(${toolInput(e.body.input)})`) : describeStructured(e);
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > LABEL_MAX ? `${flat.slice(0, LABEL_MAX - 1)}…` : flat;
}

/** The whole text of a structured event (masked, escape codes removed), line breaks kept. */
export function describeStructured(e: ReplayEvent): string {
  const b = e.body;
  let text: string;
  switch (e.type) {
    case "command":
      text = `$ ${str(b.command)}${b.exit_code !== undefined ? `  → exit ${str(b.exit_code)}` : ""}`;
      break;
    case "tool_call":
      text = `${str(b.tool)}${b.input === undefined ? "" : ` ${JSON.stringify(b.input)}`}`;
      break;
    case "tool_result":
      text = `${b.tool !== undefined ? `${str(b.tool)} ` : ""}${b.is_error ? "error" : "result"}: ${typeof b.output === "string" ? b.output : JSON.stringify(b.output ?? null)}`;
      break;
    case "query":
      text = str(b.query);
      break;
    case "http":
      text = `${str(b.method)} ${str(b.url)}${b.status !== undefined ? ` → ${str(b.status)}` : ""}`;
      break;
    case "marker":
      text = str(b.label);
      break;
    case "note":
      text = str(b.text);
      break;
    case "exit":
      text = `exit ${str(b.code)}`;
      break;
    default:
      text = JSON.stringify(b);
  }
  return stripAnsi(text);
}

/** The outline entries of one masked event: its own entry, or the findings in its data. */
export function outlineEntries(e: ReplayEvent): OutlineEntry[] {
  const lane = LANES[e.type];
  // A structured event sits on the timeline when it happened, even if it was sent late.
  if (lane) return [{ seq: e.seq, time: recordedTime(e), lane, type: e.type, label: summarize(e) }];
  if ((e.type !== "output" && e.type !== "input") || typeof e.body.data !== "string") return [];
  const data = e.body.data;
  const found: OutlineEntry[] = [];
  for (const m of data.matchAll(MASK)) {
    if (m[2] === undefined && m[3] === "") continue;
    const entry: OutlineEntry = { seq: e.seq, time: e.time, lane: "finding", type: "finding", label: m[2] ? `${m[1]}:${m[2]}` : m[1] };
    // Only output reaches the screen: a jump there stops after the line with the mask.
    if (e.type === "output") entry.offset = lineEnd(data, m.index + m[0].length);
    found.push(entry);
  }
  return found;
}

/** When the collector says the event happened; the replay time if it does not say. */
export function recordedTime(e: ReplayEvent): number {
  return typeof e.body.time === "number" ? e.body.time : e.time;
}

/** The offset just after the line break that ends the line containing `from`, or the data's end. */
export function lineEnd(data: string, from: number): number {
  const nl = data.indexOf("\n", from);
  return nl === -1 ? data.length : nl + 1;
}

function toolInput(input: unknown): string {
  if (input === undefined) return "";
  if (input && typeof input === "object" && !Array.isArray(input)) {
    const o = input as Record<string, unknown>;
    // Agents' shell and file tools: the command or path says what the call did.
    for (const key of ["command", "file_path", "path", "url", "query", "pattern"]) if (typeof o[key] === "string") return o[key] as string;
  }
  return JSON.stringify(input);
}

function str(v: unknown): string {
  return typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v);
}

/**
 * Collects the outline of a run of consecutive events: their entries, and the idle gaps
 * between them (the first measured from `previousTime`, the replay time before the run).
 */
export class OutlineSpan {
  entries: OutlineEntry[] = [];
  gaps: Gap[] = [];

  constructor(private previousTime: number) {}

  add(e: ReplayEvent): void {
    if (e.time - this.previousTime >= MIN_IDLE_GAP) this.gaps.push([this.previousTime, e.time - this.previousTime]);
    this.previousTime = e.time;
    for (const entry of outlineEntries(e)) this.entries.push(entry);
  }

  /** The span so far; the next one starts empty. */
  take(): { entries: OutlineEntry[]; gaps: Gap[] } {
    const span = { entries: this.entries, gaps: this.gaps };
    this.entries = [];
    this.gaps = [];
    return span;
  }
}
