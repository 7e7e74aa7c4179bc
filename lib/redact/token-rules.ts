// Rules for credentials with a recognisable format of their own: a fixed prefix, a fixed
// alphabet and length, and where the vendor provides one, an offline validity check.
import { githubChecksumValid } from "./checksum";
import { ALNUM, DONE, charSet, inSet, runEnd, tokenStartsAt, type Candidate, type Rule } from "./rule";

interface TokenSpec {
  id: string;
  family: string;
  label: string;
  description: string;
  /** How the token begins. */
  prefixes: readonly string[];
  /** What the prefilter searches for: by default the prefixes, else a rarer part of them. */
  keywords?: readonly string[];
  /** How far into the token the keyword sits. */
  lead?: number;
  group: number;
  /** Characters of the token after its prefix. */
  body: string;
  /** The whole token, anchored. */
  shape: RegExp;
  validate?: (token: string) => boolean;
  /** Characters that must not precede the token (default: alphanumerics). */
  before?: string;
  /** Characters dropped from the end of a token (sentence punctuation). */
  trim?: string;
}

export function tokenRule(spec: TokenSpec): Rule {
  const body = charSet(spec.body);
  const before = spec.before ? charSet(spec.before) : ALNUM;
  const trim = charSet(spec.trim ?? "");
  const rule: Rule = {
    id: spec.id,
    family: spec.family,
    label: spec.label,
    description: spec.description,
    priority: 2,
    keywords: spec.keywords ?? spec.prefixes,
    group: spec.group,
    prefixes: spec.prefixes,
    scan(text, hit, final, out) {
      const start = hit - (spec.lead ?? 0);
      if (start < 0 || !tokenStartsAt(text, start, before)) return DONE;
      const prefix = spec.prefixes.find((k) => text.startsWith(k, start));
      if (prefix === undefined) return DONE;
      let end = runEnd(text, start + prefix.length, body, 512);
      if (end === text.length && !final) return end - start < 512 ? start : DONE;
      while (end > start && inSet(trim, text.charCodeAt(end - 1))) end--;
      const token = text.slice(start, end);
      if (spec.shape.test(token) && (spec.validate === undefined || spec.validate(token))) {
        out.push({ rule, start, end });
      }
      return DONE;
    },
  };
  return rule;
}

/** A JWT's header must decode to a JSON object naming its algorithm. */
function jwtHeaderValid(token: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, token.indexOf(".")), "base64url").toString("utf8"));
    return typeof header === "object" && header !== null && typeof (header as { alg?: unknown }).alg === "string";
  } catch {
    return false;
  }
}

export const awsAccessKeyId = tokenRule({
  id: "aws-access-key-id",
  family: "aws",
  label: "aws-key",
  description: "AWS access key id (AKIA long-term, ASIA temporary, ABIA, ACCA)",
  prefixes: ["AKIA", "ASIA", "ABIA", "ACCA"],
  group: 0,
  body: "A-Z0-9",
  shape: /^A(?:KIA|SIA|BIA|CCA)[A-Z2-7]{16}$/,
});

export const gcpApiKey = tokenRule({
  id: "gcp-api-key",
  family: "gcp",
  label: "gcp-key",
  description: "Google Cloud API key (AIza followed by 35 characters)",
  prefixes: ["AIza"],
  group: 0,
  body: "A-Za-z0-9_-",
  shape: /^AIza[A-Za-z0-9_-]{35}$/,
});

export const githubToken = tokenRule({
  id: "github-token",
  family: "github",
  label: "gh-token",
  description: "GitHub token (ghp_, gho_, ghu_, ghs_, ghr_) whose CRC-32 checksum verifies",
  prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
  group: 2,
  body: "A-Za-z0-9",
  shape: /^gh[pousr]_[A-Za-z0-9]{36}$/,
  validate: githubChecksumValid,
});

export const githubFineGrainedPat = tokenRule({
  id: "github-fine-grained-pat",
  family: "github",
  label: "gh-pat",
  description: "GitHub fine-grained personal access token (github_pat_)",
  prefixes: ["github_pat_"],
  group: 2,
  body: "A-Za-z0-9_",
  shape: /^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/,
});

export const gitlabToken = tokenRule({
  id: "gitlab-token",
  family: "gitlab",
  label: "gitlab",
  description: "GitLab personal, deploy, runner or trigger token (glpat-, gldt-, glrt-, glptt-)",
  prefixes: ["glpat-", "gldt-", "glrt-", "glptt-"],
  group: 2,
  body: "A-Za-z0-9_.-",
  trim: ".",
  shape: /^gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?$/,
});

export const slackToken = tokenRule({
  id: "slack-token",
  family: "slack",
  label: "slack",
  description: "Slack bot, user, app or refresh token (xoxb-, xoxp-, xoxa-, xoxr-, xoxe-, xapp-)",
  prefixes: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-"],
  group: 2,
  body: "A-Za-z0-9-",
  shape: /^(?:xox[bpares]-\d+-[A-Za-z0-9-]{8,}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{32,})$/,
});

export const stripeKey = tokenRule({
  id: "stripe-key",
  family: "stripe",
  label: "stripe",
  description: "Stripe secret or restricted key (sk_live_, rk_live_, sk_test_, rk_test_)",
  prefixes: ["sk_live_", "rk_live_", "sk_test_", "rk_test_"],
  keywords: ["k_live_", "k_test_"],
  lead: 1,
  group: 2,
  body: "A-Za-z0-9",
  shape: /^[rs]k_(?:live|test)_[A-Za-z0-9]{20,247}$/,
});

export const anthropicKey = tokenRule({
  id: "anthropic-key",
  family: "anthropic",
  label: "anthropic",
  description: "Anthropic API or admin key (sk-ant-)",
  prefixes: ["sk-"],
  keywords: ["k-"],
  lead: 1,
  group: 2,
  body: "A-Za-z0-9_-",
  shape: /^sk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_-]{32,}$/,
});

export const openrouterKey = tokenRule({
  id: "openrouter-key",
  family: "openrouter",
  label: "openrouter",
  description: "OpenRouter API key (sk-or-v1- followed by 64 hex digits)",
  prefixes: ["sk-"],
  keywords: ["k-"],
  lead: 1,
  group: 2,
  body: "A-Za-z0-9_-",
  shape: /^sk-or-v1-[0-9a-f]{64}$/,
});

export const openaiKey = tokenRule({
  id: "openai-key",
  family: "openai",
  label: "openai",
  description: "OpenAI API key (sk-, sk-proj-, sk-svcacct-, sk-admin-)",
  prefixes: ["sk-"],
  keywords: ["k-"],
  lead: 1,
  group: 2,
  body: "A-Za-z0-9_-",
  shape: /^sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{32,})$/,
});

export const jwt = tokenRule({
  id: "jwt",
  family: "jwt",
  label: "jwt",
  description: "JSON Web Token: three base64url parts whose header decodes to JSON with alg",
  prefixes: ["eyJ"],
  keywords: ["yJ"],
  lead: 1,
  group: 0,
  body: "A-Za-z0-9_.-",
  before: "A-Za-z0-9_.-",
  trim: ".",
  shape: /^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/,
  validate: jwtHeaderValid,
});

// Entra ID (Azure AD) client secrets: 3 characters, a digit, "Q~", then 31 to 34 characters.
// The keyword sits inside the secret, so the start is found by looking back from it.
const AZURE_CHARS = charSet("A-Za-z0-9_~.-");
const AZURE_SECRET = /^[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}$/;
const AZURE_TAIL = /(?<![A-Za-z0-9_~.-])(?:[A-Za-z0-9_~.-]{1,3}|[A-Za-z0-9_~.-]{3}\dQ?)$/;

export const azureClientSecret: Rule = {
  id: "azure-client-secret",
  family: "azure",
  label: "azure-secret",
  description: "Microsoft Entra ID (Azure AD) client secret (…Q~…), anywhere",
  priority: 2,
  keywords: ["Q~"],
  group: 0,
  tailHold(text) {
    // Seven characters are enough: a prefix is at most five, and the lookbehind needs one more.
    const tail = text.slice(-7);
    const m = AZURE_TAIL.exec(tail);
    return m === null ? text.length : text.length - tail.length + m.index;
  },
  scan(text, hit, final, out: Candidate[]) {
    const start = hit - 4;
    if (start < 0 || !tokenStartsAt(text, start, AZURE_CHARS)) return DONE;
    let end = runEnd(text, hit + 2, AZURE_CHARS, 64);
    if (end === text.length && !final) return end - start < 64 ? start : DONE;
    while (text.charCodeAt(end - 1) === 0x2e) end--; // a sentence's full stop
    if (AZURE_SECRET.test(text.slice(start, end))) out.push({ rule: azureClientSecret, start, end });
    return DONE;
  },
};
