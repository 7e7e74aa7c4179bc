import os from "node:os";
import { parseArgs, type ParseArgsConfig } from "node:util";

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** An error the CLI reports in one line, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** parseArgs with errors turned into CliErrors. */
export function args<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** The audit actor for command-line actions. */
export function cliActor(): string {
  return `cli:${os.userInfo().username}@${os.hostname()}`;
}

export function printJson(io: Io, value: unknown) {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
