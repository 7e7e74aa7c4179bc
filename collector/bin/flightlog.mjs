#!/usr/bin/env node
// The flightlog command line. TypeScript sources run through tsx.
import "../../scripts/register.mjs";

const { run } = await import("../cli.ts");
process.exitCode = await run(process.argv.slice(2));
