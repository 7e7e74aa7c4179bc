// Each test worker gets its own data directory (signing key, generated secrets).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

process.env.FLIGHTLOG_DATA_DIR = mkdtempSync(path.join(tmpdir(), "flightlog-test-"));
process.env.FLIGHTLOG_CHECKPOINT_ORIGIN = "flightlog.test";
