// Builds the CLI once per test run when dist/cli/ is older than its sources: the CLI tests run
// the built JavaScript, the artifact that `flightlog` ships, not the TypeScript sources.
import { buildCliIfStale } from "../scripts/build-cli.mjs";

export default async function setup() {
  await buildCliIfStale();
}
