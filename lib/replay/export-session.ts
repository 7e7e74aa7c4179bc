import "server-only";
import { describeError } from "@/lib/http/log-error";
import type { Queryable } from "@/db/client";
import { appendAudit } from "@/lib/audit/append-audit";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/http/app-error";
import { maskedSessionMetadata } from "@/lib/sessions/mask-metadata";
import { maskedEventPages, terminalData } from "./masked-events";
import { describeStructured, recordedTime } from "./outline-entries";
import { loadReplaySession, type ReplaySession } from "./replay-session";
import { EXPORT_FORMATS, type ExportFormat, type ReplayEvent } from "./replay-types";
import { formatReplayTime, LineAssembler, type TranscriptLine } from "./transcript";

export interface SessionExport {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * A session as a file: asciicast v2 (plays in asciinema and in this console) or a plain-text
 * transcript to grep. Needs analyst. Both are built from masked events and a masked title only;
 * the export is recorded in the audit log before any of it is read.
 */
export async function exportSession(db: Queryable, params: { viewer: Viewer | null; id: string; format: string }): Promise<SessionExport> {
  assertRole(params.viewer, "analyst");
  const viewer = params.viewer;
  const format = params.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new AppError("bad_request", `format must be one of ${EXPORT_FORMATS.join(", ")}`);
  const session = await db.transaction(async (tx) => {
    const found = await loadReplaySession(tx, params.id);
    const meta = await maskedSessionMetadata(tx, found.id);
    await appendAudit(tx, { actor: actorOf(viewer), action: "session.export", targetType: "session", targetId: found.id, details: { format } });
    return { ...found, title: meta?.title ?? null };
  });
  const base = `flightlog-${session.id.slice(0, 8)}`;
  return format === "asciicast"
    ? { filename: `${base}.cast`, contentType: "application/x-asciicast", body: pagesToStream(db, session, asciicastWriter(session)) }
    : { filename: `${base}.txt`, contentType: "text/plain; charset=utf-8", body: pagesToStream(db, session, transcriptWriter(session)) };
}

/** The session as an export's header shows it: its title masked. */
type ExportedSession = ReplaySession & { title: string | null };

interface Writer {
  header: string;
  /** Text for a page of events. */
  page(events: ReplayEvent[]): string;
  /** Text after the last page. */
  end(): string;
}

function pagesToStream(db: Queryable, session: ReplaySession, writer: Writer): ReadableStream<Uint8Array> {
  const pages = maskedEventPages(db, session.id, { seq: 0, time: 0 }, { pageSize: 2000 });
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(writer.header));
    },
    async pull(controller) {
      try {
        const next = await pages.next();
        if (next.done) {
          controller.enqueue(encoder.encode(writer.end()));
          controller.close();
        } else {
          controller.enqueue(encoder.encode(writer.page(next.value)));
        }
      } catch (err) {
        console.error(`flightlog: export of session ${session.id} failed: ${describeError(err)}`);
        controller.error(new Error("the export failed"));
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

/** Event codes of asciicast v2. Structured events have none: they are in the transcript. */
const CAST_CODES: Record<string, string> = { output: "o", input: "i", resize: "r", marker: "m" };

function asciicastWriter(session: ExportedSession): Writer {
  const header = {
    version: 2,
    width: session.cols,
    height: session.rows,
    timestamp: Math.floor(session.startedAt.getTime() / 1000),
    ...(session.title ? { title: session.title } : {}),
  };
  return {
    header: JSON.stringify(header) + "\n",
    page(events) {
      let out = "";
      for (const e of events) {
        const code = CAST_CODES[e.type];
        if (!code) continue;
        const data = e.type === "resize" ? `${e.body.cols}x${e.body.rows}` : e.type === "marker" ? String(e.body.label ?? "") : (terminalData(e) ?? "");
        out += `${JSON.stringify([Math.round(e.time * 1e6) / 1e6, code, data])}\n`;
      }
      return out;
    },
    end: () => "",
  };
}

function transcriptWriter(session: ExportedSession): Writer {
  const output = new LineAssembler();
  const input = new LineAssembler({ enterEndsLine: true });
  let out = "";
  const stamp = (t: number) => `[${formatReplayTime(t)}] `;
  const onOutput = (l: TranscriptLine) => (out += `${stamp(l.time)}${l.text}\n`);
  const onInput = (l: TranscriptLine) => (out += `${stamp(l.time)}(input) ${l.text}\n`);
  return {
    header: [
      `# Flightlog transcript of session ${session.id}${session.title ? `: ${session.title}` : ""}`,
      `# Started ${session.startedAt.toISOString().replace("T", " ").slice(0, 19)} UTC; times are since the start.`,
      "# Secrets are masked ([rule:fingerprint]***); terminal escape codes are removed.",
      "",
      "",
    ].join("\n"),
    page(events) {
      out = "";
      for (const e of events) {
        const data = terminalData(e);
        if (e.type === "output" && data !== null) output.push(e.seq, e.time, data, onOutput);
        else if (e.type === "input" && data !== null) input.push(e.seq, e.time, data, onInput);
        else if (e.type !== "resize") {
          // Continuation lines line up under the first one's text.
          const [first, ...rest] = describeStructured(e).split(/\r?\n/);
          const prefix = `${stamp(recordedTime(e))}(${e.type}) `;
          out += `${prefix}${first}\n${rest.map((l) => `${" ".repeat(prefix.length)}${l}\n`).join("")}`;
        }
      }
      return out;
    },
    end() {
      out = "";
      output.end(onOutput);
      input.end(onInput);
      return out;
    },
  };
}
