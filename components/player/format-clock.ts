/** "04.6" is too terse and "00:00:04.600" too loud: `m:ss.s`, or `h:mm:ss` past an hour. */
export function formatClock(seconds: number): string {
  const t = Math.max(0, seconds);
  const h = Math.floor(t / 3600);
  const m = Math.floor(t / 60) % 60;
  if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${String(Math.floor(t % 60)).padStart(2, "0")}`;
  const s = (Math.floor((t % 60) * 10) / 10).toFixed(1).padStart(4, "0");
  return `${m}:${s}`;
}

/** "37 s", "4 min 10 s", "1 h 2 min": the length of a skipped idle gap. */
export function formatSpan(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${Math.floor(s / 3600)} h${Math.floor(s / 60) % 60 ? ` ${Math.floor(s / 60) % 60} min` : ""}`;
}
