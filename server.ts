// The Flightlog server: opens and migrates the database, then serves Next (console and API)
// and runs the checkpointer. Started by `npm start` (scripts/start.mjs).
import { createServer } from "node:http";
import next from "next";
import { env, ConfigError } from "@/lib/env";
import { getDatabase, getDb, closeDatabase } from "@/db";
import { getSigningKey } from "@/lib/checkpoint/signing-key";
import { createCheckpoint, startCheckpointer } from "@/lib/checkpoint/checkpointer";

async function main() {
  const dev = process.argv.includes("--dev");
  let config;
  try {
    config = env();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`flightlog: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  const database = await getDatabase();
  const key = getSigningKey();
  console.log(`flightlog: database ready (${database.kind}${database.kind === "pglite" ? ` in ${config.FLIGHTLOG_DATA_DIR}` : ""}), checkpoint key ${key.keyId}`);

  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error("flightlog: request failed", err);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const origin = config.FLIGHTLOG_CHECKPOINT_ORIGIN;
  const checkpointer = startCheckpointer(getDb, { key, origin, intervalMs: config.FLIGHTLOG_CHECKPOINT_INTERVAL * 1000 });

  server.listen(config.PORT, config.HOST, () => {
    console.log(`flightlog: serving ${config.url} (listening on ${config.HOST}:${config.PORT})`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`flightlog: ${signal}, stopping`);
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
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  console.error("flightlog: failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
