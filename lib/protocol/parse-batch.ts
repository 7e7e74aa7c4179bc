// Parses an append batch: asciicast v2/v3 lines or NDJSON normalized events. Pure: it knows
// nothing of the session, so asciicast times stay unresolved until the ingest knows the version.
import { z } from "zod";
import { AppError } from "@/lib/http/app-error";
import { formatZodError } from "@/lib/http/zod-message";
import { LIMITS } from "./limits";
import { eventSchema, type NormalizedEvent } from "./event.schema";
import { canonicalStringToken } from "@/lib/chain/canonical-json";

export const CONTENT_TYPES = { asciicast: "application/x-asciicast", ndjson: "application/x-ndjson" } as const;

export interface BatchEvent {
  event: NormalizedEvent;
  /**
   * absolute: event.time is set. cast: an asciicast time, absolute in v2 and an interval in v3.
   * inherit: no time was given; the previous event's time applies.
   */
  timing: "absolute" | "cast" | "inherit";
  castTime?: number;
  /** For output and input lines, the data's canonical JSON when the line already held it. */
  dataJson?: string;
}

export interface CastHeader {
  version: 2 | 3;
  cols?: number;
  rows?: number;
}

export interface ParsedBatch {
  format: keyof typeof CONTENT_TYPES;
  header: CastHeader | null;
  events: BatchEvent[];
}

/** A batch as the collector sent it, before parsing. */
export interface BatchText {
  text: string;
  format: keyof typeof CONTENT_TYPES;
}

export function batchFormat(contentType: string | null): keyof typeof CONTENT_TYPES {
  const mime = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (mime === CONTENT_TYPES.asciicast) return "asciicast";
  if (mime === CONTENT_TYPES.ndjson) return "ndjson";
  throw new AppError(
    "unsupported_media_type",
    `Content-Type must be ${CONTENT_TYPES.asciicast} or ${CONTENT_TYPES.ndjson}`,
  );
}

const castHeaderSchema = z.looseObject({
  version: z.union([z.literal(2), z.literal(3)]),
  width: z.number().int().min(1).max(10_000).optional(),
  height: z.number().int().min(1).max(10_000).optional(),
  term: z.looseObject({ cols: z.number().int().min(1).max(10_000).optional(), rows: z.number().int().min(1).max(10_000).optional() }).optional(),
});

export function parseBatch(text: string, format: keyof typeof CONTENT_TYPES): ParsedBatch {
  const events: BatchEvent[] = [];
  let header: CastHeader | null = null;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.length > LIMITS.maxLineBytes / 3 && Buffer.byteLength(line) > LIMITS.maxLineBytes) {
      throw new AppError("payload_too_large", `line ${lineNo} exceeds ${LIMITS.maxLineBytes} bytes`);
    }
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new AppError("bad_request", `line ${lineNo} is not valid JSON`);
    }
    if (format === "asciicast") {
      if (!Array.isArray(value)) {
        if (events.length > 0 || header) throw new AppError("bad_request", `line ${lineNo}: only the first line may be an asciicast header`);
        header = parseHeader(value, lineNo);
        continue;
      }
      events.push(parseCastLine(value, lineNo, line));
    } else {
      events.push(parseNdjsonLine(value, lineNo));
    }
    if (events.length > LIMITS.maxEventsPerBatch) {
      throw new AppError("payload_too_large", `a batch holds at most ${LIMITS.maxEventsPerBatch} events`);
    }
  }
  return { format, header, events };
}

function parseHeader(value: unknown, lineNo: number): CastHeader {
  const parsed = castHeaderSchema.safeParse(value);
  if (!parsed.success) throw new AppError("unprocessable", `line ${lineNo}: asciicast header: ${formatZodError(parsed.error)}`);
  const h = parsed.data;
  return { version: h.version, cols: h.term?.cols ?? h.width, rows: h.term?.rows ?? h.height };
}

function castLineError(lineNo: number, why: string) {
  return new AppError("unprocessable", `line ${lineNo}: ${why}`);
}

function parseCastLine(value: unknown[], lineNo: number, line: string): BatchEvent {
  if (value.length !== 3) throw castLineError(lineNo, "an asciicast event is [time, code, data]");
  const [t, code, data] = value;
  if (typeof t !== "number" || !(t >= 0) || t > LIMITS.maxTimeSeconds) throw castLineError(lineNo, "time must be a non-negative number of seconds");
  if (typeof data !== "string") throw castLineError(lineNo, "data must be a string");
  let event: NormalizedEvent;
  switch (code) {
    case "o":
      event = { type: "output", data };
      break;
    case "i":
      event = { type: "input", data };
      break;
    case "m":
      if (data.length > 1024) throw castLineError(lineNo, "a marker label is at most 1024 characters");
      event = { type: "marker", label: data };
      break;
    case "r": {
      const m = /^(\d{1,5})x(\d{1,5})$/.exec(data);
      const cols = Number(m?.[1]);
      const rows = Number(m?.[2]);
      if (!m || cols < 1 || rows < 1 || cols > 10_000 || rows > 10_000) throw castLineError(lineNo, 'resize data must be "COLSxROWS", each 1–10000');
      event = { type: "resize", cols, rows };
      break;
    }
    case "x": {
      if (!/^-?\d{1,10}$/.test(data)) throw castLineError(lineNo, "exit data must be an integer status");
      event = { type: "exit", code: Number(data) };
      break;
    }
    default:
      throw castLineError(lineNo, `unknown asciicast event code ${JSON.stringify(code)}`);
  }
  // Every field was checked above; the asciicast path skips the schema, as it is the hot path.
  if (event.type === "output" || event.type === "input") {
    const raw = dataToken(line);
    const dataJson = raw === null ? null : canonicalStringToken(raw, data);
    if (dataJson !== null) return { event, timing: "cast", castTime: t, dataJson };
  }
  return { event, timing: "cast", castTime: t };
}

/**
 * The JSON text of a valid asciicast event line's data, its last element, or null when the
 * line is not in the simple form `[time, "c", "data"]` (the code written without escapes).
 * Only numbers and whitespace precede the code's quote, and only whitespace and `]` follow
 * the data's closing quote.
 */
function dataToken(line: string): string | null {
  const codeQuote = line.indexOf('"');
  if (codeQuote < 0 || line.charCodeAt(codeQuote + 2) !== 0x22) return null;
  let start = codeQuote + 3;
  while (isJsonSpace(line.charCodeAt(start))) start++;
  if (line.charCodeAt(start++) !== 0x2c) return null;
  while (isJsonSpace(line.charCodeAt(start))) start++;
  let end = line.lastIndexOf("]") - 1;
  while (end > start && isJsonSpace(line.charCodeAt(end))) end--;
  if (line.charCodeAt(start) !== 0x22 || line.charCodeAt(end) !== 0x22 || end <= start) return null;
  return line.slice(start, end + 1);
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function parseNdjsonLine(value: unknown, lineNo: number): BatchEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("bad_request", `line ${lineNo}: an event must be a JSON object`);
  }
  const checked = eventSchema.safeParse(value);
  if (!checked.success) throw new AppError("unprocessable", `line ${lineNo}: ${formatZodError(checked.error)}`);
  const event = checked.data as NormalizedEvent;
  return { event, timing: event.time === undefined ? "inherit" : "absolute" };
}

/** Rounds a time offset to microseconds, the precision the chain keeps. */
export function roundTime(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}

/**
 * Gives every event its absolute time, in place. `previousTime` is the time of the event just
 * before the batch; asciicast v3 times are intervals since the previous event.
 */
export function resolveTimes(events: BatchEvent[], castVersion: 2 | 3, previousTime: number): NormalizedEvent[] {
  let prev = previousTime;
  return events.map((e) => {
    let t: number;
    if (e.timing === "absolute") t = e.event.time as number;
    else if (e.timing === "cast") t = castVersion === 3 ? prev + (e.castTime as number) : (e.castTime as number);
    else t = prev;
    t = roundTime(t);
    if (t > LIMITS.maxTimeSeconds) throw new AppError("unprocessable", "event time is out of range");
    prev = t;
    e.event.time = t;
    return e.event;
  });
}

/** The `seq` query parameter: the number of the batch's first event. */
export function parseSeqParam(value: string | null): number {
  if (value === null) throw new AppError("bad_request", "the seq query parameter is required");
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new AppError("bad_request", "seq must be an integer ≥ 1");
  }
  return Number(value);
}
