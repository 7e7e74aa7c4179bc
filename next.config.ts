import type { NextConfig } from "next";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time rather than bundled: native/WASM code, and one
  // instance shared with the server entry.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "drizzle-orm", "oidc-provider", "@xterm/headless", "@xterm/addon-serialize"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Types are checked by `npm test` (tsc over the whole repository), not on every start.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }, { key: "Cache-Control", value: "no-store" }] },
    ];
  },
};

export default nextConfig;
