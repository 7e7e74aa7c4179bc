import "server-only";
// The pages the development identity provider renders: sign-in form, sign-out, errors. Self-contained
// HTML with inline CSS so they work offline, without JavaScript and under a strict CSP.

const BANNER = "Flightlog development identity provider — not for production";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;color:#1d2330}
.banner{background:#8a3b00;color:#fff;text-align:center;padding:8px 12px;font-size:13px;font-weight:600}
main{max-width:380px;margin:48px auto;padding:28px 32px;background:#fff;border:1px solid #dde1e8;border-radius:8px}
h1{font-size:20px;margin:0 0 4px}
p{margin:0 0 16px;color:#4a5263}
label{display:block;font-size:13px;font-weight:600;margin:14px 0 4px}
input{width:100%;padding:8px 10px;font:inherit;border:1px solid #b8bfcc;border-radius:6px}
input:focus{outline:2px solid #2d5bd7;outline-offset:1px}
button{margin-top:20px;width:100%;padding:9px;font:inherit;font-weight:600;color:#fff;background:#2d5bd7;border:0;border-radius:6px;cursor:pointer}
.error{margin:0 0 12px;padding:8px 10px;background:#fdecec;border:1px solid #f2b8b8;border-radius:6px;color:#8c1d1d}
.hint{margin-top:22px;font-size:13px;color:#4a5263}
.hint code{font-size:12px}
.hint ul{margin:4px 0 0;padding-left:18px}
`;

function page(title: string, body: string, head = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>${head}
</head>
<body>
<div class="banner" role="note">${escapeHtml(BANNER)}</div>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface LoginPageInput {
  /** Where the form posts: the interaction's own URL. */
  action: string;
  email?: string;
  error?: string;
  /** Accounts to list as a hint; the password is shown too, since it is the same public value for all. */
  accounts: { email: string; roles: readonly string[] }[];
  password: string;
}

export function renderLoginPage(input: LoginPageInput): string {
  const error = input.error ? `<div class="error" role="alert">${escapeHtml(input.error)}</div>` : "";
  const accounts = input.accounts
    .map((a) => `<li><code>${escapeHtml(a.email)}</code> — ${escapeHtml(a.roles.length ? a.roles.join(", ") : "no role")}</li>`)
    .join("");
  return page(
    "Sign in · Flightlog (development)",
    `<h1>Sign in to Flightlog</h1>
<p>Development accounts only.</p>
${error}<form method="post" action="${escapeHtml(input.action)}" autocomplete="off">
<label for="email">Email</label>
<input id="email" name="email" type="email" required autofocus value="${escapeHtml(input.email ?? "")}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<div class="hint">Password <code>${escapeHtml(input.password)}</code> for every account:<ul>${accounts}</ul></div>`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return page(`${title} · Flightlog (development)`, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/**
 * Sign-out page around oidc-provider's own confirmation form (which carries its xsrf token). It
 * submits itself at once; the button is the fallback when JavaScript is off.
 */
export function renderLogoutPage(providerForm: string, formId: string): string {
  const id = escapeHtml(formId);
  return page(
    "Signing out · Flightlog (development)",
    `<h1>Signing out</h1>
<p>Ending your development identity provider session.</p>
${providerForm}
<input type="hidden" name="logout" value="yes" form="${id}">
<button type="submit" form="${id}">Sign out</button>
<script>document.getElementById(${JSON.stringify(formId)}).submit()</script>`,
  );
}
