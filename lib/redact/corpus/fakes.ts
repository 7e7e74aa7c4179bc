// Fake secrets in real formats, from a seeded PRNG so that every run sees the same ones.
// GitHub tokens carry a valid CRC-32 and JWT headers decode; none is a real credential.
import { base62, crc32 } from "../checksum";

/** mulberry32: small, fast and good enough to make test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const LOWER = "abcdefghijklmnopqrstuvwxyz";
export const DIGITS = "0123456789";
export const ALNUM = UPPER + LOWER + DIGITS;
export const B64 = ALNUM + "+/";
export const B64URL = ALNUM + "-_";
export const HEX = "0123456789abcdef";

export class Fakes {
  constructor(readonly rand: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)];
  }
  chars(alphabet: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.rand() * alphabet.length)];
    return s;
  }
  awsKeyId(): string {
    return this.pick(["AKIA", "AKIA", "ASIA"]) + this.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  }
  awsSecret(): string {
    return this.chars(B64, 40);
  }
  gcpApiKey(): string {
    return "AIza" + this.chars(B64URL, 35);
  }
  azureStorageKey(): string {
    return this.chars(B64, 86) + "==";
  }
  azureClientSecret(): string {
    return this.chars(ALNUM + "_~.-", 3) + this.chars(DIGITS, 1) + "Q~" + this.chars(ALNUM + "_~-", 33) + this.chars(ALNUM, 1);
  }
  githubToken(): string {
    const body = this.chars(ALNUM, 30);
    return `gh${this.pick(["p", "o", "u", "s", "r"])}_${body}${base62(crc32(body), 6)}`;
  }
  githubPat(): string {
    return `github_pat_${this.chars(ALNUM, 22)}_${this.chars(ALNUM, 59)}`;
  }
  gitlabToken(): string {
    return this.pick(["glpat-", "glpat-", "gldt-", "glrt-"]) + this.chars(ALNUM + "_-", 19) + this.chars(ALNUM, 1);
  }
  slackToken(): string {
    return this.pick([
      () => `xoxb-${this.chars(DIGITS, 12)}-${this.chars(DIGITS, 13)}-${this.chars(ALNUM, 24)}`,
      () => `xoxp-${this.chars(DIGITS, 12)}-${this.chars(DIGITS, 12)}-${this.chars(DIGITS, 13)}-${this.chars(HEX, 32)}`,
    ])();
  }
  slackWebhookPath(): string {
    return `T${this.chars(UPPER + DIGITS, 8)}/B${this.chars(UPPER + DIGITS, 10)}/${this.chars(ALNUM, 24)}`;
  }
  stripeKey(): string {
    return this.pick(["sk_live_", "rk_live_", "sk_test_"]) + this.chars(ALNUM, this.int(24, 99));
  }
  openaiKey(): string {
    return this.pick([
      () => `sk-proj-${this.chars(B64URL, 56)}T3BlbkFJ${this.chars(B64URL, 55)}${this.chars(ALNUM, 1)}`,
      () => `sk-${this.chars(ALNUM, 20)}T3BlbkFJ${this.chars(ALNUM, 20)}`,
      () => `sk-svcacct-${this.chars(B64URL, 60)}${this.chars(ALNUM, 1)}`,
    ])();
  }
  anthropicKey(): string {
    return `sk-ant-${this.pick(["api03", "admin01"])}-${this.chars(B64URL, 93)}AA`;
  }
  openrouterKey(): string {
    return `sk-or-v1-${this.chars(HEX, 64)}`;
  }
  jwt(): string {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const header = enc(this.pick([{ alg: "HS256", typ: "JWT" }, { alg: "RS256", kid: this.chars(HEX, 8) }, { typ: "JWT", alg: "ES256" }]));
    const payload = enc({ sub: this.chars(DIGITS, 8), iss: "https://auth.example.test", exp: 1700000000 + this.int(0, 1e6) });
    return `${header}.${payload}.${this.chars(B64URL, 43)}`;
  }
  password(): string {
    return this.pick([
      () => this.pick(["hunter2", "letmein!", "Winter2024", "s3cr3t", "P@ssw0rd", "tr0ub4dor&3"]),
      () => this.chars(ALNUM, this.int(8, 24)),
      () => this.chars(ALNUM + "!%^*_-", this.int(10, 20)),
    ])();
  }
  opaqueToken(): string {
    return this.chars(ALNUM, this.int(24, 40)) + this.pick(["", ".", "-"]) + this.chars(DIGITS, 1) + this.chars(ALNUM, this.int(4, 8));
  }
  pem(kind = this.pick(["RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]), eol = "\n"): string {
    const size = kind === "RSA PRIVATE KEY" ? this.pick([600, 1200]) : kind.startsWith("EC") ? 160 : 380;
    const body = (kind === "OPENSSH PRIVATE KEY" ? "b3BlbnNzaC1rZXktdjEAAAAA" : "MII") + this.chars(B64, size);
    const lines = body.match(/.{1,64}/g)!;
    return [`-----BEGIN ${kind}-----`, ...lines, `-----END ${kind}-----`].join(eol);
  }
  /** A GitHub token's checksum that does not match its random part. */
  badChecksumSuffix(body: string): string {
    return base62((crc32(body) + 1) % 2 ** 32, 6);
  }
  knownValue(): string {
    return this.pick([
      () => this.chars(ALNUM, this.int(12, 24)),
      () => `${this.chars(LOWER, 5)}-${this.chars(LOWER, 6)}-${this.chars(DIGITS, 3)}`,
      () => `${this.chars(ALNUM, 6)}/${this.chars(ALNUM, 4)}+${this.chars(ALNUM, 4)}=`,
      () => `${this.chars(ALNUM, 6)}"q\\${this.chars(ALNUM, 6)} é`,
    ])();
  }
}

