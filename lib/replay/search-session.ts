import "server-only";
import type { Queryable } from "@/db/client";
import { recordSessionRead } from "@/lib/audit/record-read";
import { actorOf, assertRole, type Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/http/app-error";
import { maskedEventPages, terminalData } from "./masked-events";
import { describeStructured, recordedTime } from "./outline-entries";
import { loadReplaySession } from "./replay-session";
import type { SearchHit, SearchResult } from "./replay-types";
import { LineAssembler, type TranscriptLine } from "./transcript";

export const SEARCH_LIMIT = 200;
export const QUERY_MAX = 200;
/** Characters of a long line shown before the match. */
const SNIPPET_BEFORE = 60;
const SNIPPET_MAX = 200;

/**
 * Finds `query` (case-insensitive) in a session's masked terminal lines and structured events.
 * Needs analyst. Only masked text is searched, so a search for a secret finds nothing: masking
 * makes no oracle. Output hits carry the event and the offset where their line ends, so the
 * player can stop exactly there with the line on screen.
 */
export async function searchSession(
  db: Queryable,
  params: { viewer: Viewer | null; id: string; query: string; signal?: AbortSignal },
): Promise<SearchResult> {
  assertRole(params.viewer, "analyst");
  const query = params.query.trim();
  if (query.length < 2 || query.length > QUERY_MAX) throw new AppError("bad_request", `a search needs 2 to ${QUERY_MAX} characters`);
  const session = await loadReplaySession(db, params.id);
  await recordSessionRead(db, { actor: actorOf(params.viewer), sessionId: session.id, via: "search" });
  const needle = query.toLowerCase();
  const hits: SearchHit[] = [];
  const match = (type: string, seq: number, offset: number | null, time: number, text: string) => {
    const at = text.toLowerCase().indexOf(needle);
    if (at !== -1) hits.push({ seq, offset, time, type, ...snippet(text, at, needle.length) });
  };
  const onOutput = (l: TranscriptLine) => match("output", l.endSeq, l.endOffset, l.endTime, l.text);
  const onInput = (l: TranscriptLine) => match("input", l.endSeq, null, l.endTime, l.text);
  const output = new LineAssembler();
  const input = new LineAssembler({ enterEndsLine: true });

  for await (const page of maskedEventPages(db, session.id, { seq: 0, time: 0 }, { pageSize: 2000 })) {
    for (const e of page) {
      const data = terminalData(e);
      if (data === null) {
        if (e.type !== "resize") match(e.type, e.seq, null, recordedTime(e), describeStructured(e).replace(/\s+/g, " ").trim());
      } else if (e.type === "output") output.push(e.seq, e.time, data, onOutput);
      else input.push(e.seq, e.time, data, onInput);
    }
    if (hits.length > SEARCH_LIMIT || params.signal?.aborted) break;
  }
  output.end(onOutput);
  input.end(onInput);
  hits.sort((a, b) => a.seq - b.seq || (a.offset ?? 0) - (b.offset ?? 0));
  return { hits: hits.slice(0, SEARCH_LIMIT), truncated: hits.length > SEARCH_LIMIT };
}

function snippet(text: string, at: number, length: number): { text: string; match: [number, number] } {
  const from = at > SNIPPET_BEFORE ? at - SNIPPET_BEFORE : 0;
  const prefix = from > 0 ? "…" : "";
  const shown = prefix + text.slice(from, from + SNIPPET_MAX);
  const start = at - from + prefix.length;
  return { text: shown, match: [start, Math.min(start + length, shown.length)] };
}
