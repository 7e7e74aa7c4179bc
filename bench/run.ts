// npm run bench [-- NAME]: runs one benchmark (default: ingest and verify) and prints one JSON
// object per figure on stdout. Progress goes to stderr.
const BENCHES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  ingest: () => import("./ingest"),
  redact: () => import("./redact"),
  replay: () => import("./replay"),
};

const bench = process.argv[2] ?? "ingest";
const load = BENCHES[bench];
if (!load) {
  console.error(`bench: unknown benchmark ${JSON.stringify(bench)}; choose one of ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
await (await load()).run();
process.exit(0);

export {};
