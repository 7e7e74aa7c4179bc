import { getDb } from "@/db";
import { createAgent, listAgents } from "@/lib/auth/agent-tokens";
import { args, cliActor, CliError, printJson, type Io } from "../io";

export async function agentsCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = args(rest, { json: { type: "boolean" } });
  if (sub === "create") {
    if (positionals.length !== 1) throw new CliError("usage: flightlog agents create NAME");
    const agent = await createAgent(await getDb(), { name: positionals[0], actor: cliActor() });
    if (values.json) printJson(io, agent);
    else io.stdout.write(`created agent ${agent.name} (${agent.id})\n`);
    return 0;
  }
  if (sub === "list") {
    const list = await listAgents(await getDb());
    if (values.json) return printJson(io, list), 0;
    for (const a of list) {
      io.stdout.write(`${a.name}\t${a.kind}\t${a.id}\n`);
      for (const t of a.tokens) {
        const state = t.revokedAt ? "revoked" : t.expiresAt.getTime() < Date.now() ? "expired" : "active";
        io.stdout.write(`  ${t.id}\t${t.prefix}…\t${state}\texpires ${t.expiresAt.toISOString()}\tlast used ${t.lastUsedAt?.toISOString() ?? "never"}\n`);
      }
    }
    return 0;
  }
  throw new CliError("usage: flightlog agents create NAME | flightlog agents list");
}
