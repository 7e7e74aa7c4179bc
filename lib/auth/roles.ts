// Console roles and how an IdP claim maps to them. Pure: the caller passes the configuration.

export const ROLES = ["analyst", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Parses OIDC_ROLE_MAP: "group:role,group:role". Role names always map to themselves, so an
 * IdP that emits "analyst" needs no mapping.
 */
export function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>(ROLES.map((r) => [r, r]));
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const at = entry.lastIndexOf(":");
    const group = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at <= 0 || !group || !(ROLES as readonly string[]).includes(role)) {
      throw new Error(`OIDC_ROLE_MAP entry ${JSON.stringify(entry)} must be "group:role" with role one of ${ROLES.join(", ")}`);
    }
    map.set(group, role as Role);
  }
  return map;
}

/** The roles granted by a claim value: a list of groups, or one group, or a space-separated string. */
export function rolesFromClaim(value: unknown, map: Map<string, Role>): Role[] {
  const groups = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[\s,]+/) : [];
  const roles = new Set<Role>();
  for (const g of groups) {
    const role = typeof g === "string" ? map.get(g) : undefined;
    if (role) roles.add(role);
  }
  return ROLES.filter((r) => roles.has(r));
}
