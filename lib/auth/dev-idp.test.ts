// The development identity provider end to end: a real node:http server mounts it under /oidc and
// a fetch-based "browser" (manual redirects, a path-aware cookie jar) signs in through it.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDevIdp, DEV_CLIENT_ID, DEV_PASSWORD, DEV_USERS, type DevIdp } from "./dev-idp";

const CLIENT_SECRET = "test-secret-" + randomBytes(8).toString("hex");
const SCOPE = "openid email profile groups";

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint: string;
  end_session_endpoint: string;
  scopes_supported: string[];
  claims_supported: string[];
  code_challenge_methods_supported: string[];
  token_endpoint_auth_methods_supported: string[];
}

let server: Server;
let origin: string;
let issuer: string;
let redirectUri: string;
let postLogoutUri: string;
let idp: DevIdp;
let discovery: Discovery;
const consoleWarn = vi.spyOn(console, "warn");
const consoleInfo = vi.spyOn(console, "info");

/** Cookies as a browser keeps them for one host: by name and path. */
class CookieJar {
  private cookies = new Map<string, { value: string; path: string }>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = "/";
      let expired = value === "";
      for (const attr of attrs) {
        const [k, v = ""] = attr.split("=");
        const key = k.trim().toLowerCase();
        if (key === "path") path = v.trim();
        if (key === "expires" && Date.parse(v) <= Date.now()) expired = true;
        if (key === "max-age" && Number(v) <= 0) expired = true;
      }
      const id = `${name} ${path}`;
      if (expired) this.cookies.delete(id);
      else this.cookies.set(id, { value, path });
    }
  }

  header(url: string): string {
    const { pathname } = new URL(url);
    const out: string[] = [];
    for (const [id, c] of this.cookies) {
      const matches = pathname === c.path || pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`);
      if (matches) out.push(`${id.split(" ")[0]}=${c.value}`);
    }
    return out.join("; ");
  }
}

async function request(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set("cookie", cookie);
  const res = await fetch(url, { ...init, headers, redirect: "manual" });
  jar.store(res);
  return res;
}

/** Follows redirects like a browser until one leaves the provider (or a page renders). */
async function follow(jar: CookieJar, url: string, init: RequestInit = {}): Promise<{ res: Response; url: string }> {
  let res = await request(jar, url, init);
  for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
    const next = new URL(res.headers.get("location") ?? "", url).href;
    if (!next.startsWith(`${issuer}/`)) return { res, url: next };
    await res.arrayBuffer();
    url = next;
    res = await request(jar, url);
  }
  return { res, url };
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL(discovery.authorization_endpoint);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

function formAction(html: string, pageUrl: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error("no form on the page");
  return new URL(action.replace(/&amp;/g, "&"), pageUrl).href;
}

interface Started {
  jar: CookieJar;
  state: string;
  nonce: string;
  verifier: string;
  loginUrl: string;
  html: string;
}

/** /auth with PKCE, state and nonce, up to the rendered sign-in form. */
async function startSignIn(jar = new CookieJar()): Promise<Started> {
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString("base64url");
  const nonce = randomBytes(12).toString("base64url");
  const url = authorizeUrl({
    client_id: DEV_CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: SCOPE,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const { res, url: loginUrl } = await follow(jar, url);
  expect(res.status).toBe(200);
  expect(loginUrl).toMatch(new RegExp(`^${issuer}/interaction/[A-Za-z0-9_-]+$`));
  return { jar, state, nonce, verifier, loginUrl, html: await res.text() };
}

function postForm(jar: CookieJar, url: string, fields: Record<string, string>): Promise<Response> {
  return request(jar, url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Posts the credentials and follows the redirects back to the console's callback. */
async function submitLogin(started: Started, email: string, password: string): Promise<URL> {
  const res = await postForm(started.jar, formAction(started.html, started.loginUrl), { email, password });
  expect(res.status).toBe(303);
  const { res: last, url } = await follow(started.jar, new URL(res.headers.get("location")!, started.loginUrl).href);
  expect(last.status).toBe(303);
  expect(url.startsWith(`${redirectUri}?`)).toBe(true);
  return new URL(url);
}

async function exchangeCode(code: string, verifier: string, auth: "basic" | "post" = "basic"): Promise<Response> {
  const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (auth === "basic") {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(DEV_CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString("base64")}`;
  } else {
    body.set("client_id", DEV_CLIENT_ID);
    body.set("client_secret", CLIENT_SECRET);
  }
  return fetch(discovery.token_endpoint, { method: "POST", headers, body: body.toString() });
}

async function verifyIdToken(idToken: string): Promise<JWTPayload> {
  const { payload, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
    issuer,
    audience: DEV_CLIENT_ID,
    algorithms: ["RS256"],
  });
  expect(protectedHeader.alg).toBe("RS256");
  return payload;
}

/** The whole sign-in for one account, returning the token response and the verified ID token. */
async function signIn(email: string) {
  const started = await startSignIn();
  const callback = await submitLogin(started, email, DEV_PASSWORD);
  expect(callback.searchParams.get("state")).toBe(started.state);
  const code = callback.searchParams.get("code");
  expect(code).toBeTruthy();
  const res = await exchangeCode(code!, started.verifier);
  expect(res.status).toBe(200);
  const tokens = (await res.json()) as { id_token: string; access_token: string; token_type: string };
  const claims = await verifyIdToken(tokens.id_token);
  expect(claims.nonce).toBe(started.nonce);
  return { started, tokens, claims };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith("/oidc")) idp.handle(req, res);
    else res.writeHead(404, { "content-type": "text/plain" }).end("app");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${origin}/oidc`;
  redirectUri = `${origin}/api/auth/callback/oidc`;
  postLogoutUri = `${origin}/signed-out`;
  idp = await createDevIdp({
    issuer,
    mountPath: "/oidc",
    clientSecret: CLIENT_SECRET,
    redirectUris: [redirectUri],
    postLogoutRedirectUris: [postLogoutUri],
  });
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  expect(res.status).toBe(200);
  discovery = (await res.json()) as Discovery;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("dev identity provider: discovery and mounting", () => {
  it("advertises every endpoint under the issuer", () => {
    expect(idp.issuer).toBe(issuer);
    expect(discovery.issuer).toBe(issuer);
    expect(discovery.authorization_endpoint).toBe(`${issuer}/auth`);
    expect(discovery.token_endpoint).toBe(`${issuer}/token`);
    expect(discovery.jwks_uri).toBe(`${issuer}/jwks`);
    expect(discovery.userinfo_endpoint).toBe(`${issuer}/me`);
    expect(discovery.end_session_endpoint).toBe(`${issuer}/session/end`);
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile", "groups"]));
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "name", "groups"]));
    expect(discovery.token_endpoint_auth_methods_supported.sort()).toEqual(["client_secret_basic", "client_secret_post"]);
  });

  it("serves an RS256 public key set with no private parts", async () => {
    const { keys } = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0].d).toBeUndefined();
  });

  it("does not answer for a path that merely shares the prefix", async () => {
    // The test server routes every "/oidc…" path to handle(), as the console's server does.
    for (const path of ["/oidcx/.well-known/openid-configuration", "/oidc-other"]) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain(issuer);
    }
  });

  it("refuses an issuer whose path differs from the mount path", async () => {
    await expect(
      createDevIdp({ issuer: `${origin}/idp`, mountPath: "/oidc", clientSecret: "x", redirectUris: [redirectUri], postLogoutRedirectUris: [] }),
    ).rejects.toThrow(/mountPath/);
  });
});

describe("dev identity provider: sign-in", () => {
  it("renders its own escaped sign-in form with the development banner", async () => {
    const started = await startSignIn();
    expect(started.html).toContain("Flightlog development identity provider — not for production");
    expect(started.html).toMatch(/<form method="post" action="\/oidc\/interaction\/[A-Za-z0-9_-]+"/);
    expect(started.html).toContain('name="email"');
    expect(started.html).toContain('name="password"');
    expect(started.html).not.toMatch(/<script|https?:\/\//);
  });

  for (const user of DEV_USERS) {
    it(`signs ${user.email} in and puts groups ${JSON.stringify(user.roles)} in the ID token`, async () => {
      const { claims, tokens } = await signIn(user.email);
      expect(claims).toMatchObject({
        iss: issuer,
        aud: DEV_CLIENT_ID,
        sub: user.sub,
        email: user.email,
        email_verified: true,
        name: user.name,
      });
      expect(claims.groups).toEqual(user.roles);
      expect(tokens.token_type).toBe("Bearer");
    });
  }

  it("also serves the claims from userinfo", async () => {
    const { tokens } = await signIn("approver@flightlog.dev");
    const res = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: "approver@flightlog.dev", groups: ["analyst", "approver"] });
  });

  it("accepts client_secret_post and treats the email case-insensitively", async () => {
    const started = await startSignIn();
    const callback = await submitLogin(started, "  Admin@Flightlog.DEV ", DEV_PASSWORD);
    const res = await exchangeCode(callback.searchParams.get("code")!, started.verifier, "post");
    expect(res.status).toBe(200);
    const claims = await verifyIdToken(((await res.json()) as { id_token: string }).id_token);
    expect(claims.email).toBe("admin@flightlog.dev");
  });

  it("keeps the browser signed in: a second authorization needs no form", async () => {
    const { started } = await signIn("analyst@flightlog.dev");
    const { verifier, challenge } = pkce();
    const { res, url } = await follow(
      started.jar,
      authorizeUrl({
        client_id: DEV_CLIENT_ID,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: SCOPE,
        state: "again",
        code_challenge: challenge,
        code_challenge_method: "S256",
      }),
    );
    expect(res.status).toBe(303);
    const callback = new URL(url);
    expect(callback.searchParams.get("state")).toBe("again");
    expect((await exchangeCode(callback.searchParams.get("code")!, verifier)).status).toBe(200);
  });

  it("rejects a wrong password with 401, issues no code and lets the user retry", async () => {
    const started = await startSignIn();
    const action = formAction(started.html, started.loginUrl);
    const res = await postForm(started.jar, action, { email: "analyst@flightlog.dev", password: "nope" });
    expect(res.status).toBe(401);
    expect(res.headers.get("location")).toBeNull();
    const html = await res.text();
    expect(html).toContain("Unknown email or wrong password.");
    expect(html).toContain('value="analyst@flightlog.dev"');

    const unknown = await postForm(started.jar, action, { email: "<b>mallory</b>@example.com", password: DEV_PASSWORD });
    expect(unknown.status).toBe(401);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain("&#60;b&#62;mallory&#60;/b&#62;@example.com");
    expect(unknownHtml).not.toContain("<b>mallory");

    const callback = await submitLogin(started, "analyst@flightlog.dev", DEV_PASSWORD);
    expect(callback.searchParams.get("state")).toBe(started.state);
  });

  it("rejects a login POST for an unknown interaction", async () => {
    const noCookie = await postForm(new CookieJar(), `${issuer}/interaction/doesnotexist`, { email: "admin@flightlog.dev", password: DEV_PASSWORD });
    expect(noCookie.status).toBe(400);
    expect(noCookie.headers.get("location")).toBeNull();

    // A browser with a live interaction posting to another uid (e.g. a forged form): refused.
    const mine = await startSignIn();
    const theirs = await startSignIn();
    const forged = await postForm(mine.jar, formAction(theirs.html, theirs.loginUrl), { email: "admin@flightlog.dev", password: DEV_PASSWORD });
    expect(forged.status).toBe(400);
    expect(forged.headers.get("location")).toBeNull();
    expect(await forged.text()).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("rejects an unknown client without redirecting", async () => {
    const { challenge } = pkce();
    const url = authorizeUrl({
      client_id: "someone-else",
      redirect_uri: redirectUri,
      response_type: "code",
      scope: SCOPE,
      state: "s",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    // The authorization endpoint is a browser page: its errors render as HTML.
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    const page = await res.text();
    expect(page).toContain("invalid_client");
    expect(page).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("rejects a redirect URI that is not registered", async () => {
    const { challenge } = pkce();
    const res = await fetch(
      authorizeUrl({
        client_id: DEV_CLIENT_ID,
        redirect_uri: `${origin}/elsewhere`,
        response_type: "code",
        scope: SCOPE,
        code_challenge: challenge,
        code_challenge_method: "S256",
      }),
      { redirect: "manual" },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("invalid_redirect_uri");
  });

  it("requires PKCE and checks the verifier", async () => {
    const res = await fetch(
      authorizeUrl({ client_id: DEV_CLIENT_ID, redirect_uri: redirectUri, response_type: "code", scope: SCOPE, state: "p" }),
      { redirect: "manual" },
    );
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("location")!);
    expect(back.searchParams.get("error")).toBe("invalid_request");
    expect(back.searchParams.get("code")).toBeNull();

    const started = await startSignIn();
    const callback = await submitLogin(started, "guest@flightlog.dev", DEV_PASSWORD);
    const wrong = await exchangeCode(callback.searchParams.get("code")!, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a wrong client secret", async () => {
    const started = await startSignIn();
    const callback = await submitLogin(started, "guest@flightlog.dev", DEV_PASSWORD);
    const res = await fetch(discovery.token_endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${DEV_CLIENT_ID}:wrong`).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: callback.searchParams.get("code")!,
        redirect_uri: redirectUri,
        code_verifier: started.verifier,
      }).toString(),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
  });
});

describe("dev identity provider: sign-out", () => {
  it("ends the session through RP-initiated logout and returns to the post-logout URI", async () => {
    const { started, tokens } = await signIn("approver@flightlog.dev");
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set("id_token_hint", tokens.id_token);
    url.searchParams.set("post_logout_redirect_uri", postLogoutUri);
    url.searchParams.set("state", "bye");
    const page = await request(started.jar, url.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Flightlog development identity provider");
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeTruthy();

    const confirm = await postForm(started.jar, formAction(html, url.href), { xsrf: xsrf!, logout: "yes" });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get("location")).toBe(`${postLogoutUri}?state=bye`);

    // The provider session is gone: the next authorization asks for credentials again.
    const again = await startSignIn(started.jar);
    expect(again.html).toContain('name="password"');
  });
});

describe("dev identity provider: sign-out by client_id", () => {
  it("accepts client_id instead of an ID token hint", async () => {
    const { started } = await signIn("admin@flightlog.dev");
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set("client_id", DEV_CLIENT_ID);
    url.searchParams.set("post_logout_redirect_uri", postLogoutUri);
    const page = await request(started.jar, url.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    const confirm = await postForm(started.jar, formAction(html, url.href), { xsrf: xsrf!, logout: "yes" });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get("location")).toBe(postLogoutUri);
  });

  it("refuses an unregistered post-logout URI", async () => {
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set("client_id", DEV_CLIENT_ID);
    url.searchParams.set("post_logout_redirect_uri", `${origin}/evil`);
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });
});

describe("dev identity provider: logs", () => {
  it("printed no oidc-provider notices", () => {
    const printed = [...consoleWarn.mock.calls, ...consoleInfo.mock.calls].map((args) => String(args[0]));
    expect(printed.filter((line) => line.includes("oidc-provider"))).toEqual([]);
  });
});
