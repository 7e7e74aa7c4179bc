// GET /api/v1/checkpoints/latest – the latest signed checkpoint (public, for auditors)
import { withErrors } from "@/lib/http/with-agent";
import { describeLatestCheckpoint } from "@/lib/checkpoint/describe";

export const dynamic = "force-dynamic";
export const GET = withErrors(async ({ db }) => Response.json(await describeLatestCheckpoint(db)));
