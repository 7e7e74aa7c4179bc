// POST /api/console/secrets/search – where a leaked secret (or its fingerprint) appeared; audited (analyst)
// A POST, so the secret never lands in a URL, a log line or browser history.
import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { readJsonObject } from "@/lib/http/read-body";
import { LIMITS } from "@/lib/protocol/limits";
import { findSecretAs } from "@/lib/secrets/find-secret";

const body = z.object({ query: z.string() }).strict();

export const POST = withUser("analyst", async ({ req, viewer, db }) => {
  const { query } = body.parse(await readJsonObject(req, LIMITS.maxSmallBodyBytes));
  return Response.json(await findSecretAs(db, { viewer, query }));
});
