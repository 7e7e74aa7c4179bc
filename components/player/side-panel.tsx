"use client";
import { memo, useEffect, useRef, useState, type RefObject } from "react";
import type { OutlineEntry, SearchHit, SearchResult } from "@/lib/replay/replay-types";
import { formatClock } from "./format-clock";

const TYPE_NAMES: Record<string, string> = {
  command: "cmd",
  tool_call: "tool",
  tool_result: "result",
  query: "query",
  http: "http",
  marker: "marker",
  finding: "secret",
  approval: "approval",
  note: "note",
  exit: "exit",
};

interface SidePanelProps {
  sessionId: string;
  entries: OutlineEntry[];
  indexing: boolean;
  /** The terminal shows every event through this seq. */
  seq: number;
  searchInput: RefObject<HTMLInputElement | null>;
  onJump(entry: OutlineEntry): void;
  onHit(hit: SearchHit, query: string): void;
}

type Search = { query: string; state: "running" } | { query: string; state: "done"; result: SearchResult } | { query: string; state: "failed"; error: string };

/** Search inside the session, and the structured events with the one at the playhead marked. */
export function SidePanel({ sessionId, entries, indexing, seq, searchInput, onJump, onHit }: SidePanelProps) {
  const [search, setSearch] = useState<Search | null>(null);
  const abort = useRef<AbortController | null>(null);
  const run = async (query: string) => {
    abort.current?.abort();
    if (query.trim().length < 2) return setSearch(null);
    const controller = new AbortController();
    abort.current = controller;
    setSearch({ query, state: "running" });
    try {
      const res = await fetch(`/api/console/sessions/${sessionId}/replay/search?q=${encodeURIComponent(query)}`, { signal: controller.signal });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `the server answered ${res.status}`);
      setSearch({ query, state: "done", result: body as SearchResult });
    } catch (err) {
      if (!controller.signal.aborted) setSearch({ query, state: "failed", error: (err as Error).message });
    }
  };
  useEffect(() => () => abort.current?.abort(), []);

  return (
    <aside className="pl-side">
      <div className="pl-side-inner">
      <form
        className="pl-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void run(searchInput.current?.value ?? "");
        }}
      >
        <input ref={searchInput} type="search" name="q" placeholder="Search output and commands  ( / )" aria-label="Search in this session" data-testid="player-search" maxLength={200} />
        {search && (
          <button
            type="button"
            className="pl-clear"
            aria-label="Clear the search"
            onClick={() => {
              abort.current?.abort();
              setSearch(null);
              if (searchInput.current) searchInput.current.value = "";
            }}
          >
            ×
          </button>
        )}
      </form>
      {search ? <Hits search={search} onHit={onHit} /> : <Entries entries={entries} current={lastAtOrBefore(entries, seq)} indexing={indexing} onJump={onJump} />}
      </div>
    </aside>
  );
}

function Hits({ search, onHit }: { search: Search; onHit(hit: SearchHit, query: string): void }) {
  if (search.state === "running") return <p className="pl-note">Searching…</p>;
  if (search.state === "failed") return <p className="pl-note error-text">{search.error}</p>;
  const { hits, truncated } = search.result;
  return (
    <>
      <p className="pl-note" data-testid="player-search-count">
        {hits.length === 0 ? `No match for “${search.query}”` : `${hits.length}${truncated ? "+" : ""} ${hits.length === 1 ? "match" : "matches"}`}
      </p>
      <ol className="pl-list">
        {hits.map((h) => (
          <li key={`${h.seq}:${h.offset}:${h.match[0]}`}>
            <button type="button" data-testid="player-search-hit" data-seq={h.seq} onClick={() => onHit(h, search.query)}>
              <span className="t">{formatClock(h.time)}</span>
              <span className="kind" data-kind={h.type}>{TYPE_NAMES[h.type] ?? h.type}</span>
              <span className="label">
                {h.text.slice(0, h.match[0])}
                <mark>{h.text.slice(h.match[0], h.match[1])}</mark>
                {h.text.slice(h.match[1])}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}

// Memoized on the current entry, not the playhead: the list re-renders when the highlight moves.
const Entries = memo(function Entries({ entries, current, indexing, onJump }: { entries: OutlineEntry[]; current: number; indexing: boolean; onJump(entry: OutlineEntry): void }) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // Keep the current entry in view inside the panel, without scrolling the page.
    const box = list.current;
    const item = current >= 0 ? (box?.children[current] as HTMLElement | undefined) : undefined;
    if (!box || !item) return;
    if (item.offsetTop < box.scrollTop || item.offsetTop + item.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = item.offsetTop - box.clientHeight / 3;
    }
  }, [current]);
  if (entries.length === 0) return <p className="pl-note">{indexing ? "Indexing the session…" : "No commands, tool calls, markers or findings."}</p>;
  return (
    <ol className="pl-list" ref={list} data-testid="player-entries">
      {entries.map((e, i) => (
        <li key={`${e.seq}:${e.offset ?? ""}:${e.lane}:${e.label}`} className={i === current ? "current" : undefined} aria-current={i === current ? "step" : undefined}>
          <button type="button" data-testid="player-entry" data-seq={e.seq} onClick={() => onJump(e)} title={e.label}>
            <span className="t">{formatClock(e.time)}</span>
            <span className="kind" data-kind={e.lane}>{TYPE_NAMES[e.type] ?? e.type}</span>
            <span className="label">{e.label}</span>
          </button>
        </li>
      ))}
    </ol>
  );
});

/** Index of the last entry at or before `seq` (entries are in seq order), or -1. */
function lastAtOrBefore(entries: OutlineEntry[], seq: number): number {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
