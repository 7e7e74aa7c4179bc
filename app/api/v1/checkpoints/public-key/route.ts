// GET /api/v1/checkpoints/public-key – the Ed25519 key that signs checkpoints
import { withErrors } from "@/lib/http/with-agent";
import { describePublicKey } from "@/lib/checkpoint/describe";

export const dynamic = "force-dynamic";
export const GET = withErrors(async () => Response.json(describePublicKey()));
