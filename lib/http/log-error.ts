// What an unexpected error may put in the log: its kind and the database's code, never a value
// from the request. A database driver's error carries the failed statement with its parameters
// (a session field, a token prefix, a pasted secret); only the statement's first words are kept.
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const parts = [err.name];
  const cause = (err as { cause?: unknown }).cause;
  const code = (err as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") parts.push(`code ${code}`);
  const message = err.message.startsWith("Failed query:") ? `failed query: ${err.message.slice(13).trim().split(/\s+/).slice(0, 3).join(" ")} …` : firstLine(err.message);
  parts.push(message);
  if (cause instanceof Error && !err.message.startsWith("Failed query:")) parts.push(`cause: ${cause.name}`);
  // The stack's frames only: its head repeats the message, lines and all.
  const frames = (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 3);
  if (frames.length > 0) parts.push(frames.map((l) => l.trim()).join(" < "));
  return parts.join("; ");
}

function firstLine(message: string): string {
  // Messages of our own never hold request values; a driver's may, after its first line.
  return message.split("\n", 1)[0].slice(0, 200);
}
