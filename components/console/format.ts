/** "2026-11-25 21:04:07" in UTC: investigators compare times across systems. */
export function formatTime(iso: string | null): string {
  return iso ? `${iso.replace("T", " ").slice(0, 19)}` : "—";
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${Math.floor(seconds % 60)}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
