// A terminal session's two streams, redacted apart: what the terminal shows (output) and what
// was typed (input). Joined, a shell's echo interleaves them (`i "e"`, `o "e"`, `i "x"`, …) and
// the text reads `eexxppoorrtt`, which no rule recognises. Apart, output is read as the screen
// shows it and input as the typed line (backspaces applied, ending at Enter); a secret found in
// typed input is then masked in its echo as well, as a value known from that point on.
import { StreamRedactor, type Finding, type RedactOptions } from "./stream-redactor";

export type TerminalStream = "input" | "output";

export interface TerminalFinding extends Finding {
  stream: TerminalStream;
}

export interface TerminalResult {
  /** Masked text of the stream pushed to (possibly held back, like StreamRedactor's). */
  output: string;
  /** Decided findings of both streams; offsets count from the start of their own stream. */
  findings: TerminalFinding[];
}

export class TerminalRedactor {
  private readonly streams: Record<TerminalStream, StreamRedactor>;

  constructor(options: Omit<RedactOptions, "kind"> = {}) {
    this.streams = {
      output: new StreamRedactor({ ...options, kind: "output" }),
      input: new StreamRedactor({ ...options, kind: "input" }),
    };
  }

  push(stream: TerminalStream, data: string): TerminalResult {
    const r = this.streams[stream].push(data);
    const findings = r.findings.map((f) => ({ ...f, stream }));
    if (stream === "input") this.echo(findings);
    return { output: r.output, findings };
  }

  /** The terminal was resized. */
  setColumns(cols: number): void {
    this.streams.output.setColumns(cols);
  }

  /** Ends both streams: what each still held, masked. */
  flush(): Record<TerminalStream, TerminalResult> {
    const input = this.streams.input.flush();
    const inputFindings = input.findings.map((f) => ({ ...f, stream: "input" as const }));
    this.echo(inputFindings);
    const output = this.streams.output.flush();
    return {
      input: { output: input.output, findings: inputFindings },
      output: { output: output.output, findings: output.findings.map((f) => ({ ...f, stream: "output" as const })) },
    };
  }

  /** A secret typed is a secret echoed: the output masks it exactly from here on. */
  private echo(findings: TerminalFinding[]): void {
    if (findings.length > 0) this.streams.output.addKnownValues(findings.map((f) => f.secret));
  }
}
