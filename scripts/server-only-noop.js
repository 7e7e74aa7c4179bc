// Stands in for the "server-only" marker outside Next (CLI, tests, benchmarks).
