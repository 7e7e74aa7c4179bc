// flightlog <command> – administration, verification and evidence export from the command line.
import { CliError, type Io } from "./io";

// Commands load lazily: `redact` in a pipeline should not pay for the database drivers.
const COMMANDS: Record<string, () => Promise<(argv: string[], io: Io) => Promise<number>>> = {
  agents: async () => (await import("./commands/agents")).agentsCommand,
  tokens: async () => (await import("./commands/tokens")).tokensCommand,
  verify: async () => (await import("./commands/verify")).verifyCommand,
  export: async () => (await import("./commands/export")).exportCommand,
  checkpoint: async () => (await import("./commands/checkpoint")).checkpointCommand,
  redact: async () => (await import("./commands/redact")).redactCommand,
  secrets: async () => (await import("./commands/secrets")).secretsCommand,
};

const USAGE = `usage: flightlog <command> [options]

commands:
  agents create NAME                       create an agent identity
  agents list                              list agents and their tokens
  tokens create --agent NAME [--ttl 24h]   issue an ingest token (printed once)
  tokens revoke ID                         revoke a token
  verify --session ID [--json]             verify a stored session (exit 0 valid, 1 invalid, 2 cannot verify)
  verify --audit [--json]                  verify the audit log
  verify --bundle FILE [--public-key KEY] [--json]
                                           verify an evidence bundle offline
  export --session ID [--out FILE] [--unmasked]
                                           write a session's evidence bundle (bodies masked unless --unmasked)
  secrets find (--stdin | --fingerprint HEX | SECRET) [--json]
                                           every place a leaked secret appeared
  checkpoint                               sign a checkpoint over every moved head now
  redact [--known VALUE]...                mask secrets from stdin to stdout

Commands that touch the database use DATABASE_URL, or the embedded database in
FLIGHTLOG_DATA_DIR (default ./.flightlog) when it is unset.`;

export async function main(argv: string[], io: Io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      io.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new CliError(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return await (await load())(rest, io);
  } catch (err) {
    io.stderr.write(`flightlog: ${describe(err)}\n`);
    return err instanceof CliError ? err.exitCode : 2;
  }
}

/** The process entry: runs one command, then closes the database if the command opened it. */
export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } finally {
    // Help, usage errors and redact never open the database, so they need not load its module.
    const command = argv[0];
    if (command !== undefined && command !== "redact" && Object.hasOwn(COMMANDS, command)) await (await import("@/db")).closeDatabase();
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
