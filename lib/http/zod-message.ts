import type { ZodError } from "zod";

/** A short, client-safe description of a schema failure. */
export function formatZodError(err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
