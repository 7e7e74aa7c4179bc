import { getDb } from "@/db";
import { findSecret } from "@/lib/secrets/find-secret";
import { args, cliActor, CliError, printJson, type Io } from "../io";

/** flightlog secrets find: where a leaked secret (or its fingerprint) appeared, oldest first. */
export async function secretsCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "find") throw new CliError("usage: flightlog secrets find (--stdin | --fingerprint HEX | SECRET) [--json]");
  const { values, positionals } = args(rest, { stdin: { type: "boolean" }, fingerprint: { type: "string" }, json: { type: "boolean" } });
  const sources = [values.stdin ? "stdin" : null, values.fingerprint ? "fingerprint" : null, positionals.length ? "argument" : null].filter(Boolean);
  if (sources.length !== 1 || positionals.length > 1) {
    throw new CliError("usage: flightlog secrets find (--stdin | --fingerprint HEX | SECRET) [--json]\n  --stdin keeps the secret out of your shell history");
  }
  if (values.fingerprint && !/^[0-9a-f]{64}$/i.test(values.fingerprint)) throw new CliError("--fingerprint takes 64 hex digits");
  const query = values.stdin ? (await readAll(io.stdin)).replace(/\r?\n$/, "") : (values.fingerprint ?? positionals[0]);
  const result = await findSecret(await getDb(), { query, actor: cliActor() });
  if (values.json) return printJson(io, result), 0;
  io.stdout.write(`fingerprint ${result.fingerprint}: ${result.occurrences.length} occurrence(s)${result.truncated ? " (first 1000)" : ""}\n`);
  for (const o of result.occurrences) {
    io.stdout.write(`${o.at}\tsession ${o.sessionId}\tseq ${o.seq}\toffset ${o.offset}\t${o.ruleId}\t${o.agent}\t${o.sessionTitle ?? ""}\n`);
  }
  return 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  return text;
}
