import "server-only";
import { env, ConfigError, type Env } from "@/lib/env";
import { startupProblems } from "@/lib/auth/startup-check";

/**
 * The configuration for a server start, or an explanation and exit code 1. Runs before the
 * console is built, so a misconfigured production start fails at once.
 */
export function loadStartupConfig(): Env {
  let config: Env;
  try {
    config = env();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`flightlog: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const problems = startupProblems(config);
  if (problems.length > 0) {
    for (const p of problems) console.error(`flightlog: ${p}`);
    process.exit(1);
  }
  return config;
}
