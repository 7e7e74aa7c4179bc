import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { stripAnsi } from "./ansi";
import { base62, crc32 } from "./checksum";
import { displayWidth } from "./width";
import { DEFAULT_MAX_HOLD, StreamRedactor, redactText, type Finding, type RedactOptions } from "./stream-redactor";

const fingerprint = (s: string) => createHmac("sha256", "test-key").update(s).digest("hex");
const RANDOM30 = "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0";
const GH = `ghp_${RANDOM30}${base62(crc32(RANDOM30), 6)}`;

function stream(chunks: string[], options?: RedactOptions): { output: string; findings: Finding[]; outputs: string[] } {
  const r = new StreamRedactor(options);
  const results = [...chunks.map((c) => r.push(c)), r.flush()];
  return { output: results.map((x) => x.output).join(""), findings: results.flatMap((x) => x.findings), outputs: results.map((x) => x.output) };
}

/** Every split of `text` into two chunks gives the one-chunk result. */
function expectSplitInvariant(text: string, options?: RedactOptions): void {
  const whole = redactText(text, options);
  for (let cut = 0; cut <= text.length; cut++) {
    const split = stream([text.slice(0, cut), text.slice(cut)], options);
    expect(split.output, `cut at ${cut}`).toBe(whole.output);
    expect(split.findings).toEqual(whole.findings);
  }
}

describe("StreamRedactor", () => {
  it("replaces each secret's raw range by its mask and leaves every other byte alone", () => {
    const text = `\x1b[32m$\x1b[0m export GITHUB_TOKEN=${GH}\r\n\x1b[1mdone\x1b[0m\r\n`;
    const r = redactText(text, { fingerprint });
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f).toMatchObject({ ruleId: "github-token", family: "github", secret: GH });
    expect(text.slice(f.start, f.end)).toBe(GH);
    expect(r.output).toBe(text.slice(0, f.start) + `[gh-token:${fingerprint(GH).slice(0, 4)}]` + "*".repeat(GH.length - 15) + text.slice(f.end));
  });

  it("finds a key with a colour code on every character and masks its raw range", () => {
    const key = "AKIAIOSFODNN7EXAMPLE";
    const coloured = [...key].map((c, i) => `\x1b[3${i % 7}m${c}`).join("") + "\x1b[0m";
    const text = `id: ${coloured} ok`;
    const r = redactText(text);
    expect(r.findings.map((f) => [f.ruleId, f.secret])).toEqual([["aws-access-key-id", key]]);
    expect(stripAnsi(text.slice(r.findings[0].start, r.findings[0].end))).toBe(key);
    expect(r.output).toBe("id: \x1b[30m[aws-key]***********\x1b[0m ok");
    expectSplitInvariant(text);
  });

  it("emits complete lines at once and holds the current line, which an edit could still reach", () => {
    const r = new StreamRedactor();
    expect(r.push("ls -la\r\ntotal 0\r\n").output).toBe("ls -la\r\ntotal 0\r\n");
    expect(r.push("key is AKI").output).toBe("");
    expect(r.push("AIOSFODNN7EXAMPL").output).toBe("");
    expect(r.push("E and more\n").output).toBe("key is [aws-key]*********** and more\n");
    expect(r.push("colour \x1b[3").output).toBe("");
    expect(r.push("1mred\x1b[0m\n").output).toBe("colour \x1b[31mred\x1b[0m\n");
    expect(r.push("$ ").output).toBe("");
    expect(r.flush().output).toBe("$ ");
  });

  it("releases a long line that no edit touched at the hold cap, unmasked", () => {
    const r = new StreamRedactor({ maxHold: 100 });
    const line = ".".repeat(150);
    expect(r.push(line).output).toBe(line);
    expect(r.push(",".repeat(10)).output).toBe("");
    expect(r.flush().output).toBe(",".repeat(10));
  });

  it("masks a secret typed one keystroke per chunk exactly as in one chunk", () => {
    const text = `$ export DB_PASSWORD='hunter2' OPENAI_API_KEY=sk-proj-${"q".repeat(40)}\r\n$ `;
    const typed = stream([...text]);
    expect(typed.output).toBe(redactText(text).output);
    expect(typed.output).not.toContain("hunter2");
    expect(typed.outputs.every((o) => !o.includes("sk-proj-q"))).toBe(true);
  });

  it("gives the one-chunk result when a keyword or its guard is cut by a chunk boundary", () => {
    expectSplitInvariant("GET https://u:pa55w0rd@host/x then https://hooks.slack.com/services/T0000000/B0000000/abcdefghijklmnopqrstuvwx\n");
    expectSplitInvariant("keyboard api_key=abc123 secrets passed secretKey: s3cr3t\n");
  });

  it("reports raw offsets counted from the start of the stream", () => {
    const first = "x".repeat(5000) + "\n";
    const r = new StreamRedactor();
    r.push(first);
    const tail = r.push(`token ${GH} end\n`);
    const all = [...tail.findings, ...r.flush().findings];
    expect(all).toHaveLength(1);
    expect(all[0].start).toBe(first.length + 6);
    expect(all[0].end).toBe(first.length + 6 + GH.length);
  });

  it("fails closed at the hold cap: held text is masked unseen, then the rest of the secret too", () => {
    const body = Array.from({ length: 40 }, (_, i) => `MII${String(i).padStart(2, "0")}${"A".repeat(59)}`).join("\n");
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    const text = `before\n${pem}\nafter\n`;
    const chunks = text.match(/[\s\S]{1,100}/g)!;
    const r = stream(chunks, { maxHold: 512 });
    expect(r.findings.some((f) => f.ruleId === "held-back-overflow")).toBe(true);
    expect(r.output).not.toMatch(/MII\d\d|BEGIN RSA|AAAAAAAA/);
    expect(r.output.startsWith("before\n")).toBe(true);
    expect(r.output.endsWith("\nafter\n")).toBe(true);
    expect(r.output.length).toBe(text.length); // widths are kept
    expect(r.outputs.every((o) => o.length <= 512 + 100)).toBe(true);
    expect(DEFAULT_MAX_HOLD).toBe(8192);
  });

  it("passes an unterminated control string longer than the cap instead of holding it forever", () => {
    const r = new StreamRedactor({ maxHold: 64 });
    const osc = "\x1b]0;" + "t".repeat(100);
    expect(r.push(osc).output).toBe(osc);
    expect(r.push("\x07visible\n").output).toBe("\x07visible\n");
  });

  it("keeps the display width of wide secrets and never shows secret characters in labels", () => {
    const text = "password: 密码很长的秘密\n";
    const r = redactText(text, { fingerprint: (s) => s }); // a fingerprint that would leak
    expect(r.findings[0].secret).toBe("密码很长的秘密");
    const masked = r.output.slice("password: ".length, -1);
    expect(displayWidth(masked)).toBe(14);
    expect(masked).toBe("[env]*********");
    for (const ch of "密码很长的秘") expect(r.output).not.toContain(ch);
  });

  it("keeps the line layout of a multi-line key, including \\r\\n and colours", () => {
    const pem = "-----BEGIN EC PRIVATE KEY-----\r\nMHcCAQEEIBBBB\r\nAwEHoUQDQgAE\r\n-----END EC PRIVATE KEY-----";
    const text = `\x1b[32m${pem.replace(/\r\n/g, "\x1b[0m\r\n\x1b[32m")}\x1b[0m\r\n`;
    const r = redactText(text, { fingerprint });
    expect(r.findings.map((f) => f.ruleId)).toEqual(["pem-private-key"]);
    expect(r.findings[0].secret).toBe(pem);
    const lines = r.output.split("\r\n");
    expect(lines.map((l) => stripAnsi(l).length)).toEqual([...pem.split("\r\n").map((l) => l.length), 0]);
    expect(r.output).not.toMatch(/MHcC|BEGIN|END/);
    expectSplitInvariant(text, { fingerprint });
  });
});

describe("known values", () => {
  const value = 'hunter2/"X+y é??>>';
  const bytes = Buffer.from(value);
  const b64 = (prefix: string) => Buffer.concat([Buffer.from(prefix), bytes, Buffer.from("!")]).toString("base64");
  const forms: [string, string, string | undefined][] = [
    ["plain", `echo ${value}\n`, undefined],
    ["base64 aligned", `${b64("abc")}\n`, "base64"],
    ["base64 +1 byte", `${b64("a")}\n`, "base64"],
    ["base64 +2 bytes", `${b64("ab")}\n`, "base64"],
    ["base64url", `${Buffer.concat([Buffer.from("ab?"), bytes]).toString("base64url")}\n`, "base64url"],
    ["percent", `GET /?q=${encodeURIComponent(value)}&x=1\n`, "percent"],
    ["json", `{"note":${JSON.stringify(value)}}\n`, "json"],
  ];

  it.each(forms)("masks the %s form, fingerprinted as the value, at any split", (_, text, encoding) => {
    const r = redactText(text, { knownValues: [value], fingerprint });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: "known-value", family: "known", secret: value });
    expect(r.findings[0].encoding).toBe(encoding);
    expect(r.output).toContain(`[known:${fingerprint(value).slice(0, 4)}]`);
    expectSplitInvariant(text, { knownValues: [value], fingerprint });
  });

  it("leaves no character that carries bits of the value in base64", () => {
    const text = `${b64("a")}\n`;
    const r = redactText(text, { knownValues: [value] });
    const f = r.findings[0];
    // The characters outside the mask encode only the neighbouring bytes.
    expect(f.start).toBeLessThanOrEqual(Math.floor(8 / 6));
    expect(f.end).toBeGreaterThanOrEqual(Math.ceil((8 * (1 + bytes.length)) / 6));
  });

  it("ignores values too short to mask safely", () => {
    expect(redactText("a b c", { knownValues: ["a", ""] }).findings).toEqual([]);
  });
});
