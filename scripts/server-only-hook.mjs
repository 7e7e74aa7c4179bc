// Module resolve hook for running Flightlog's TypeScript outside Next (server entry, CLI,
// benchmarks): the "server-only" marker resolves to a no-op, as it does on Next's server.
const noop = new URL("./server-only-noop.js", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: noop, shortCircuit: true };
  return nextResolve(specifier, context);
}
