// flightlog redact – masks secrets in a terminal stream, stdin to stdout, as it arrives.
import { StringDecoder } from "node:string_decoder";
import { DEFAULT_MAX_HOLD, MIN_KNOWN_LENGTH, StreamRedactor } from "../../lib/redact";
import type { Io } from "../io";

const USAGE = `Usage: flightlog redact [--known VALUE]... [--max-hold N]

Copies standard input to standard output with secrets masked: cloud and API keys, tokens,
private keys, passwords in URLs and assignments, Authorization headers, Kubernetes Secret
data, and every --known value (also base64, percent and JSON encoded). Masks keep the width
of what they hide. Output may lag by the few characters that could still begin a secret.

Options:
  --known VALUE   mask VALUE exactly (repeatable; at least ${MIN_KNOWN_LENGTH} characters). Values on a
                  command line are visible to other local users: prefer short-lived ones.
  --max-hold N    hold back at most N characters while a secret may be arriving, then mask
                  them unseen (default ${DEFAULT_MAX_HOLD})
  -h, --help      show this help

Exit status: 0 on success, 1 when reading or writing fails, 2 on a usage error.
`;

type Parsed = { help: true } | { help: false; known: string[]; maxHold: number } | { error: string };

function parseArgs(args: string[]): Parsed {
  const known: string[] = [];
  let maxHold = DEFAULT_MAX_HOLD;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") return { help: true };
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag !== "--known" && flag !== "--max-hold") return { error: `unknown argument: ${arg}` };
    const value = inline ?? args[++i];
    if (value === undefined) return { error: `${flag} needs a value` };
    if (flag === "--known") {
      if (value.length < MIN_KNOWN_LENGTH) return { error: `--known values must have at least ${MIN_KNOWN_LENGTH} characters` };
      known.push(value);
    } else {
      maxHold = Number(value);
      if (!Number.isSafeInteger(maxHold) || maxHold < 1) return { error: "--max-hold must be a positive integer" };
    }
  }
  return { help: false, known, maxHold };
}

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === "" || out.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off("drain", done);
      out.off("error", done);
      if (err) reject(err);
      else resolve();
    };
    out.once("drain", done);
    out.once("error", done);
  });
}

export async function redactCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs(args);
  if ("error" in parsed) {
    io.stderr.write(`flightlog redact: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const redactor = new StreamRedactor({ knownValues: parsed.known, maxHold: parsed.maxHold });
  // Decodes UTF-8 across chunk boundaries: a character split between reads is kept whole.
  const decoder = new StringDecoder("utf8");
  try {
    for await (const chunk of io.stdin) {
      const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
      await write(io.stdout, redactor.push(text).output);
    }
    await write(io.stdout, redactor.push(decoder.end()).output + redactor.flush().output);
    return 0;
  } catch (err) {
    io.stderr.write(`flightlog redact: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
