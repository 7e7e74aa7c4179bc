import "server-only";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The embedded database allows one process. A pid file next to its directory makes a second
 * opener (a CLI command while the server runs, or a second server) fail with a clear message
 * instead of corrupting the data.
 */
export function lockDataDir(dataDir: string): void {
  const file = `${path.resolve(dataDir)}.lock`;
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      const release = () => rmSync(file, { force: true });
      process.once("exit", release);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const pid = Number(readFileSync(file, "utf8").trim());
    if (pid === process.pid) return;
    if (pid > 0 && isAlive(pid)) {
      throw new Error(
        `the embedded database in ${path.dirname(file)} is in use by process ${pid} (a running Flightlog server?). ` +
          "Stop it first, or point DATABASE_URL at Postgres so several processes can share the data.",
      );
    }
    rmSync(file, { force: true }); // a stale lock from a process that died
  }
  throw new Error(`could not lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
