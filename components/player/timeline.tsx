"use client";
import { memo, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import type { Lane, OutlineEntry } from "@/lib/replay/replay-types";
import { formatClock, formatSpan } from "./format-clock";
import type { TimelineScale } from "./timeline-scale";

const LANES: { lane: Lane; name: string }[] = [
  { lane: "command", name: "Commands" },
  { lane: "marker", name: "Markers" },
  { lane: "finding", name: "Findings" },
  { lane: "approval", name: "Approvals" },
];

/** Ticks closer than this (a fraction of the width) share one mark. */
const CLUSTER = 0.006;

interface TimelineProps {
  scale: TimelineScale;
  time: number;
  entries: OutlineEntry[];
  chainBreak: { seq: number; time: number } | null;
  /** `startedAt`: the input event's timestamp, so a seek's latency counts from the click. */
  onSeek(time: number, startedAt: number): void;
  onJump(entry: OutlineEntry): void;
}

/** The scrubber with its idle cuts and untrusted stretch, and a lane of ticks per kind of moment. */
export function Timeline({ scale, time, entries, chainBreak, onSeek, onJump }: TimelineProps) {
  const track = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const at = (e: ReactPointerEvent) => {
    const box = track.current!.getBoundingClientRect();
    return Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
  };
  const seekTo = (e: ReactPointerEvent) => onSeek(scale.toRecorded(at(e) * scale.total), e.timeStamp);
  const pct = (t: number) => `${(scale.fraction(t) * 100).toFixed(3)}%`;
  const cuts = useMemo(() => idleCuts(scale), [scale]);

  return (
    <div className="pl-timeline">
      <div className="pl-row">
        <span className="pl-row-name">Timeline</span>
        <div
          ref={track}
          className="pl-track"
          data-testid="player-timeline"
          role="slider"
          aria-label="Timeline"
          aria-valuemin={0}
          aria-valuemax={Math.round(scale.duration)}
          aria-valuenow={Math.round(time)}
          aria-valuetext={formatClock(time)}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            seekTo(e);
          }}
          onPointerMove={(e) => {
            setHover(at(e));
            if (e.currentTarget.hasPointerCapture(e.pointerId)) seekTo(e);
          }}
          onPointerLeave={() => setHover(null)}
        >
          <div className="pl-progress" style={{ width: pct(time) }} />
          {chainBreak && <div className="pl-untrusted" style={{ left: pct(chainBreak.time) }} title={`Events from seq ${chainBreak.seq} on fail verification`} />}
          {cuts.map((c) => (
            <span key={c.start} className="pl-cut" style={{ left: `${((c.at / scale.total) * 100).toFixed(3)}%` }} title={c.title} />
          ))}
          <div className="pl-head" style={{ left: pct(time) }} />
          {hover !== null && (
            <span className="pl-hover" style={{ left: `${(hover * 100).toFixed(3)}%` }}>
              {formatClock(scale.toRecorded(hover * scale.total))}
            </span>
          )}
        </div>
      </div>
      <Lanes scale={scale} entries={entries} onJump={onJump} />
    </div>
  );
}

const Lanes = memo(function Lanes({ scale, entries, onJump }: { scale: TimelineScale; entries: OutlineEntry[]; onJump(entry: OutlineEntry): void }) {
  const lanes = useMemo(() => {
    const byLane = new Map<Lane, OutlineEntry[][]>();
    for (const e of entries) {
      if (e.lane === "event") continue;
      const clusters = byLane.get(e.lane) ?? [];
      const last = clusters[clusters.length - 1];
      if (last && scale.fraction(e.time) - scale.fraction(last[0].time) < CLUSTER) last.push(e);
      else clusters.push([e]);
      byLane.set(e.lane, clusters);
    }
    return byLane;
  }, [scale, entries]);
  return (
    <>
      {LANES.filter((l) => l.lane !== "approval" || lanes.has("approval")).map(({ lane, name }) => (
        <div key={lane} className="pl-row pl-lane" data-lane={lane}>
          <span className="pl-row-name">{name}</span>
          <div className="pl-lane-track">
            {(lanes.get(lane) ?? []).map((cluster) => {
              const first = cluster[0];
              const title = cluster
                .slice(0, 6)
                .map((e) => `${formatClock(e.time)}  ${e.label}`)
                .join("\n");
              return (
                <button
                  key={`${first.seq}:${first.offset ?? ""}:${first.label}`}
                  data-count={cluster.length}
                  type="button"
                  className="pl-tick"
                  data-testid="lane-entry"
                  data-seq={first.seq}
                  style={{ left: `${(scale.fraction(first.time) * 100).toFixed(3)}%` }}
                  title={cluster.length > 6 ? `${title}\n… ${cluster.length - 6} more` : title}
                  aria-label={`${name}: ${first.label} at ${formatClock(first.time)}`}
                  onClick={() => onJump(first)}
                />
              );
            })}
          </div>
        </div>
      ))}
    </>
  );
});

/** Where idle time was cut, one mark per CLUSTER of the width, so a long session's track stays legible. */
function idleCuts(scale: TimelineScale): { at: number; start: number; title: string }[] {
  const marks: { at: number; start: number; gaps: number; idle: number }[] = [];
  for (const c of scale.compressed) {
    const last = marks[marks.length - 1];
    if (last && (c.at - last.at) / scale.total < CLUSTER) {
      last.gaps += 1;
      last.idle += c.length;
    } else marks.push({ at: c.at, start: c.start, gaps: 1, idle: c.length });
  }
  return marks.map((m) => ({
    at: m.at,
    start: m.start,
    title: `${formatSpan(m.idle)} idle ${m.gaps > 1 ? `in ${m.gaps} gaps from` : "at"} ${formatClock(m.start)}, each shortened to ${scale.cap} s`,
  }));
}
