import { describe, expect, it } from "vitest";
import { base62, crc32, githubChecksumValid } from "./checksum";
import { RULES } from "./rules";
import { redactText } from "./stream-redactor";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** The (rule id, secret) pairs found in `text`. */
const found = (text: string) => redactText(text).findings.map((f) => [f.ruleId, f.secret]);

function githubToken(prefix: string, random: string): string {
  return `${prefix}_${random}${base62(crc32(random), 6)}`;
}

const RANDOM30 = "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0";
const GH = githubToken("ghp", RANDOM30);
const JWT = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: "42" })}.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU`;
const PEM_BODY = "MIIEpAIBAAKCAQEA1x2y3z4w5v6u7t8s9r0q\nZmFrZWZha2VmYWtlZmFrZWZha2U=";

// Every rule with text it must find (and the secret) and text it must leave alone.
const CASES: Record<string, { hit: [text: string, secret: string][]; miss: string[] }> = {
  "aws-access-key-id": {
    hit: [
      ["key AKIAIOSFODNN7EXAMPLE here", "AKIAIOSFODNN7EXAMPLE"],
      ['"AccessKeyId": "ASIAY34FZKBOKMUTVV7A"', "ASIAY34FZKBOKMUTVV7A"],
    ],
    miss: ["AKIA prefixes mark long-term keys; AKIAS too", "xAKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLEX", "AKIAIOSFODNN7EXAMP1E"],
  },
  "aws-secret-access-key": {
    hit: [
      ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
      ['"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",', "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
      [`aws_session_token=${"IQoJb3JpZ2luX2VjE".padEnd(120, "A")}`, "IQoJb3JpZ2luX2VjE".padEnd(120, "A")],
    ],
    miss: ["aws_access_key_id = AKIA", "the secret access key is rotated"],
  },
  "gcp-api-key": {
    hit: [["?key=AIzaSyD-1234567890abcdefghijklmnopqrstu&x=1", "AIzaSyD-1234567890abcdefghijklmnopqrstu"]],
    miss: ["AIzaSyD-short", "AIza is the prefix"],
  },
  "gcp-service-account-key": {
    hit: [['  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n",', "-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n"]],
    miss: ['  "private_key_id": "0123456789abcdef0123456789abcdef01234567",'],
  },
  "azure-storage-key": {
    hit: [[`DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${"a".repeat(86)}==;EndpointSuffix=core.windows.net`, `${"a".repeat(86)}==`]],
    miss: ["AccountName=devstoreaccount1;"],
  },
  "azure-client-secret": {
    hit: [['"password": "abc8Q~Xy1Z2w3V4u5T6s7R8q9P0o1N2m3L4k5J6",', "abc8Q~Xy1Z2w3V4u5T6s7R8q9P0o1N2m3L4k5J6"]],
    miss: ["Q~ alone", "abc8Q~short"],
  },
  "azure-client-secret-assignment": {
    hit: [["ARM_CLIENT_SECRET=s3cr3t-value", "s3cr3t-value"]],
    miss: ["ARM_CLIENT_ID=00000000-0000-0000-0000-000000000000"],
  },
  "github-token": {
    hit: [
      [`GITHUB_TOKEN=${GH}`, GH],
      [`https://x-access-token:${githubToken("ghs", RANDOM30)}@github.com/o/r.git`, githubToken("ghs", RANDOM30)],
    ],
    miss: [`ghp_${RANDOM30}AAAAAA`, "ghp_ is a prefix"],
  },
  "github-fine-grained-pat": {
    hit: [[`token github_pat_${"A".repeat(22)}_${"b".repeat(59)} end`, `github_pat_${"A".repeat(22)}_${"b".repeat(59)}`]],
    miss: ["github_pat_short"],
  },
  "gitlab-token": {
    hit: [
      ["glpat-AbCdEfGhIjKlMnOpQrSt.", "glpat-AbCdEfGhIjKlMnOpQrSt"],
      ["glrt-t1_AbCdEfGhIjKlMnOpQrStUv", "glrt-t1_AbCdEfGhIjKlMnOpQrStUv"],
    ],
    miss: ["glpat-short"],
  },
  "slack-token": {
    hit: [["xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"]],
    miss: ["xoxb-", "xoxb-notatoken"],
  },
  "slack-webhook": {
    hit: [["https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"]],
    miss: ["https://hooks.slack.com/services/"],
  },
  "stripe-key": {
    hit: [["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"], ["rk_test_4eC39HqLyjWDarjtT1zdp7dc", "rk_test_4eC39HqLyjWDarjtT1zdp7dc"]],
    miss: ["pk_live_4eC39HqLyjWDarjtT1zdp7dc", "ask_live_4eC39HqLyjWDarjtT1zdp7dc"],
  },
  "openai-key": {
    hit: [
      [`sk-proj-${"x".repeat(40)}`, `sk-proj-${"x".repeat(40)}`],
      [`sk-${"a".repeat(20)}T3BlbkFJ${"b".repeat(20)}`, `sk-${"a".repeat(20)}T3BlbkFJ${"b".repeat(20)}`],
    ],
    miss: ["sk-learn", "risk-free", "task-0123456789abcdefghijklmnopqrstuvwxyz"],
  },
  "anthropic-key": {
    hit: [[`sk-ant-api03-${"Z".repeat(93)}AA`, `sk-ant-api03-${"Z".repeat(93)}AA`]],
    miss: ["sk-ant-api03-short"],
  },
  "openrouter-key": {
    hit: [[`sk-or-v1-${"0f".repeat(32)}`, `sk-or-v1-${"0f".repeat(32)}`]],
    miss: [`sk-or-v1-${"0f".repeat(31)}`],
  },
  "pem-private-key": {
    hit: [
      [`-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`, `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`],
      [
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n\r\nMIIE\r\n-----END ENCRYPTED PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n\r\nMIIE\r\n-----END ENCRYPTED PRIVATE KEY-----",
      ],
      // head -3 of a key file: what was shown is masked.
      [`-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAA\n$ ls`, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAA"],
    ],
    miss: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"],
  },
  jwt: {
    hit: [[`id_token ${JWT} ok`, JWT]],
    miss: [`${b64url({ typ: "JWT" })}.${b64url({ sub: "1" })}.sig`, "eyJ.eyJ.x", `data${JWT}`],
  },
  "url-password": {
    hit: [
      ["postgres://app:hunter2@db:5432/app", "hunter2"],
      ["redis://:p%40ss@cache:6379", "p%40ss"],
      ["mongodb+srv://u:P@ssw0rd@cluster0.example.test/db", "P@ssw0rd"],
    ],
    miss: ["http://localhost:3000/a?b=c@d", "postgres://app:${DB_PASSWORD}@db/app", "https://user:password@example.test", "git@github.com:org/repo.git"],
  },
  "http-authorization": {
    hit: [
      ["> Authorization: Bearer abc123def456", "abc123def456"],
      [`authorization: Basic ${b64("admin:hunter2")}`, b64("admin:hunter2")],
      ['"value": "Bearer 9f8e7d6c5b4a39281706f5e4"', "9f8e7d6c5b4a39281706f5e4"],
    ],
    miss: ["Use a Bearer token.", 'curl -H "Authorization: Bearer $TOKEN"', "Basic authentication", "Bearer authentication-scheme"],
  },
  "secret-assignment": {
    hit: [
      ["DB_PASSWORD=hunter2", "hunter2"],
      ["export API_KEY='abc 123'", "abc 123"],
      ['{"password":"p\\"w"}', 'p\\"w'],
      ["  client_secret: s3cr3t", "s3cr3t"],
      ["--password=hunter2 --verbose", "hunter2"],
      ["> X-Api-Key: 0123456789abcdef", "0123456789abcdef"],
      ["//registry.npmjs.org/:_authToken=npm_abcdef", "npm_abcdef"],
      ["PGPASSWORD=x psql", "x"],
      ["GET /cb?access_token=abc123&state=1", "abc123"],
    ],
    miss: [
      "PATH=/usr/bin",
      "PWD=/home/dev",
      "max_tokens: 1024",
      "password_min_length: 12",
      'DB_PASSWORD="${DB_PASSWORD}"',
      "password: ********",
      "Enter the password: now",
      "token: null",
      "PASSWORD_FILE=/run/secrets/db",
      'password = os.getenv("PW")',
      "public_key=ssh-ed25519",
    ],
  },
  "sql-password": {
    hit: [
      ["ALTER USER app WITH PASSWORD 'hunter2';", "hunter2"],
      ["CREATE ROLE report LOGIN ENCRYPTED PASSWORD 'it''s-s3cret' VALID UNTIL 'infinity';", "it''s-s3cret"],
      ["mysql> CREATE USER 'app'@'%' IDENTIFIED BY 'Tr0ub4dor&3';", "Tr0ub4dor&3"],
      ["ALTER USER app IDENTIFIED WITH mysql_native_password BY 'pa55';", "pa55"],
    ],
    miss: ["ALTER USER app WITH PASSWORD NULL;", "-- the password is set by ops", "ORDER BY 'name'", "CREATE ROLE app PASSWORD '${DB_PASSWORD}';"],
  },
  "k8s-secret-data": {
    hit: [
      [`data:\n  password: ${b64("hunter2")}\n  user: ${b64("app")}\nkind: Secret\n`, b64("hunter2")],
      [`data:\n  settings: ${b64(`TOKEN=${GH}\n`)}\n`, b64(`TOKEN=${GH}\n`)],
      [`items:\n- data:\n    tls.key: ${b64("not pem")}\n  kind: Secret\n`, b64("not pem")],
    ],
    miss: [`data:\n  LOG_LEVEL: debug\n  host: ${b64("db.internal")}\nkind: ConfigMap\n`],
  },
};

describe("rules", () => {
  it("every rule has an id, family, description and a test here", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) expect(r.description.length).toBeGreaterThan(10);
    const engine = new Set(["known-value", "held-back-overflow", "edited-line-overflow"]);
    for (const id of ids) if (!engine.has(id)) expect(CASES[id], id).toBeDefined();
  });

  for (const [id, { hit, miss }] of Object.entries(CASES)) {
    describe(id, () => {
      it.each(hit)("finds %j", (text, secret) => {
        expect(found(text)).toContainEqual([id, secret]);
      });
      it.each(miss)("leaves %j alone", (text) => {
        expect(found(text).filter(([rule]) => rule === id)).toEqual([]);
      });
    });
  }
});

describe("GitHub checksum", () => {
  it("accepts the CRC-32 of the random part in base62 and rejects any other", () => {
    expect(githubChecksumValid(GH)).toBe(true);
    expect(githubChecksumValid(GH.slice(0, -1) + (GH.endsWith("A") ? "B" : "A"))).toBe(false);
    expect(crc32("123456789")).toBe(0xcbf43926); // the standard check value
    expect(base62(61, 2)).toBe("0z");
  });
});

describe("overlapping rules", () => {
  it("report the most specific family and mask the union", () => {
    const r = redactText(`Authorization: Bearer ${JWT}`);
    expect(r.findings.map((f) => f.ruleId)).toEqual(["jwt"]);
    const k = redactText(`data:\n  password: ${b64("hunter2")}\n`);
    expect(k.findings.map((f) => f.ruleId)).toEqual(["k8s-secret-data"]);
  });
});
