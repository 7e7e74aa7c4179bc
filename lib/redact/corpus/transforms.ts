// The contexts every family is crossed with, beyond where it is printed plainly: the whole
// sample base64-encoded, JSON-escaped (once or twice), in a psql table cell, as an HTTP body,
// in a stack trace (raw, or as a Python repr), typed at a prompt with a typo fixed by
// backspace or by moving back and inserting, over a progress line that rewrites itself, and
// typed with input capture, where input and its echo alternate as events.
import type { Fakes } from "./fakes";
import { ItemBuilder, type CommandLine, type ExpectedSecret, type Family } from "./families";

export interface CorpusItem {
  id: string;
  family: string;
  context: string;
  /** The output stream. */
  text: string;
  secrets: ExpectedSecret[];
  knownValues?: string[];
  /** Input and output in the order recorded, for items with typed input; `text` is their output. */
  events?: { stream: "input" | "output"; data: string }[];
}

export interface Sample {
  text: string;
  secrets: ExpectedSecret[];
  known: string[];
}

/** Where each character of a transformed text begins: `at[i]` for character i, `at[length]` its end. */
type Layout = { text: string; at: number[] };

function escaped(text: string, escape: (ch: string) => string): Layout {
  let out = "";
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    at.push(out.length);
    out += escape(text[i]);
  }
  at.push(out.length);
  return { text: out, at };
}

const jsonEscape = (ch: string) => JSON.stringify(ch).slice(1, -1);
const pythonRepr = (ch: string) => {
  if (ch === "\\") return "\\\\";
  if (ch === "'") return "\\'";
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, "0")}` : ch;
};

/** A secret's ranges in the sample. */
const rangesOf = (s: ExpectedSecret): [number, number][] => s.ranges ?? [[s.start, s.end]];

/** A secret at new ranges of `text`. */
function placed(s: ExpectedSecret, ranges: [number, number][], text: string): ExpectedSecret {
  const start = Math.min(...ranges.map((r) => r[0]));
  const end = Math.max(...ranges.map((r) => r[1]));
  const moved: ExpectedSecret = { family: s.family, start, end, value: ranges.map(([a, b]) => text.slice(a, b)).join("") };
  if (ranges.length > 1) moved.ranges = ranges;
  return moved;
}

/** Moves a sample's secrets through a layout placed at `offset` of the new text. */
function moved(sample: Sample, layout: Layout, offset: number, text: string): ExpectedSecret[] {
  return sample.secrets.map((s) => placed(s, rangesOf(s).map(([a, b]) => [offset + layout.at[a], offset + layout.at[b]]), text));
}

/** Moves a sample's secrets by `offset`. */
function shifted(sample: Sample, offset: number, text: string): ExpectedSecret[] {
  return sample.secrets.map((s) => placed(s, rangesOf(s).map(([a, b]) => [a + offset, b + offset]), text));
}

function compose(outer: Layout, inner: Layout): Layout {
  return { text: outer.text, at: inner.at.map((k) => outer.at[k]) };
}

export type Transform = (sample: Sample, f: Fakes, variant: number) => { text: string; secrets: ExpectedSecret[] };

export const BLOB_TRANSFORMS: Record<string, Transform> = {
  base64: (sample, f, variant) => {
    const bytes = Buffer.from(sample.text, "utf8");
    const encoded = bytes.toString("base64");
    const byteAt = (i: number) => Buffer.byteLength(sample.text.slice(0, i), "utf8");
    const wrap = variant % 3 === 0 ? 76 : Infinity;
    const body = wrap === Infinity ? encoded : encoded.replace(/.{76}/g, "$&\n");
    const prefix = ["$ base64 < output.txt\n", "$ echo \"$CONFIG\" | base64 -w0\n", `<a download href="data:text/plain;base64,`][variant % 3];
    const text = prefix + body + (variant % 3 === 2 ? `">config</a>\n` : "\n");
    const pos = (k: number) => prefix.length + k + (wrap === Infinity ? 0 : Math.floor(k / wrap));
    const secrets = sample.secrets.map((s) => {
      const ranges: [number, number][] = [];
      for (const [a, b] of rangesOf(s)) {
        // Every character that carries a bit of the secret's bytes.
        const from = Math.floor((8 * byteAt(a)) / 6);
        const to = Math.ceil((8 * byteAt(b)) / 6);
        for (let k = from; k < to; k++) {
          const p = pos(k);
          const last = ranges[ranges.length - 1];
          if (last !== undefined && last[1] >= p) last[1] = Math.max(last[1], p + 1);
          else ranges.push([p, p + 1]);
        }
      }
      return placed(s, ranges, text);
    });
    void f;
    return { text, secrets };
  },
  "json-escaped": (sample, _f, variant) => {
    const once = escaped(sample.text, jsonEscape);
    if (variant % 2 === 0) {
      const prefix = '{"type":"tool_result","stdout":"';
      const text = `${prefix}${once.text}","exit_code":0}\n`;
      return { text, secrets: moved(sample, once, prefix.length, text) };
    }
    // A JSON log line whose message is itself a JSON document: escaped twice.
    const innerPrefix = '{"output":"';
    const inner = innerPrefix + once.text + '"}';
    const twice = escaped(inner, jsonEscape);
    const layout = compose(twice, { text: inner, at: once.at.map((k) => k + innerPrefix.length) });
    const prefix = '{"level":"error","msg":"tool failed","detail":"';
    const text = `${prefix}${twice.text}"}\n`;
    return { text, secrets: moved(sample, layout, prefix.length, text) };
  },
  "psql-cell": (sample, f) => {
    const lines = sample.text.replace(/\n$/, "").split("\n");
    const width = Math.max(6, ...lines.map((l) => l.length));
    let text = ` id | ${"output".padEnd(width)}\n----+-${"-".repeat(width)}-\n`;
    const at: number[] = [];
    lines.forEach((line, n) => {
      text += n === 0 ? `  ${f.int(1, 9)} | ` : "    | ";
      for (let c = 0; c < line.length; c++) at.push(text.length + c);
      text += line.padEnd(width) + (n < lines.length - 1 ? "+" : " ");
      at.push(text.length - width - 1 + line.length); // the line break's place: where the line ends
      text += "\n";
    });
    at.push(text.length);
    text += "(1 row)\n\n";
    const secrets = sample.secrets.map((s) => {
      const ranges: [number, number][] = [];
      for (const [a, b] of rangesOf(s)) {
        for (let i = a; i < b; i++) {
          if (sample.text[i] === "\n" || sample.text[i] === "\r") continue;
          const p = at[i];
          const last = ranges[ranges.length - 1];
          if (last !== undefined && last[1] === p) last[1] = p + 1;
          else ranges.push([p, p + 1]);
        }
      }
      return placed(s, ranges, text);
    });
    return { text, secrets };
  },
  "http-body": (sample, _f, variant) => {
    const prefix =
      variant % 2 === 0
        ? `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(sample.text)}\r\nX-Request-Id: req-7f3a\r\n\r\n`
        : "* Connected to build.example.test (10.0.0.9) port 443\n> GET /logs/4211/raw HTTP/2\n> Host: build.example.test\n>\n< HTTP/2 200\n< content-type: text/plain\n<\n";
    const text = prefix + sample.text + "\n";
    return { text, secrets: shifted(sample, prefix.length, text) };
  },
  "stack-trace": (sample, _f, variant) => {
    if (variant % 3 === 1) {
      const repr = escaped(sample.text, pythonRepr);
      const prefix = 'Traceback (most recent call last):\n  File "/app/agent/tools.py", line 214, in run\n    raise ToolError(output)\nagent.errors.ToolError: \'';
      const text = `${prefix}${repr.text}'\n`;
      return { text, secrets: moved(sample, repr, prefix.length, text) };
    }
    const prefix = variant % 3 === 0 ? "Error: command failed with output:\n" : "Exception in thread \"main\" java.lang.IllegalStateException: unexpected output:\n";
    const suffix =
      variant % 3 === 0 ? "    at runTool (/app/src/tools.ts:88:11)\n    at async main (/app/src/index.ts:12:3)\n" : "\tat com.example.agent.Tool.run(Tool.java:88)\n\tat com.example.agent.Main.main(Main.java:12)\n";
    const text = prefix + sample.text + (sample.text.endsWith("\n") ? "" : "\n") + suffix;
    return { text, secrets: shifted(sample, prefix.length, text) };
  },
};

const ESC = "\x1b";

/** Typed at a prompt, with a typo fixed on screen, as the terminal's output shows it. */
function readlineEdited(line: CommandLine, f: Fakes, variant: number): { text: string; secrets: ExpectedSecret[] } {
  const { before, secret, after } = line;
  const k = f.int(1, secret.length - 2);
  const prompt = "$ ";
  let text = prompt + before;
  const start = text.length;
  if (variant % 3 !== 1) {
    // Backspace over a wrong character: bash echoes "\b\x1b[K", zsh "\b \b".
    const wrong = secret[k] === "x" ? "y" : "x";
    text += secret.slice(0, k) + wrong + (variant % 3 === 0 ? `\b${ESC}[K` : "\b \b") + secret.slice(k) + after;
  } else {
    // A character left out, put back by moving left and inserting: readline redraws the rest.
    const rest = secret.slice(k + 1) + after;
    text += secret.slice(0, k) + rest;
    text += rest.length <= 4 ? "\b".repeat(rest.length) : `${ESC}[${rest.length}D`;
    text += secret[k] + rest + "\b".repeat(rest.length);
    text += rest.length > 0 ? `${ESC}[${rest.length}C` : "";
  }
  const end = text.length - after.length;
  text += "\r\n" + f.pick(["ok\r\n", "done\r\n", ""]) + "$ ";
  return { text, secrets: [{ family: "", start, end, value: secret, screen: secret }] };
}

/** Printed over a progress line that rewrites itself with carriage returns. */
function progressRewrite(line: CommandLine, f: Fakes, variant: number): { text: string; secrets: ExpectedSecret[] } {
  const shown = `${line.before}${line.secret}${line.after}`;
  let text = "";
  let start: number;
  switch (variant % 4) {
    case 0:
      text = "Uploading artifacts   0%\rUploading artifacts  37%\rUploading artifacts 100%\r";
      start = text.length + line.before.length;
      text += shown + `${ESC}[K\n`;
      break;
    case 1: {
      // The line printed again with each update: every print holds the secret.
      start = line.before.length;
      for (const pct of [10, 40, 100]) text += `${shown} [${"#".repeat(pct / 10).padEnd(10)}] ${pct}%\r`;
      text += "\n";
      break;
    }
    case 2:
      start = 3 + line.before.length;
      for (const frame of ["⠋", "⠙", "⠹"]) text += `\r${frame} ${shown}`;
      text += "\r✓ " + shown + "\n";
      break;
    default: {
      // Drawn out of order: the end of the line first, at its column, then the beginning.
      const col = line.before.length + line.secret.length - f.int(3, 8);
      text = `Status: working\r${ESC}[${col + 1}G`;
      start = text.length; // the secret's end is drawn first
      text += `${shown.slice(col)}\r` + shown.slice(0, col) + `${ESC}[${shown.length + 1}G\n`;
    }
  }
  return { text, secrets: [{ family: "", start, end: text.length - 1, value: line.secret, screen: line.secret }] };
}

/** Typed with input capture: each key is an input event and its echo an output event. */
function echoedInput(line: CommandLine, f: Fakes, variant: number): { events: { stream: "input" | "output"; data: string }[]; secrets: ExpectedSecret[] } {
  const events: { stream: "input" | "output"; data: string }[] = [];
  const typed = `${line.before}${line.secret}${line.after}`;
  const typo = variant % 2 === 1 ? line.before.length + f.int(1, line.secret.length - 2) : -1;
  let input = "";
  const ranges: [number, number][] = [];
  events.push({ stream: "output", data: "$ " });
  for (let i = 0; i < typed.length; i++) {
    if (i === typo) {
      const wrong = typed[i] === "x" ? "y" : "x";
      events.push({ stream: "input", data: wrong }, { stream: "output", data: wrong }, { stream: "input", data: "\x7f" }, { stream: "output", data: `\b${ESC}[K` });
      input += wrong + "\x7f";
    }
    if (i >= line.before.length && i < line.before.length + line.secret.length) {
      const last = ranges[ranges.length - 1];
      if (last !== undefined && last[1] === input.length) last[1]++;
      else ranges.push([input.length, input.length + 1]);
    }
    events.push({ stream: "input", data: typed[i] }, { stream: "output", data: typed[i] });
    input += typed[i];
  }
  events.push({ stream: "input", data: "\r" }, { stream: "output", data: "\r\n" }, { stream: "output", data: "ok\r\n$ " });
  const output = events.filter((e) => e.stream === "output").map((e) => e.data).join("");
  const outStart = 2 + line.before.length;
  return {
    events,
    secrets: [
      { family: "", start: ranges[0][0], end: ranges[ranges.length - 1][1], value: line.secret, ranges, stream: "input" },
      { family: "", start: outStart, end: output.indexOf("\r\n"), value: line.secret, screen: line.secret, stream: "output" },
    ],
  };
}

/** The typed and on-screen contexts, made from a family's command line. */
export const SCREEN_CONTEXTS = ["readline-edited", "progress-rewrite", "echoed-input"] as const;

export function screenItem(family: Family, context: (typeof SCREEN_CONTEXTS)[number], f: Fakes, variant: number): Omit<CorpusItem, "id"> {
  const line = family.line(f);
  const known = line.known;
  const label = (secrets: ExpectedSecret[]) => secrets.map((s) => ({ ...s, family: family.family }));
  if (context === "echoed-input") {
    const { events, secrets } = echoedInput(line, f, variant);
    const text = events.filter((e) => e.stream === "output").map((e) => e.data).join("");
    return { family: family.family, context, text, secrets: label(secrets), events, ...(known ? { knownValues: known } : {}) };
  }
  const { text, secrets } = context === "readline-edited" ? readlineEdited(line, f, variant) : progressRewrite(line, f, variant);
  return { family: family.family, context, text, secrets: label(secrets), ...(known ? { knownValues: known } : {}) };
}

/** A sample of the family printed plainly, in one of its contexts without colour or carriage returns. */
export function plainSample(family: Family, f: Fakes): Sample {
  const contexts = family.contexts.filter((c) => !c.ansi);
  for (let attempt = 0; ; attempt++) {
    const b = new ItemBuilder();
    f.pick(contexts).build(b, f);
    if (!b.text.includes("\r") || attempt > 20) return { text: b.text, secrets: b.secrets, known: b.known };
  }
}
