// POST /api/console/tokens/:id/revoke – revoke an ingest token (admin)
import { withUser } from "@/lib/http/with-user";
import { adminRevokeToken } from "@/lib/auth/agent-admin";

export const POST = withUser<{ id: string }>("admin", async ({ viewer, params, db }) =>
  Response.json(await adminRevokeToken(db, { viewer, tokenId: params.id })),
);
