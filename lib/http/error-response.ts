import "server-only";
import { ZodError } from "zod";
import { CanonicalJsonError } from "@/lib/chain";
import { AppError } from "./app-error";
import { describeError } from "./log-error";
import { formatZodError } from "./zod-message";

/** Maps any thrown value to the JSON error shape. Unknown errors are logged and never described. */
export function errorResponse(err: unknown): Response {
  const app = toAppError(err);
  if (app.code === "internal") console.error(`flightlog: unhandled error: ${describeError(err)}`);
  return Response.json({ error: { code: app.code, message: app.message, ...app.extra } }, { status: app.status });
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return new AppError("unprocessable", formatZodError(err));
  if (err instanceof CanonicalJsonError) return new AppError("unprocessable", err.message);
  return new AppError("internal", "internal error");
}

