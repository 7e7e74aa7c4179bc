// Every secret family in the places it is printed plainly (env dumps, JSON, YAML, logs, traces,
// tables, terraform, curl -v, …), and as one command line a person or an agent types, which
// the edited, rewritten and echoed contexts (transforms.ts) are made from.
import { Fakes, ALNUM, B64, HEX, LOWER } from "./fakes";

export interface ExpectedSecret {
  family: string;
  /** Raw range of the secret in its stream: from its first character to its last. */
  start: number;
  end: number;
  /** The secret as encoded or laid out in the text: what must not survive redaction. */
  value: string;
  /** The raw ranges that must be masked, when the secret is not one run (a wrapped block, a table cell). */
  ranges?: [number, number][];
  /** The secret as the terminal shows it, when only the rendered screen holds it whole. */
  screen?: string;
  /** The stream it was written to, in items made of input and output events. */
  stream?: "input" | "output";
}

const ESC = "\x1b";
const COLORS = [31, 32, 33, 34, 35, 36, 91, 92, 93];

/** Builds an item's text while recording the raw range of each secret written into it. */
export class ItemBuilder {
  text = "";
  secrets: ExpectedSecret[] = [];
  known: string[] = [];

  t(s: string): this {
    this.text += s;
    return this;
  }

  /**
   * Writes a secret. `each` colours every character, `around` wraps it in one colour, `lines`
   * colours each line of a multi-line secret (as syntax highlighters print key files).
   */
  s(family: string, value: string, style?: "each" | "around" | "lines"): this {
    let raw = value;
    if (style === "each") raw = [...value].map((c, i) => (i === 0 ? c : `${ESC}[${COLORS[i % COLORS.length]}m${c}`)).join("");
    if (style === "lines") raw = value.replace(/(\r?\n)/g, `${ESC}[0m$1${ESC}[32m`);
    if (style === "each") this.text += `${ESC}[${COLORS[0]}m`;
    if (style === "around" || style === "lines") this.text += `${ESC}[1;32m`;
    const start = this.text.length;
    this.text += raw;
    this.secrets.push({ family, start, end: this.text.length, value });
    if (style !== undefined) this.text += `${ESC}[0m`;
    return this;
  }

  /** Records a secret already written at [start, end) of the text. */
  mark(family: string, start: number, end: number, value: string): this {
    this.secrets.push({ family, start, end, value });
    return this;
  }
}

export interface Context {
  name: string;
  /** Prints colour codes: blob transforms (base64, JSON, tables) take plain contexts only. */
  ansi?: boolean;
  build: (b: ItemBuilder, f: Fakes) => void;
}

/** A command line that carries a secret: what is typed before it, the secret, what follows. */
export interface CommandLine {
  before: string;
  secret: string;
  after: string;
  known?: string[];
}

export interface Family {
  family: string;
  contexts: Context[];
  line: (f: Fakes) => CommandLine;
}

type Token = { family: string; value: string; name: string };

/** Contexts in which any format-recognisable token may appear. */
const TOKEN_CONTEXTS: { name: string; ansi?: boolean; build: (b: ItemBuilder, tok: Token, f: Fakes) => void }[] = [
  {
    name: "ansi-log",
    ansi: true,
    build: (b, tok) => b.t(`${ESC}[2m2024-05-01T12:00:00Z${ESC}[0m ${ESC}[33mWARN${ESC}[0m uploading with credential `).s(tok.family, tok.value, "around").t(" to bucket\n"),
  },
  { name: "ansi-every-char", ansi: true, build: (b, tok) => b.t(`${ESC}[1mcredential:${ESC}[0m `).s(tok.family, tok.value, "each").t("\n$ ") },
  {
    name: "env-dump",
    build: (b, tok) => b.t("SHELL=/bin/bash\nHOME=/home/dev\nTERM=xterm-256color\n").t(`${tok.name}=`).s(tok.family, tok.value).t("\nPATH=/usr/local/bin:/usr/bin:/bin\nLANG=en_US.UTF-8\n"),
  },
  { name: "export", build: (b, tok) => b.t(`$ export ${tok.name}="`).s(tok.family, tok.value).t('"\n$ ./deploy.sh\n') },
  { name: "json", build: (b, tok) => b.t(`{\n  "id": 4211,\n  "name": "ci-deploy",\n  "value": "`).s(tok.family, tok.value).t(`",\n  "created_at": "2024-05-01T12:00:00Z"\n}\n`) },
  { name: "yaml", build: (b, tok) => b.t("service:\n  name: api\n  replicas: 3\n  integrations:\n    - kind: upstream\n      credential: ").s(tok.family, tok.value).t("\n      timeout: 30s\n") },
  {
    name: "psql-table",
    build: (b, tok, f) =>
      b
        .t(" id |   name   |                  credential                  | active \n----+----------+----------------------------------------------+--------\n")
        .t(`  ${f.int(1, 9)} | deploy   | `)
        .s(tok.family, tok.value)
        .t(" | t\n  2 | readonly | (null)                                       | f\n(2 rows)\n\n"),
  },
  {
    name: "stack-trace",
    build: (b, tok) =>
      b
        .t('Traceback (most recent call last):\n  File "/app/client.py", line 88, in send\n    raise AuthError(f"rejected credential {cred}")\nAuthError: rejected credential ')
        .s(tok.family, tok.value)
        .t("\n"),
  },
  { name: "typed-echo", build: (b, tok) => b.t("$ ").t(`curl -s -H 'X-Upstream: `).s(tok.family, tok.value).t("' https://api.example.test/v1/ping\r\n") },
  {
    name: "docker-inspect",
    build: (b, tok) =>
      b.t(`        "Env": [\n            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",\n            "${tok.name}=`).s(tok.family, tok.value).t(`",\n            "NODE_VERSION=20.11.1"\n        ],\n`),
  },
  { name: "terraform", build: (b, tok) => b.t("\nApply complete! Resources: 3 added, 0 changed, 0 destroyed.\n\nOutputs:\n\nendpoint = \"https://api.example.test\"\nissued = \"").s(tok.family, tok.value).t('"\n') },
  { name: "ci-log", build: (b, tok) => b.t("##[group]Run ./scripts/release.sh\n2024-05-01T12:00:01.1234567Z using ").s(tok.family, tok.value).t(" for registry push\n##[endgroup]\n") },
  {
    name: "curl-verbose",
    build: (b, tok) =>
      b.t("* Connected to api.example.test (10.0.0.7) port 443\n> GET /v1/models HTTP/2\n> Host: api.example.test\n> Authorization: Bearer ").s(tok.family, tok.value).t("\n> user-agent: curl/8.5.0\n>\n< HTTP/2 200\n"),
  },
  { name: "python-repl", build: (b, tok) => b.t('>>> client = Client(base_url="https://api.example.test", credential="').s(tok.family, tok.value).t('")\n>>> client.ping()\nTrue\n') },
];

function tokenFamily(family: string, make: (f: Fakes) => string, names: string[], extra: Context[] = []): Family {
  return {
    family,
    contexts: [
      ...TOKEN_CONTEXTS.map((c) => ({ name: c.name, ansi: c.ansi, build: (b: ItemBuilder, f: Fakes) => c.build(b, { family, value: make(f), name: f.pick(names) }, f) })),
      ...extra,
    ],
    line: (f) => ({ before: `export ${f.pick(names)}=`, secret: make(f), after: "" }),
  };
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

export const FAMILIES: Family[] = [
  tokenFamily("aws", (f) => f.awsKeyId(), ["AWS_ACCESS_KEY_ID"], [
    {
      name: "aws-credentials-file",
      build: (b, f) => b.t("$ cat ~/.aws/credentials\n[default]\naws_access_key_id = ").s("aws", f.awsKeyId()).t("\naws_secret_access_key = ").s("aws", f.awsSecret()).t("\nregion = eu-west-1\n"),
    },
    {
      name: "aws-sts-json",
      build: (b, f) =>
        b
          .t('{\n    "Credentials": {\n        "AccessKeyId": "')
          .s("aws", "ASIA" + f.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
          .t('",\n        "SecretAccessKey": "')
          .s("aws", f.awsSecret())
          .t('",\n        "SessionToken": "')
          .s("aws", "IQoJb3JpZ2luX2VjE" + f.chars(B64, 300))
          .t('",\n        "Expiration": "2024-05-01T13:00:00+00:00"\n    }\n}\n'),
    },
  ]),
  {
    ...tokenFamily("gcp", (f) => f.gcpApiKey(), ["GOOGLE_API_KEY", "MAPS_API_KEY"], [
      {
        name: "gcp-service-account-json",
        build: (b, f) => {
          const pem = f.pem("PRIVATE KEY") + "\n";
          b.t(`$ cat sa.json\n{\n  "type": "service_account",\n  "project_id": "demo-${f.chars(LOWER, 6)}",\n  "private_key_id": "${f.chars(HEX, 40)}",\n  "private_key": "`)
            .s("gcp", JSON.stringify(pem).slice(1, -1))
            .t(`",\n  "client_email": "ci@demo.iam.gserviceaccount.test",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}\n`);
        },
      },
      {
        name: "gcp-service-account-repr",
        build: (b, f) => {
          const pem = f.pem("PRIVATE KEY") + "\n";
          b.t("google.auth.exceptions.MalformedError: bad key in {'type': 'service_account', 'private_key': '")
            .s("gcp", JSON.stringify(pem).slice(1, -1))
            .t("', 'client_email': 'ci@demo.iam.gserviceaccount.test'}\n");
        },
      },
    ]),
    line: (f) => ({ before: 'curl -s "https://maps.googleapis.com/maps/api/geocode/json?address=Paris&key=', secret: f.gcpApiKey(), after: '"' }),
  },
  tokenFamily("azure", (f) => f.azureClientSecret(), ["AZURE_CLIENT_SECRET", "GRAPH_CLIENT_SECRET"], [
    {
      name: "azure-connection-string",
      build: (b, f) =>
        b.t(`AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=st${f.chars(LOWER, 8)};AccountKey=`).s("azure", f.azureStorageKey()).t(";EndpointSuffix=core.windows.net\n"),
    },
    { name: "azure-env-client-secret", build: (b, f) => b.t("$ env | grep ^AZURE\nAZURE_TENANT_ID=72f988bf-86f1-41af-91ab-2d7cd011db47\nAZURE_CLIENT_SECRET=").s("azure", f.password()).t("\n") },
  ]),
  tokenFamily("github", (f) => (f.rand() < 0.75 ? f.githubToken() : f.githubPat()), ["GITHUB_TOKEN", "GH_TOKEN"]),
  tokenFamily("gitlab", (f) => f.gitlabToken(), ["GITLAB_TOKEN", "CI_JOB_TOKEN_OVERRIDE"]),
  tokenFamily("slack", (f) => f.slackToken(), ["SLACK_BOT_TOKEN"], [
    {
      name: "slack-webhook-curl",
      build: (b, f) => b.t(`$ curl -X POST -d '{"text":"deploy done"}' https://hooks.slack.com/services/`).s("slack", f.slackWebhookPath()).t("\nok\n"),
    },
  ]),
  tokenFamily("stripe", (f) => f.stripeKey(), ["STRIPE_SECRET_KEY", "STRIPE_API_KEY"]),
  tokenFamily("openai", (f) => f.openaiKey(), ["OPENAI_API_KEY"]),
  tokenFamily("anthropic", (f) => f.anthropicKey(), ["ANTHROPIC_API_KEY"]),
  tokenFamily("openrouter", (f) => f.openrouterKey(), ["OPENROUTER_API_KEY"]),
  tokenFamily("jwt", (f) => f.jwt(), ["ID_TOKEN", "SESSION_JWT"]),
  {
    family: "pem",
    contexts: [
      { name: "pem-file", build: (b, f) => b.t("$ cat ~/.ssh/id_ed25519\n").s("pem", f.pem()).t("\n$ ") },
      { name: "pem-crlf", build: (b, f) => b.t("PS C:\\> type key.pem\r\n").s("pem", f.pem(undefined, "\r\n")).t("\r\nPS C:\\> ") },
      {
        name: "pem-highlighted",
        ansi: true,
        build: (b, f) => b.t(`${ESC}[2m───────┬──────\n${ESC}[0m  key.pem\n`).s("pem", f.pem("EC PRIVATE KEY"), "lines").t(`\n${ESC}[2m───────┴──────${ESC}[0m\n`),
      },
      {
        name: "pem-yaml-block",
        build: (b, f) => {
          const pem = f.pem("RSA PRIVATE KEY");
          b.t("tls:\n  cert: /etc/tls/cert.pem\n  key: |\n");
          const start = b.text.length + 4;
          b.t(pem.split("\n").map((l) => `    ${l}`).join("\n"));
          b.mark("pem", start, b.text.length, b.text.slice(start));
          b.secrets[b.secrets.length - 1].ranges = lineRanges(b.text, start, b.text.length, 4);
          b.t("\n  ciphers: modern\n");
        },
      },
    ],
    line: (f) => ({ before: "printf '", secret: f.pem("EC PRIVATE KEY").replace(/\n/g, "\\n"), after: "\\n' > key.pem" }),
  },
  {
    family: "url",
    contexts: [
      { name: "database-url-env", build: (b, f) => b.t(`DATABASE_URL=postgres://app_${f.chars(LOWER, 4)}:`).s("url", f.password()).t(`@db.internal:5432/app?sslmode=require\nREDIS_URL=redis://cache:6379/0\n`) },
      {
        name: "connection-error",
        build: (b, f) =>
          b.t(`Error: connect ECONNREFUSED 10.0.0.5:5672\n    at AmqpClient.connect (amqp://guest:`).s("url", f.password()).t(`@rabbit.internal:5672/vhost)\n    at async main (/app/src/worker.ts:14:3)\n`),
      },
      {
        name: "git-remote",
        build: (b, f) => {
          const user = f.pick(["deploy", "ci-bot", "jenkins"]);
          const pass = f.password();
          b.t(`$ git remote -v\norigin\thttps://${user}:`).s("url", pass).t(`@git.example.test/team/app.git (fetch)\norigin\thttps://${user}:`).s("url", pass).t("@git.example.test/team/app.git (push)\n");
        },
      },
      { name: "psql-command", build: (b, f) => b.t(`$ psql "postgresql://report:`).s("url", f.password()).t(`@warehouse.internal/analytics" -c 'select 1'\n ?column? \n----------\n        1\n(1 row)\n\n`) },
    ],
    line: (f) => ({ before: 'psql "postgres://app:', secret: f.chars(ALNUM, f.int(10, 20)), after: '@db.internal:5432/app"' }),
  },
  {
    family: "auth-header",
    contexts: [
      {
        name: "http-trace",
        build: (b, f) =>
          b.t(`POST /api/v2/jobs HTTP/1.1\r\nHost: ci.example.test\r\nAuthorization: Bearer `).s("auth-header", f.opaqueToken()).t("\r\nContent-Type: application/json\r\nContent-Length: 42\r\n\r\n"),
      },
      {
        name: "curl-verbose-basic",
        build: (b, f) => {
          const creds = b64(`${f.pick(["admin", "deploy", "svc"])}:${f.password()}`);
          b.t("* Server auth using Basic with user 'admin'\n> GET /api/health HTTP/1.1\n> Host: nexus.internal\n> Authorization: Basic ").s("auth-header", creds).t("\n> User-Agent: curl/8.5.0\n> Accept: */*\n");
        },
      },
      { name: "har-json", build: (b, f) => b.t(`        { "name": "authorization", "value": "Bearer `).s("auth-header", f.opaqueToken()).t(`" },\n        { "name": "accept", "value": "*/*" },\n`) },
    ],
    line: (f) => ({ before: 'curl -s -H "Authorization: Bearer ', secret: f.opaqueToken(), after: '" https://api.example.test/v1/jobs' }),
  },
  {
    family: "env",
    contexts: [
      { name: "dotenv", build: (b, f) => b.t("$ cat .env\nNODE_ENV=production\nPORT=3000\nDB_PASSWORD=").s("env", f.password()).t("\nLOG_LEVEL=info\n") },
      { name: "yaml-config", build: (b, f) => b.t("database:\n  host: db.internal\n  user: app\n  password: ").s("env", f.password()).t("\n  pool: 10\n") },
      { name: "json-config", build: (b, f) => b.t(`{"host":"smtp.example.test","port":587,"username":"mailer","password":"`).s("env", f.password()).t(`","tls":true}\n`) },
      { name: "pypirc", build: (b, f) => b.t("[distutils]\nindex-servers = internal\n\n[internal]\nrepository = https://pypi.internal/simple\nusername = uploader\npassword = ").s("env", f.password()).t("\n") },
      { name: "npmrc", build: (b, f) => b.t("$ cat ~/.npmrc\nregistry=https://npm.internal/\n//npm.internal/:_authToken=").s("env", f.opaqueToken()).t("\nalways-auth=true\n") },
      { name: "docker-compose", build: (b, f) => b.t("    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: ").s("env", f.password()).t("\n      POSTGRES_DB: app\n") },
      { name: "cli-flag", build: (b, f) => b.t("$ ./migrate --host db.internal --user admin --password=").s("env", f.password()).t(" --dry-run\nmigrations: 0 pending\n") },
      { name: "terraform-output", build: (b, f) => b.t("\nOutputs:\n\ndb_endpoint = \"db.internal:5432\"\nadmin_password = \"").s("env", f.password()).t('"\n') },
      { name: "api-key-header", build: (b, f) => b.t("> POST /v1/events HTTP/1.1\n> Host: events.example.test\n> X-Api-Key: ").s("env", f.opaqueToken()).t("\n> Content-Type: application/json\n") },
    ],
    line: (f) => ({ before: `export ${f.pick(["DB_PASSWORD", "API_SECRET", "SMTP_PASSWORD"])}=`, secret: f.chars(ALNUM, f.int(10, 20)), after: "" }),
  },
  {
    family: "kubernetes",
    contexts: [
      {
        name: "kubectl-secret-yaml",
        build: (b, f) => {
          b.t("$ kubectl get secret db-credentials -o yaml\napiVersion: v1\ndata:\n  password: ")
            .s("kubernetes", b64(f.password()))
            .t(`\n  username: ${b64("app")}\n  config.env: `)
            .s("kubernetes", b64(`API_TOKEN=${f.githubToken()}\nLOG_LEVEL=info\n`))
            .t(`\n  host: ${b64("db.internal")}\nkind: Secret\nmetadata:\n  name: db-credentials\n  namespace: default\ntype: Opaque\n`);
        },
      },
      {
        name: "kubectl-secret-json",
        build: (b, f) =>
          b
            .t('$ kubectl get secret api -o json\n{\n    "apiVersion": "v1",\n    "data": {\n        "api-token": "')
            .s("kubernetes", b64(f.opaqueToken()))
            .t(`",\n        "region": "${b64("eu-west-1")}"\n    },\n    "kind": "Secret",\n    "type": "Opaque"\n}\n`),
      },
    ],
    line: (f) => ({ before: `kubectl patch secret db -p '{"data":{"password":"`, secret: b64(f.password()), after: `"}}'` }),
  },
  {
    family: "known",
    contexts: [0, 1, 2, 3, 4].map((variant) => ({ name: `known-value-${variant}`, build: (b: ItemBuilder, f: Fakes) => knownItem(b, f, variant) })),
    line: (f) => {
      const value = f.knownValue();
      return { before: "echo ", secret: value, after: "", known: [value] };
    },
  },
  {
    family: "sql",
    contexts: [
      { name: "psql-session", build: (b, f) => b.t("app=# ALTER USER app WITH PASSWORD '").s("sql", f.password()).t("';\nALTER ROLE\napp=# ") },
      { name: "mysql-create-user", build: (b, f) => b.t("mysql> CREATE USER 'report'@'%' IDENTIFIED BY '").s("sql", f.password()).t("';\nQuery OK, 0 rows affected (0.01 sec)\n") },
      {
        name: "migration-file",
        build: (b, f) => b.t("$ cat migrations/0007_roles.sql\nCREATE ROLE reporting LOGIN ENCRYPTED PASSWORD '").s("sql", f.password()).t("' VALID UNTIL 'infinity';\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;\n"),
      },
      { name: "pg-log", build: (b, f) => b.t(`2024-05-01 12:00:01.123 UTC [4211] LOG:  statement: CREATE ROLE etl LOGIN PASSWORD '`).s("sql", f.password()).t("'\n") },
    ],
    line: (f) => ({ before: `psql -c "ALTER USER app WITH PASSWORD '`, secret: f.chars(ALNUM, f.int(10, 20)), after: `'"` }),
  },
];

/** The ranges of each line of [start, end), past an indentation of `indent` characters on every line but the first. */
export function lineRanges(text: string, start: number, end: number, indent: number): [number, number][] {
  const ranges: [number, number][] = [];
  let from = start;
  for (;;) {
    const nl = text.indexOf("\n", from);
    const to = nl === -1 || nl >= end ? end : nl;
    if (to > from) ranges.push([from, text[to - 1] === "\r" ? to - 1 : to]);
    if (to >= end) return ranges;
    from = to + 1 + indent;
  }
}

/** Known values as a session registers them, shown as is and encoded. */
function knownItem(b: ItemBuilder, f: Fakes, variant: number): void {
  const value = f.knownValue();
  b.known.push(value);
  const bytes = Buffer.from(value, "utf8");
  switch (variant % 5) {
    case 0:
      b.t("$ echo $SESSION_VALUE\n").s("known", value).t("\n$ ");
      return;
    case 1:
    case 2:
    case 3: {
      // base64 of a prefix of 0, 1 or 2 bytes (mod 3) then the value: each byte alignment.
      const prefix = ["id:", "u", "me"][(variant % 5) - 1];
      const encoded = Buffer.concat([Buffer.from(prefix), bytes]).toString("base64");
      const p = prefix.length;
      const start = Math.floor((8 * p) / 6);
      const end = encoded.length; // the value ends the stream: its last character and the padding
      b.t(`$ echo -n "${prefix}\${VALUE}" | base64\n`);
      const at = b.text.length;
      b.t(encoded + "\n").mark("known", at + start, at + end, encoded.slice(start, end));
      return;
    }
    default: {
      const percent = encodeURIComponent(value);
      b.t("GET /callback?state=xyz&sig=").s("known", percent).t(" HTTP/1.1\n");
      const json = JSON.stringify(value).slice(1, -1);
      if (json !== value) b.t('{"note":"').s("known", json).t('"}\n');
    }
  }
}

/** Text that looks a little like secrets but is not: none of it may be touched. */
export function negatives(f: Fakes): { context: string; text: string }[] {
  const uuid = () => `${f.chars(HEX, 8)}-${f.chars(HEX, 4)}-4${f.chars(HEX, 3)}-a${f.chars(HEX, 3)}-${f.chars(HEX, 12)}`;
  const body = f.chars(ALNUM, 30);
  const badChecksum = `ghp_${body}${f.badChecksumSuffix(body)}`;
  return [
    { context: "uuids", text: `request_id=${uuid()} trace_id=${uuid()}\nsession ${uuid()} closed\n` },
    { context: "git-log", text: `commit ${f.chars(HEX, 40)}\nAuthor: Dev <dev@example.test>\n\n    fix: retry token refresh\n\ncommit ${f.chars(HEX, 40)}\nMerge: ${f.chars(HEX, 7)} ${f.chars(HEX, 7)}\n` },
    { context: "sha256sum", text: `${f.chars(HEX, 64)}  dist/app.tar.gz\n${f.chars(HEX, 64)}  dist/app.zip\n` },
    { context: "base64-image", text: `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${f.chars(B64, 3000)}=" alt="logo">\n` },
    {
      context: "lorem",
      text: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. The key to a secret garden is patience; pass the token of friendship along.\n",
    },
    { context: "aws-prose", text: "Access key IDs that begin with AKIA are long-term; ASIA keys are temporary. AKIAS and the AKIA prefix are documented.\n" },
    { context: "ordinary-env", text: "PATH=/usr/local/bin:/usr/bin\nHOME=/home/dev\nTERM=xterm-256color\nSHELL=/bin/zsh\nPWD=/home/dev/src\nLANG=C.UTF-8\nTOKENIZERS_PARALLELISM=false\n" },
    { context: "test-output", text: ` ${ESC}[32m✓${ESC}[39m auth/token.test.ts ${ESC}[2m(12 tests)${ESC}[22m\n ${ESC}[32m✓${ESC}[39m keys passed\n\n Test Files  4 passed (4)\n      Tests  48 passed (48)\n` },
    { context: "llm-config", text: "model: gpt-4o\nmax_tokens: 1024\ntemperature: 0.2\npassword_min_length: 12\n" },
    { context: "placeholders", text: 'export DB_PASSWORD="${DB_PASSWORD}"\nAPI_KEY=<your-api-key>\npassword: ********\ntoken: null\nclient_secret = "(sensitive value)"\n' },
    { context: "plain-urls", text: "Listening on http://localhost:3000\nDB postgres://localhost:5432/app ready\nDocs: https://docs.example.test/auth#tokens\n" },
    { context: "bearer-prose", text: "Send a Bearer token in the Authorization header.\ncurl -H \"Authorization: Bearer $TOKEN\" https://api.example.test\n" },
    { context: "public-material", text: `-----BEGIN CERTIFICATE-----\nMIIB${f.chars(B64, 60)}\n-----END CERTIFICATE-----\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${f.chars(B64, 43)} dev@laptop\n` },
    { context: "near-misses", text: `scikit-learn risk-free sk-learn pk_live_${f.chars(ALNUM, 24)} ${badChecksum} eyJub3RhbGciOjF9.e30.abc\n` },
    { context: "password-prompt", text: "[sudo] password for dev: \nSorry, try again.\nEnter passphrase for key '/home/dev/.ssh/id_ed25519': \n" },
    { context: "configmap", text: "apiVersion: v1\ndata:\n  LOG_LEVEL: debug\n  replicas: \"3\"\nkind: ConfigMap\n" },
    { context: "ls-color", text: `total 24\ndrwxr-xr-x 5 dev dev 4096 May  1 12:00 ${ESC}[01;34mkeys${ESC}[0m\n-rw-r--r-- 1 dev dev  220 May  1 12:00 token_store.go\n` },
    { context: "npm-install", text: "npm WARN deprecated inflight@1.0.6: This module is not supported\nadded 312 packages, and audited 313 packages in 4s\nfound 0 vulnerabilities\n" },
    { context: "sql-prose", text: "ALTER USER app WITH PASSWORD NULL;\n-- rotate the password with ops\nSELECT name FROM users ORDER BY 'name';\n" },
    { context: "progress", text: `Downloading 10%\rDownloading 55%\rDownloading 100%\n${ESC}[2K${ESC}[1G⠋ Installing${ESC}[1G⠙ Installing\n` },
    { context: "base64-text", text: `${b64("The quick brown fox jumps over the lazy dog. Nothing secret here at all.\n")}\n` },
    { context: "escaped-json", text: `{"log":"{\\"level\\":\\"info\\",\\"msg\\":\\"GET https:\\/\\/example.test\\/health 200\\"}"}\n` },
  ];
}

