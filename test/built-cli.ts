// The built CLI (dist/cli/, written by scripts/build-cli.mjs in the tests' global setup), typed
// as its sources. Tests run it in process through main(), and as a process through the bin.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { main as Main } from "@/collector/cli";
import { entry } from "../scripts/build-cli.mjs";

export const BIN = path.resolve(path.dirname(entry), "..", "..", "collector", "bin", "flightlog.mjs");

/** main() of the built CLI. It shares the process database that `useDatabase` installs. */
export async function builtMain(): Promise<typeof Main> {
  return ((await import(/* @vite-ignore */ pathToFileURL(entry).href)) as { main: typeof Main }).main;
}
