// Security headers. Pages get a per-request nonce CSP (proxy.ts); every response gets the rest.

/**
 * The console's CSP. Scripts need the request's nonce ('strict-dynamic' lets Next's chunks
 * load); styles allow inline because React style attributes and the terminal player's
 * generated styles are inline. Nothing may frame the console.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers for every response. */
export const STATIC_SECURITY_HEADERS = [
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** API responses are data: they never need to run anything or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
