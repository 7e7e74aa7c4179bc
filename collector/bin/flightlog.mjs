#!/usr/bin/env node
// The flightlog command line: runs the plain JavaScript that scripts/build-cli.mjs writes to
// dist/cli/ (npm install builds it). No TypeScript loader here: startup is part of every pipeline.
import { pathToFileURL } from "node:url";
import { cliStale, entry } from "../../scripts/build-cli.mjs";

const stale = cliStale();
if (stale === "missing") {
  process.stderr.write("flightlog: the command line is not built (dist/cli/ is missing); run `npm run build:cli`, or `npm install`, which builds it\n");
  process.exit(2);
}
// A checkout edited since its build would otherwise run old code without a word.
if (stale) process.stderr.write("flightlog: warning: dist/cli/ is older than its sources; run `npm run build:cli`\n");

const { run } = await import(pathToFileURL(entry).href);
process.exitCode = await run(process.argv.slice(2));
