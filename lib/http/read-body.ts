import "server-only";
import { AppError } from "./app-error";

/** Reads a request body as UTF-8, refusing more than `limit` bytes (413) or invalid UTF-8 (400). */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  } catch {
    throw new AppError("bad_request", "the body is not valid UTF-8");
  }
}

/** Parses a JSON object body; an empty body is `{}`. */
export async function readJsonObject(req: Request, limit: number): Promise<Record<string, unknown>> {
  const text = (await readBodyText(req, limit)).trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "the body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("bad_request", "the body must be a JSON object");
  }
  const problem = unstorableText(value, "");
  if (problem !== null) throw new AppError("unprocessable", problem);
  return value as Record<string, unknown>;
}

/**
 * A string that no field may hold, with where it is: U+0000, which Postgres text refuses, and a
 * lone surrogate, which would be stored as U+FFFD and no longer be what was sent (events refuse
 * both the same way when they are canonicalized).
 */
function unstorableText(value: unknown, path: string): string | null {
  if (typeof value === "string") {
    if (value.includes("\u0000")) return `${path || "the body"} must not contain U+0000`;
    if (!value.isWellFormed()) return `${path || "the body"} must not contain a lone surrogate`;
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = unstorableText(value[i], `${path}[${i}]`);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const problem = unstorableText(k, `a key in ${path || "the body"}`) ?? unstorableText(v, path ? `${path}.${k}` : k);
      if (problem !== null) return problem;
    }
  }
  return null;
}

function tooLarge(limit: number) {
  return new AppError("payload_too_large", `the body exceeds ${limit} bytes`);
}
