// The Flightlog server: opens and migrates the database, then serves Next (console and API)
// and runs the checkpointer. Started by `npm start` (scripts/start.mjs). With Postgres,
// FLIGHTLOG_WORKERS > 1 forks that many stateless server processes sharing the port.
import cluster from "node:cluster";
import { createServer } from "node:http";
import next from "next";
import { exportLibraryEnv, type Env } from "@/lib/env";
import { loadStartupConfig } from "@/lib/startup";
import { getDatabase, getDb, closeDatabase } from "@/db";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { createCheckpoint, startCheckpointer } from "@/lib/checkpoint/checkpointer";
import { demoEnabled } from "@/lib/auth/startup-check";
import { DEV_IDP_PATH, oidcConfig } from "@/lib/auth/oidc-config";
import { seedDemo } from "@/lib/demo/seed-demo";
import { matchDirectRoute, serveDirect } from "@/lib/http/direct-routes";
import { lingerOnEarlyAnswer } from "@/lib/http/linger";
import { describeError } from "@/lib/http/log-error";
import { refuseBadPath } from "@/lib/http/request-guard";

/** Work done once per start, before any request is served. */
async function prepare(config: Env) {
  const database = await getDatabase();
  const key = getSigningKey();
  const where = database.kind === "pglite" ? ` in ${config.FLIGHTLOG_DATA_DIR}` : "";
  console.log(`flightlog: database ready (${database.kind}${where}), checkpoint key ${key.keyId}`);
  if (demoEnabled(config)) {
    const seeded = await seedDemo(database.db);
    if (seeded > 0) console.log(`flightlog: recorded ${seeded} demo sessions (FLIGHTLOG_DEMO=0 turns them off)`);
  }
  const oidc = oidcConfig();
  console.log(oidc.dev ? `flightlog: sign-in through the development identity provider at ${oidc.issuer} (set OIDC_ISSUER for real use)` : `flightlog: sign-in through ${oidc.issuer}`);
}

/** The bundled development identity provider, mounted on this server, when no OIDC_ISSUER is set. */
async function mountDevIdp(config: Env) {
  const oidc = oidcConfig();
  if (!oidc.dev) return null;
  const { createDevIdp } = await import("@/lib/auth/dev-idp");
  return createDevIdp({
    issuer: oidc.issuer,
    mountPath: DEV_IDP_PATH,
    clientSecret: oidc.clientSecret,
    redirectUris: [`${config.url}/api/auth/callback/oidc`],
    postLogoutRedirectUris: [`${config.url}/signin`],
  });
}

function isDevIdpPath(url: string | undefined): boolean {
  return !!url && (url === DEV_IDP_PATH || url.startsWith(`${DEV_IDP_PATH}/`) || url.startsWith(`${DEV_IDP_PATH}?`));
}

async function serve(config: Env, dev: boolean) {
  const key = getSigningKey();
  const idp = await mountDevIdp(config);
  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    lingerOnEarlyAnswer(req, res);
    if (refuseBadPath(req, res)) return;
    if (idp && isDevIdpPath(req.url)) return idp.handle(req, res);
    const direct = matchDirectRoute(req);
    const served = direct ? serveDirect(req, res, direct, config.url) : handle(req, res);
    served.catch((err) => {
      console.error(`flightlog: request failed: ${describeError(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const origin = config.FLIGHTLOG_CHECKPOINT_ORIGIN;
  const checkpointer = startCheckpointer(getDb, { key, origin, intervalMs: config.FLIGHTLOG_CHECKPOINT_INTERVAL * 1000 });
  server.listen(config.PORT, config.HOST, () => {
    if (cluster.isPrimary) console.log(`flightlog: serving ${config.url} (listening on ${config.HOST}:${config.PORT})`);
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    checkpointer.stop();
    server.close();
    try {
      // Anchor whatever moved since the last tick before the process goes away.
      await createCheckpoint(await getDb(), { key, origin });
      await closeDatabase();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

async function supervise(config: Env) {
  await prepare(config);
  await closeDatabase();
  console.log(`flightlog: serving ${config.url} with ${config.FLIGHTLOG_WORKERS} workers (listening on ${config.HOST}:${config.PORT})`);
  let stopping = false;
  // Each append keeps a batch of short strings alive across its database round trips, so
  // young-generation collections copy them repeatedly. A larger young generation collects a
  // third as often: about 2 µs less CPU per ingested event.
  cluster.setupPrimary({ execArgv: [...process.execArgv, "--max-semi-space-size=64"] });
  for (let i = 0; i < config.FLIGHTLOG_WORKERS; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`flightlog: worker ${worker.process.pid} exited (${code}), restarting`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`flightlog: ${signal}, stopping`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

async function main() {
  const dev = process.argv.includes("--dev");
  const config = loadStartupConfig();
  exportLibraryEnv(config);
  const workers = config.FLIGHTLOG_WORKERS;
  if (workers > 1 && (!config.DATABASE_URL || dev)) {
    console.error("flightlog: FLIGHTLOG_WORKERS > 1 needs DATABASE_URL (the embedded database allows one process) and a production start");
    process.exit(1);
  }
  if (cluster.isPrimary && workers > 1) return supervise(config);
  if (cluster.isPrimary) {
    await prepare(config);
    process.on("SIGINT", () => console.log("flightlog: SIGINT, stopping"));
    process.on("SIGTERM", () => console.log("flightlog: SIGTERM, stopping"));
  }
  await serve(config, dev);
}

main().catch((err) => {
  console.error("flightlog: failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
