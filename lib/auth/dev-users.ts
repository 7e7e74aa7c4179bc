// The development identity provider's users. Public by design: never for production data.
import type { Role } from "./roles";

export const DEV_PASSWORD = "flightlog";
/** The console's client id at the development identity provider. */
export const DEV_CLIENT_ID = "flightlog-console";

export interface DevUser {
  sub: string;
  email: string;
  name: string;
  roles: Role[];
}

export const DEV_USERS: DevUser[] = [
  { sub: "dev-analyst", email: "analyst@flightlog.dev", name: "Ana Analyst", roles: ["analyst"] },
  { sub: "dev-approver", email: "approver@flightlog.dev", name: "Abe Approver", roles: ["analyst", "approver"] },
  { sub: "dev-admin", email: "admin@flightlog.dev", name: "Ada Admin", roles: ["analyst", "approver", "admin"] },
  // Signs in but holds no role: exercises the console's "no access" page.
  { sub: "dev-guest", email: "guest@flightlog.dev", name: "Gus Guest", roles: [] },
];
