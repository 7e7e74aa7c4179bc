// Every environment variable Flightlog reads, validated in one place. Nothing else reads
// process.env. .env.example documents each one.
import { z } from "zod";

const boolFlag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "1" || v === "true"));

const seconds = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: "must be a positive number of seconds" });
        return z.NEVER;
      }
      return n;
    });

const agentIssuer = z.object({
  issuer: z.string().url(),
  audience: z.string().min(1),
  jwks_url: z.string().url(),
});

const schema = z.object({
  NODE_ENV: z.string().optional(),
  /** HTTP port of the console and API. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().default("127.0.0.1"),
  /** The URL users reach the console at; defaults to http://localhost:PORT. */
  FLIGHTLOG_URL: z.string().url().optional(),
  /** Server processes sharing the port (Postgres only; the embedded database allows one). */
  FLIGHTLOG_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Postgres connection string. Unset: the embedded database (PGlite) in FLIGHTLOG_DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  /** Where the embedded database, generated keys and secrets live. */
  FLIGHTLOG_DATA_DIR: z.string().default("./.flightlog"),
  /** Ed25519 checkpoint signing key: PKCS#8 PEM or a 32-byte seed (base64url or hex). Unset: generated into the data directory. */
  FLIGHTLOG_SIGNING_KEY: z.string().optional(),
  /** HMAC key for secret fingerprints (32+ bytes, base64url or hex). Unset: generated into the data directory. */
  FLIGHTLOG_FINGERPRINT_KEY: z.string().min(32).optional(),
  /** Name signed into every checkpoint. */
  FLIGHTLOG_CHECKPOINT_ORIGIN: z.string().regex(/^[^\n\r]+$/).default("flightlog"),
  /** Seconds between checkpoints while sessions are open (at most 60). */
  FLIGHTLOG_CHECKPOINT_INTERVAL: seconds(30).pipe(z.number().max(60)),
  /** JSON list of trusted agent JWT issuers: [{"issuer","audience","jwks_url"}]. */
  FLIGHTLOG_AGENT_ISSUERS: z.string().optional(),
  /** Record demo sessions into an empty database (default on, never in production). */
  FLIGHTLOG_DEMO: boolFlag,
  /** Allow the bundled development identity provider in production (default off). */
  FLIGHTLOG_DEV_IDP: boolFlag,
  /** OIDC provider for human sign-in. Unset: the bundled development provider. */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Scopes requested from OIDC_ISSUER (add "groups" where the IdP needs it for the role claim). */
  OIDC_SCOPES: z.string().default("openid email profile"),
  /** ID-token claim that carries groups or roles. */
  OIDC_ROLE_CLAIM: z.string().default("groups"),
  /** Group-to-role mapping, "group:role,group:role". Role names map to themselves. */
  OIDC_ROLE_MAP: z.string().default(""),
  /** Seconds a console sign-in lasts. */
  FLIGHTLOG_SESSION_MAX_AGE: seconds(8 * 3600),
  /** Secret for console session cookies. Unset: generated into the data directory. */
  NEXTAUTH_SECRET: z.string().optional(),
  /** Postgres used by the test suites in addition to the embedded database. */
  TEST_DATABASE_URL: z.string().optional(),
});

export type AgentIssuer = z.infer<typeof agentIssuer>;

export type Env = Omit<z.infer<typeof schema>, "FLIGHTLOG_AGENT_ISSUERS"> & {
  production: boolean;
  url: string;
  agentIssuers: AgentIssuer[];
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const { FLIGHTLOG_AGENT_ISSUERS, ...rest } = parsed.data;
  let agentIssuers: AgentIssuer[] = [];
  if (FLIGHTLOG_AGENT_ISSUERS) {
    let raw: unknown;
    try {
      raw = JSON.parse(FLIGHTLOG_AGENT_ISSUERS);
    } catch {
      throw new ConfigError("FLIGHTLOG_AGENT_ISSUERS must be a JSON list of {issuer, audience, jwks_url}");
    }
    const list = z.array(agentIssuer).safeParse(raw);
    if (!list.success) throw new ConfigError(`FLIGHTLOG_AGENT_ISSUERS: ${list.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    agentIssuers = list.data;
  }
  return {
    ...rest,
    agentIssuers,
    production: rest.NODE_ENV === "production",
    url: (rest.FLIGHTLOG_URL ?? `http://localhost:${rest.PORT}`).replace(/\/+$/, ""),
  };
}

let cached: Env | undefined;

/** The process configuration, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** next-auth reads its base URL from the environment; set it from the validated configuration. */
export function exportLibraryEnv(e: Env): void {
  process.env.NEXTAUTH_URL = e.url;
}
