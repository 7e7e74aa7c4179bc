// Collector protocol v1 limits. docs/protocol.md publishes them; changing one is a protocol change.
export const LIMITS = {
  /** Largest request body accepted by any endpoint, in bytes. */
  maxBodyBytes: 8 * 1024 * 1024,
  /** Most events in one append batch. */
  maxEventsPerBatch: 10_000,
  /** Longest line of an asciicast or NDJSON batch, in bytes. */
  maxLineBytes: 1024 * 1024,
  /** Largest body for session creation and other small JSON requests. */
  maxSmallBodyBytes: 64 * 1024,
  /** Largest session time offset, in seconds (about 31 years). */
  maxTimeSeconds: 1e9,
} as const;
