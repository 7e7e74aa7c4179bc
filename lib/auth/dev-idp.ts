import "server-only";
// The bundled development identity provider: a real OpenID Connect provider (oidc-provider) mounted
// under a path of Flightlog's own server, so the zero-config start and the browser tests sign in
// through a genuine authorization-code flow. Accounts are fixed and share one public password: it
// must never be reachable in production (the caller enforces that).
import { generateKeyPair, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { renderLoginPage, renderLogoutPage, renderMessagePage } from "./dev-idp-login-page";
import { DEV_CLIENT_ID, DEV_PASSWORD, DEV_USERS, type DevUser } from "./dev-users";

// The users, their password and the console's client id live in dev-users.ts, which the
// sign-in page imports without loading the provider.
export { DEV_CLIENT_ID, DEV_PASSWORD, DEV_USERS, type DevUser } from "./dev-users";

export interface DevIdpOptions {
  /** e.g. "http://localhost:3000/oidc"; its path must equal mountPath. */
  issuer: string;
  /** e.g. "/oidc": requests arrive with this prefix in req.url. */
  mountPath: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export interface DevIdp {
  issuer: string;
  /** Handles any request whose path starts with mountPath; call only for those. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

const SCOPES = ["openid", "email", "profile", "groups"];
const TTL = {
  AuthorizationCode: 60,
  AccessToken: 3600,
  IdToken: 3600,
  Interaction: 15 * 60,
  Session: 8 * 3600,
  Grant: 8 * 3600,
};
const MAX_FORM_BYTES = 16 * 1024;
const LOGOUT_FORM_ID = "op.logoutForm";

// The subset of oidc-provider's API used here (the package ships no type declarations).
interface Interaction {
  uid: string;
  prompt: { name: string; details: Record<string, unknown> };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}
interface ProviderContext {
  type: string;
  body: unknown;
}
interface Provider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: {
    new (init: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  };
  on(event: "server_error", listener: (ctx: unknown, err: unknown) => void): void;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => Provider;

// oidc-provider warns once that Node 20 is older than the runtime it prefers, and again that its
// in-memory adapter is for development only. Both are deliberate here and would only add noise.
const SILENCED = [/^oidc-provider WARNING: Unsupported runtime/, /^oidc-provider WARNING: a quick start development-only in-memory adapter/];

function silencingNotices<T>(run: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && SILENCED.some((re) => re.test(args[0] as string))) return;
    warn.apply(console, args);
  };
  const restore = () => {
    console.warn = warn;
  };
  try {
    const result = run();
    if (result instanceof Promise) return result.finally(restore) as T;
    restore();
    return result;
  } catch (err) {
    restore();
    throw err;
  }
}

let providerClass: Promise<ProviderConstructor> | undefined;

function loadProviderClass(): Promise<ProviderConstructor> {
  providerClass ??= silencingNotices(async () => {
    // @ts-expect-error oidc-provider ships no type declarations; the subset used is typed above.
    const mod = (await import("oidc-provider")) as { default: ProviderConstructor };
    return mod.default;
  });
  return providerClass;
}

function findUserBySub(sub: string): DevUser | undefined {
  return DEV_USERS.find((u) => u.sub === sub);
}

function findUserByEmail(email: string): DevUser | undefined {
  const wanted = email.trim().toLowerCase();
  return DEV_USERS.find((u) => u.email === wanted);
}

function checkOptions(options: DevIdpOptions): { issuer: string; mountPath: string } {
  const { mountPath } = options;
  if (!/^\/[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/.test(mountPath)) {
    throw new TypeError(`dev identity provider: mountPath must look like "/oidc", got ${JSON.stringify(mountPath)}`);
  }
  const issuerUrl = new URL(options.issuer);
  const issuer = issuerUrl.href.replace(/\/$/, "");
  // Endpoint URLs are built from the mount point; an issuer with another path would advertise
  // endpoints that this server does not route here.
  if (issuerUrl.pathname.replace(/\/$/, "") !== mountPath) {
    throw new TypeError(`dev identity provider: the issuer's path (${issuerUrl.pathname}) must equal mountPath (${mountPath})`);
  }
  if (!options.clientSecret) throw new TypeError("dev identity provider: clientSecret is required");
  if (options.redirectUris.length === 0) throw new TypeError("dev identity provider: at least one redirect URI is required");
  return { issuer, mountPath };
}

async function generateSigningJwk(): Promise<Record<string, unknown>> {
  const { privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: `dev-${randomBytes(6).toString("hex")}`, alg: "RS256", use: "sig" };
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(html),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    // No script, no external resource, no framing (clickjacking on the password form).
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  });
  res.end(html);
}

/** Reads an urlencoded form body; undefined when it is not one or exceeds the limit. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  let size = 0;
  const chunks: Buffer[] = [];
  // Drain the whole body even past the limit, so the response can still be written.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_FORM_BYTES) chunks.push(chunk);
  }
  if (type !== "application/x-www-form-urlencoded" || size > MAX_FORM_BYTES) return undefined;
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

const EXPIRED =
  "This sign-in request has expired or was started in another browser. Go back to Flightlog and sign in again.";

export async function createDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const { issuer, mountPath } = checkOptions(options);
  const [Provider, signingKey] = await Promise.all([loadProviderClass(), generateSigningJwk()]);

  const configuration = {
    clients: [
      {
        client_id: DEV_CLIENT_ID,
        client_secret: options.clientSecret,
        client_name: "Flightlog console",
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // client_secret_post is accepted too for a client registered with client_secret_basic.
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
      },
    ],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    responseTypes: ["code"],
    scopes: SCOPES,
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    // By default claims granted through scopes go to userinfo only; the console reads roles from
    // the ID token, so scope claims are put in the ID token as well.
    conformIdTokenClaims: false,
    async findAccount(_ctx: unknown, sub: string) {
      const user = findUserBySub(sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        async claims() {
          return { sub: user.sub, email: user.email, email_verified: true, name: user.name, groups: [...user.roles] };
        },
      };
    },
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: {
      names: { session: "flightlog_idp_session", interaction: "flightlog_idp_interaction", resume: "flightlog_idp_resume" },
      long: { httpOnly: true, sameSite: "lax", path: mountPath },
      short: { httpOnly: true, sameSite: "lax" },
      keys: [randomBytes(32).toString("base64url")],
    },
    ttl: TTL,
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: ProviderContext, form: string) {
          ctx.type = "html";
          ctx.body = renderLogoutPage(form, LOGOUT_FORM_ID);
        },
        async postLogoutSuccessSource(ctx: ProviderContext) {
          ctx.type = "html";
          ctx.body = renderMessagePage("Signed out", "You are signed out of the development identity provider.");
        },
      },
    },
    // Only the console's server talks to the token and userinfo endpoints; no browser origin needs CORS.
    clientBasedCORS: () => false,
    async renderError(ctx: ProviderContext, out: { error?: string; error_description?: string }) {
      ctx.type = "html";
      const message = out.error_description ? `${out.error}: ${out.error_description}` : (out.error ?? "server_error");
      ctx.body = renderMessagePage("Sign-in error", message);
    },
  };

  const provider = silencingNotices(() => new Provider(issuer, configuration));
  provider.on("server_error", (_ctx, err) => {
    console.error(`flightlog: dev identity provider error: ${err instanceof Error ? err.message : String(err)}`);
  });
  const callback = provider.callback();

  const loginPage = (uid: string, email: string | undefined, error: string | undefined) =>
    renderLoginPage({
      action: `${mountPath}/interaction/${encodeURIComponent(uid)}`,
      email,
      error,
      accounts: DEV_USERS.map((u) => ({ email: u.email, roles: u.roles })),
      password: DEV_PASSWORD,
    });

  /** Consent is implied for the one first-party client: grant what the request asks and go on. */
  async function grantConsent(req: IncomingMessage, res: ServerResponse, interaction: Interaction) {
    const accountId = interaction.session?.accountId;
    const clientId = interaction.params.client_id;
    if (!accountId || clientId !== DEV_CLIENT_ID) {
      sendHtml(res, 400, renderMessagePage("Sign-in error", EXPIRED));
      return;
    }
    const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
    const grant = existing ?? new provider.Grant({ accountId, clientId });
    const details = interaction.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(" "));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true });
  }

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string) {
    if (req.method !== "GET" && req.method !== "POST") {
      res.writeHead(405, { Allow: "GET, POST" }).end();
      return;
    }
    // The uid in the URL must be the one bound to this browser by the provider's signed,
    // SameSite=Lax interaction cookie: a form posted from another site, or to a uid this browser
    // did not start, finds no interaction.
    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(req, res);
    } catch {
      if (req.method === "POST") await readForm(req);
      sendHtml(res, 400, renderMessagePage("Sign-in error", EXPIRED));
      return;
    }
    if (interaction.uid !== uid) {
      if (req.method === "POST") await readForm(req);
      sendHtml(res, 400, renderMessagePage("Sign-in error", EXPIRED));
      return;
    }

    if (interaction.prompt.name === "consent") {
      if (req.method === "POST") await readForm(req);
      await grantConsent(req, res, interaction);
      return;
    }
    if (interaction.prompt.name !== "login") {
      sendHtml(res, 400, renderMessagePage("Sign-in error", `Unsupported interaction: ${interaction.prompt.name}`));
      return;
    }

    if (req.method === "GET") {
      const hint = typeof interaction.params.login_hint === "string" ? interaction.params.login_hint : undefined;
      sendHtml(res, 200, loginPage(uid, hint, undefined));
      return;
    }

    const form = await readForm(req);
    if (!form) {
      sendHtml(res, 400, renderMessagePage("Sign-in error", "The sign-in form was not understood."));
      return;
    }
    const email = form.get("email") ?? "";
    const user = findUserByEmail(email);
    if (!user || form.get("password") !== DEV_PASSWORD) {
      sendHtml(res, 401, loginPage(uid, email, "Unknown email or wrong password."));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
  }

  const interactionPath = /^\/interaction\/([A-Za-z0-9_-]{1,64})$/;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    const rest = url.slice(mountPath.length);
    if (!url.startsWith(mountPath) || (rest !== "" && rest[0] !== "/" && rest[0] !== "?")) {
      sendHtml(res, 404, renderMessagePage("Not found", "There is nothing here."));
      return;
    }
    const local = rest[0] === "/" ? rest : `/${rest}`;
    const interaction = interactionPath.exec(local.split("?")[0]);
    if (interaction) {
      handleInteraction(req, res, interaction[1]).catch((err: unknown) => {
        console.error(`flightlog: dev identity provider error: ${err instanceof Error ? err.message : String(err)}`);
        sendHtml(res, 500, renderMessagePage("Sign-in error", "Something went wrong. Go back to Flightlog and sign in again."));
      });
      return;
    }
    // oidc-provider finds its mount point the way Express and koa-mount present it: req.url
    // relative to the mount, req.originalUrl the full path (req.baseUrl as a fallback).
    Object.assign(req, { originalUrl: url, baseUrl: mountPath });
    req.url = local;
    callback(req, res);
  }

  return { issuer, handle };
}
