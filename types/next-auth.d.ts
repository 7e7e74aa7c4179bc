import type { Role } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    user: { email: string; name: string | null; roles: Role[] };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    roles?: Role[];
  }
}
