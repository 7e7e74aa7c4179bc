import { getDb } from "@/db";
import { createToken, parseTtl, revokeToken } from "@/lib/auth/agent-tokens";
import { args, cliActor, CliError, type Io } from "../io";

export async function tokensCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "create") {
    const { values } = args(rest, { agent: { type: "string" }, ttl: { type: "string", default: "24h" } }, false);
    if (!values.agent) throw new CliError("usage: flightlog tokens create --agent NAME [--ttl 24h]");
    const issued = await createToken(await getDb(), { agent: values.agent, ttlSeconds: parseTtl(values.ttl ?? "24h"), actor: cliActor() });
    // The token alone goes to stdout, so TOKEN=$(flightlog tokens create …) works; it is never shown again.
    io.stdout.write(`${issued.token}\n`);
    io.stderr.write(`token ${issued.id} for agent ${issued.agent.name}, expires ${issued.expires_at}\n`);
    return 0;
  }
  if (sub === "revoke") {
    const { positionals } = args(rest, {});
    if (positionals.length !== 1) throw new CliError("usage: flightlog tokens revoke ID");
    await revokeToken(await getDb(), { id: positionals[0], actor: cliActor() });
    io.stdout.write(`revoked token ${positionals[0]}\n`);
    return 0;
  }
  throw new CliError("usage: flightlog tokens create --agent NAME [--ttl 24h] | flightlog tokens revoke ID");
}
