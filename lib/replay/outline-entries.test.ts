import { describe, expect, it } from "vitest";
import { LABEL_MAX, OutlineSpan, outlineEntries, summarize } from "./outline-entries";
import type { ReplayEvent } from "./replay-types";

const ev = (type: string, body: Record<string, unknown>, seq = 1, time = 0): ReplayEvent => ({ seq, time, type, body });

describe("summarize", () => {
  it("gives each structured event one line", () => {
    expect(summarize(ev("command", { command: "kubectl get ns", exit_code: 0 }))).toBe("$ kubectl get ns → exit 0");
    expect(summarize(ev("tool_call", { tool: "Bash", input: { command: "env | sort", description: "List" } }))).toBe("Bash(env | sort)");
    expect(summarize(ev("tool_call", { tool: "Edit", input: { file_path: "src/a.ts" } }))).toBe("Edit(src/a.ts)");
    expect(summarize(ev("tool_result", { tool: "Bash", output: "line 1\nline 2", is_error: true }))).toBe("Bash error: line 1 line 2");
    expect(summarize(ev("http", { method: "GET", url: "https://x.test/", status: 200 }))).toBe("GET https://x.test/ → 200");
    expect(summarize(ev("query", { query: "DROP TABLE t;" }))).toBe("DROP TABLE t;");
    expect(summarize(ev("marker", { label: "\x1b[1mchapter\x1b[0m 2" }))).toBe("chapter 2");
    expect(summarize(ev("exit", { code: 1 }))).toBe("exit 1");
  });

  it("cuts long labels", () => {
    const label = summarize(ev("note", { text: "y".repeat(1000) }));
    expect(label).toHaveLength(LABEL_MAX);
    expect(label.endsWith("…")).toBe(true);
  });
});

describe("outlineEntries", () => {
  it("puts structured events in their lanes", () => {
    expect(outlineEntries(ev("command", { command: "ls" }, 3, 1.5))).toEqual([{ seq: 3, time: 1.5, lane: "command", type: "command", label: "$ ls" }]);
    expect(outlineEntries(ev("marker", { label: "m" }))[0].lane).toBe("marker");
    expect(outlineEntries(ev("tool_result", { output: "ok" }))[0].lane).toBe("event");
    expect(outlineEntries(ev("resize", { cols: 80, rows: 24 }))).toEqual([]);
  });

  it("finds masks in output, and where their line ends", () => {
    const data = "AWS_ACCESS_KEY_ID=[aws-key:3f9a]******\r\nTOKEN=[gh-token]*****\r\n[INFO] ok\r\npass=[url-pass:00ff]";
    expect(outlineEntries(ev("output", { data }, 7, 4.6))).toEqual([
      { seq: 7, time: 4.6, lane: "finding", type: "finding", label: "aws-key:3f9a", offset: 40 },
      { seq: 7, time: 4.6, lane: "finding", type: "finding", label: "gh-token", offset: 63 },
      { seq: 7, time: 4.6, lane: "finding", type: "finding", label: "url-pass:00ff", offset: data.length },
    ]);
    // Typed input is not on screen: its findings carry no offset.
    expect(outlineEntries(ev("input", { data: "[url-pass:00ff]***" }))).toEqual([{ seq: 1, time: 0, lane: "finding", type: "finding", label: "url-pass:00ff" }]);
  });
});

describe("OutlineSpan", () => {
  it("collects entries and gaps of at least the minimum idle time", () => {
    const span = new OutlineSpan(0);
    span.add(ev("output", { data: "a" }, 1, 0.2));
    span.add(ev("marker", { label: "m" }, 2, 5.2));
    span.add(ev("output", { data: "b" }, 3, 5.6));
    expect(span.take()).toEqual({ entries: [{ seq: 2, time: 5.2, lane: "marker", type: "marker", label: "m" }], gaps: [[0.2, 5]] });
    span.add(ev("output", { data: "c" }, 4, 9.6));
    expect(span.take()).toEqual({ entries: [], gaps: [[5.6, 4]] });
  });
});
