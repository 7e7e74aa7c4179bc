// The demo sessions recorded into an empty database. Every credential here is fake, in the
// real format of its kind, so the masking and the secret index have something to find.
import { base62, crc32 } from "@/lib/redact/checksum";
import type { CreateSessionInput } from "@/lib/protocol/session.schema";

/** A fake GitHub classic token whose checksum is valid, as real ones are. */
function fakeGithubToken(body: string): string {
  return `ghp_${body}${base62(crc32(body), 6)}`;
}

export const DEMO_SECRETS = {
  awsAccessKeyId: "AKIA4QF7LZ2NXR5WTB3M",
  awsSecretAccessKey: "h7Qx9Lr2Kp0VwZ3mN8sT5yB1cF6dG4jE2uA9oRkX",
  githubToken: fakeGithubToken("Zk3Q9fXw2LmN8vR4tY7uB1cD6eH0jA"),
  databasePassword: "S3cr3t-Pa55w0rd-2026",
} as const;

export interface DemoBatch {
  format: "asciicast" | "ndjson";
  body: string;
}

export interface DemoSession {
  agent: string;
  session: CreateSessionInput;
  batches: DemoBatch[];
}

const ESC = "\u001b";
const dim = (s: string) => `${ESC}[90m${s}${ESC}[0m`;
const bold = (s: string) => `${ESC}[1m${s}${ESC}[0m`;
const green = (s: string) => `${ESC}[1;32m${s}${ESC}[0m`;
const red = (s: string) => `${ESC}[1;31m${s}${ESC}[0m`;
const cyan = (s: string) => `${ESC}[1;36m${s}${ESC}[0m`;

type Line = [number, "o" | "i" | "m" | "r" | "x", string];

function cast(lines: Line[], header?: { cols: number; rows: number }): DemoBatch {
  const head = header ? [JSON.stringify({ version: 2, width: header.cols, height: header.rows })] : [];
  return { format: "asciicast", body: [...head, ...lines.map((l) => JSON.stringify(l))].join("\n") + "\n" };
}

function ndjson(events: Record<string, unknown>[]): DemoBatch {
  return { format: "ndjson", body: events.map((e) => JSON.stringify(e)).join("\n") + "\n" };
}

/** Terminal output typed out line by line, `step` seconds apart. */
function lines(start: number, step: number, text: string[]): Line[] {
  return text.map((t, i) => [Number((start + i * step).toFixed(3)), "o", `${t}\r\n`]);
}

const s = DEMO_SECRETS;

const claude: DemoSession = {
  agent: "claude-code@maria-laptop",
  session: {
    external_id: "cc-2f6d1c9e-demo",
    service: "shell",
    host: "maria-laptop",
    user: "maria",
    cwd: "/home/maria/src/payments-api",
    title: "Claude Code: fix the failing webhook tests",
    correlation_id: "trace-7f3a9c21",
    cols: 100,
    rows: 30,
  },
  batches: [
    cast(
      [
        [0.0, "o", `${cyan("✻ Welcome to Claude Code!")}\r\n\r\n  ${dim("/help for help, /status for your current setup")}\r\n\r\n  cwd: /home/maria/src/payments-api\r\n\r\n`],
        [1.4, "o", `${dim(">")} The payment webhook tests fail on CI but pass locally. Find out why and fix them.\r\n\r\n`],
        [3.1, "o", `${bold("●")} I'll compare the CI environment with the local one, starting with the environment variables.\r\n\r\n`],
        [4.0, "m", "tool: Bash(env | sort)"],
        [4.0, "o", `${green("● Bash")}(env | sort)\r\n`],
      ],
      { cols: 100, rows: 30 },
    ),
    ndjson([{ type: "tool_call", time: 4.0, tool: "Bash", call_id: "toolu_01", input: { command: "env | sort", description: "List environment variables" } }]),
    cast([
      ...lines(4.6, 0.02, [
        `  ⎿  AWS_ACCESS_KEY_ID=${s.awsAccessKeyId}`,
        "     AWS_DEFAULT_REGION=eu-west-1",
        `     AWS_SECRET_ACCESS_KEY=${s.awsSecretAccessKey}`,
        `     GITHUB_TOKEN=${s.githubToken}`,
        "     HOME=/home/maria",
        "     LANG=en_US.UTF-8",
        "     NODE_ENV=test",
        "     PATH=/usr/local/bin:/usr/bin:/bin",
        "     PAYMENTS_WEBHOOK_URL=http://localhost:4242/webhooks",
        "     TERM=xterm-256color",
      ]),
    ]),
    ndjson([{ type: "tool_result", time: 4.9, call_id: "toolu_01", tool: "Bash", output: "(10 lines)", is_error: false }]),
    cast([
      [6.2, "o", `\r\n${bold("●")} The environment holds live-looking AWS and GitHub credentials. CI sets ${bold("PAYMENTS_WEBHOOK_SECRET")}; locally it is missing, so signature checks are skipped.\r\n\r\n`],
      [7.0, "m", "tool: Bash(npm test -- webhooks)"],
      [7.0, "o", `${green("● Bash")}(npm test -- webhooks)\r\n`],
      ...lines(9.5, 0.05, [
        "  ⎿  > payments-api@2.3.0 test",
        "     > vitest run webhooks",
        "",
        `      ${red("FAIL")}  test/webhooks.test.ts > rejects a bad signature`,
        "     AssertionError: expected 200 to be 400",
        "",
        `      Tests  ${red("1 failed")} | ${green("11 passed")} (12)`,
      ]),
      [12.0, "o", `\r\n${bold("●")} The handler accepts unsigned events when the secret is unset. I'll make it fail closed.\r\n\r\n`],
      [12.8, "m", "tool: Edit(src/webhooks.ts)"],
      [12.8, "o", `${green("● Edit")}(src/webhooks.ts)\r\n  ⎿  Updated src/webhooks.ts with 3 additions and 1 removal\r\n`],
    ]),
    ndjson([
      { type: "tool_call", time: 12.8, tool: "Edit", call_id: "toolu_02", input: { file_path: "src/webhooks.ts", old_string: "if (!secret) return next();", new_string: "if (!secret) throw new Error(\"PAYMENTS_WEBHOOK_SECRET is not set\");" } },
      { type: "tool_call", time: 14.1, tool: "Bash", call_id: "toolu_03", input: { command: "npm test -- webhooks" } },
    ]),
    cast([
      [14.1, "m", "tool: Bash(npm test -- webhooks)"],
      [14.1, "o", `${green("● Bash")}(npm test -- webhooks)\r\n`],
      ...lines(16.0, 0.05, ["  ⎿  > vitest run webhooks", "", `      Tests  ${green("12 passed")} (12)`]),
      [17.5, "o", `\r\n${bold("●")} All 12 webhook tests pass. The handler now refuses to run without a signing secret.\r\n`],
    ]),
  ],
};

const psql: DemoSession = {
  agent: "db-proxy@bastion-1",
  session: {
    external_id: "psql-9a41-demo",
    service: "postgres",
    host: "bastion-1",
    user: "deploy-bot",
    cwd: "/srv/ops",
    title: "psql: clean up staging tables on production",
    correlation_id: "trace-7f3a9c21",
    cols: 90,
    rows: 28,
  },
  batches: [
    cast(
      [
        [0.0, "o", "$ "],
        [0.6, "i", `psql "postgres://app_admin:${s.databasePassword}@db-prod-2.internal:5432/payments"\r`],
        [0.6, "o", `psql "postgres://app_admin:${s.databasePassword}@db-prod-2.internal:5432/payments"\r\n`],
        ...lines(1.2, 0.02, ["psql (15.4)", "SSL connection (protocol: TLSv1.3, cipher: TLS_AES_256_GCM_SHA384, compression: off)", 'Type "help" for help.', ""]),
        [2.0, "o", "payments=> "],
        [3.1, "o", "\\dt\r\n"],
        ...lines(3.3, 0.02, [
          "              List of relations",
          " Schema |       Name        | Type  |   Owner",
          "--------+-------------------+-------+-----------",
          " public | customers         | table | app_admin",
          " public | customers_backup  | table | app_admin",
          " public | invoices          | table | app_admin",
          " public | payment_methods   | table | app_admin",
          "(4 rows)",
          "",
        ]),
        [3.5, "o", "payments=> "],
      ],
      { cols: 90, rows: 28 },
    ),
    ndjson([{ type: "query", time: 5.2, query: "DROP TABLE customers_backup;", database: "payments" }]),
    cast([
      [5.2, "o", "DROP TABLE customers_backup;\r\nDROP TABLE\r\npayments=> "],
      [7.9, "m", "DROP TABLE invoices"],
      [7.9, "o", "DROP TABLE invoices;\r\nDROP TABLE\r\npayments=> "],
    ]),
    ndjson([{ type: "query", time: 7.9, query: "DROP TABLE invoices;", database: "payments", rows: 0 }]),
    cast([
      [9.4, "o", "\\q\r\n$ "],
      [9.4, "x", "0"],
    ]),
  ],
};

const kubectl: DemoSession = {
  agent: "ops-agent@ci-runner-4",
  session: {
    external_id: "k8s-5c07-demo",
    service: "kubernetes",
    host: "ci-runner-4",
    user: "ops-agent",
    cwd: "/builds/platform/cleanup",
    title: "kubectl: namespace cleanup in prod-eu-west-1",
    cols: 100,
    rows: 30,
  },
  batches: [
    ndjson([{ type: "command", time: 0.2, command: "kubectl config current-context", cwd: "/builds/platform/cleanup", exit_code: 0 }]),
    cast(
      [
        [0.2, "o", "$ kubectl config current-context\r\nprod-eu-west-1\r\n"],
        [1.1, "o", "$ kubectl get ns\r\n"],
        ...lines(1.6, 0.02, [
          "NAME               STATUS   AGE",
          "default            Active   412d",
          "kube-system        Active   412d",
          "payments           Active   301d",
          "payments-staging   Active   97d",
        ]),
      ],
      { cols: 100, rows: 30 },
    ),
    ndjson([
      { type: "command", time: 1.1, command: "kubectl get ns", exit_code: 0 },
      { type: "command", time: 3.0, command: "kubectl get secret -n payments-staging db-credentials -o yaml", exit_code: 0 },
    ]),
    cast([
      [3.0, "o", "$ kubectl get secret -n payments-staging db-credentials -o yaml\r\n"],
      ...lines(3.4, 0.02, [
        "apiVersion: v1",
        "data:",
        `  password: ${Buffer.from(s.databasePassword).toString("base64")}`,
        `  username: ${Buffer.from("app_admin").toString("base64")}`,
        "kind: Secret",
        "metadata:",
        "  name: db-credentials",
        "  namespace: payments-staging",
        "type: Opaque",
      ]),
      [5.8, "m", "kubectl delete namespace payments-staging"],
      [5.8, "o", "$ kubectl delete namespace payments-staging\r\n"],
      [9.6, "o", 'namespace "payments-staging" deleted\r\n'],
    ]),
    ndjson([{ type: "command", time: 5.8, command: "kubectl delete namespace payments-staging", exit_code: 0, duration_ms: 3800 }]),
  ],
};

export const DEMO_SESSIONS: DemoSession[] = [claude, psql, kubectl];
