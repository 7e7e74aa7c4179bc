import { z } from "zod";

const text = (max: number) => z.string().max(max);

/** POST /api/v1/sessions. Every field is optional: `{}` is a valid body. */
export const createSessionSchema = z
  .object({
    external_id: text(256).min(1).optional(),
    service: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, "service must be a short lowercase name such as shell, postgres or kubernetes")
      .optional(),
    host: text(255).optional(),
    user: text(255).optional(),
    cwd: text(4096).optional(),
    title: text(1024).optional(),
    correlation_id: text(256).min(1).optional(),
    cols: z.number().int().min(1).max(10_000).optional(),
    rows: z.number().int().min(1).max(10_000).optional(),
    /** Values to mask exactly wherever they appear (e.g. secrets from the agent's environment). */
    known_values: z.array(z.string()).max(100).optional(),
  })
  .strict();

export type CreateSessionInput = z.infer<typeof createSessionSchema>;
