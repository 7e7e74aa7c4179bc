// /api/auth/* – next-auth: sign-in through OIDC, callback, sign-out, session, CSRF token
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request: the options read generated secrets from the data directory, which must
// not happen at build time.
const handler = (req: Request, ctx: Context) => NextAuth(authOptions())(req, ctx);

export { handler as GET, handler as POST };
