// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  // Loaded from node_modules at run time rather than bundled: native/WASM code, and one
  // instance shared with the server entry.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "drizzle-orm", "oidc-provider", "@xterm/headless", "@xterm/addon-serialize"],
  poweredByHeader: false,
  // Types are checked by `npm test` (tsc over the whole repository), not on every start.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
};

export default nextConfig;
