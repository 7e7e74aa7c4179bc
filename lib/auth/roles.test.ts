import { describe, expect, it } from "vitest";
import { parseRoleMap, rolesFromClaim } from "./roles";

describe("role mapping", () => {
  it("maps groups through the configured map, and role names to themselves", () => {
    const map = parseRoleMap("sec-team:analyst, sec-leads:approver,platform-admins:admin");
    expect(rolesFromClaim(["sec-team", "unrelated"], map)).toEqual(["analyst"]);
    expect(rolesFromClaim(["platform-admins", "sec-leads", "sec-team"], map)).toEqual(["analyst", "approver", "admin"]);
    expect(rolesFromClaim(["admin"], map)).toEqual(["admin"]);
    expect(rolesFromClaim("sec-team sec-leads", map)).toEqual(["analyst", "approver"]);
  });

  it("grants nothing for missing, empty or foreign claims", () => {
    const map = parseRoleMap("");
    expect(rolesFromClaim(undefined, map)).toEqual([]);
    expect(rolesFromClaim([], map)).toEqual([]);
    expect(rolesFromClaim(["Admin", "root", 42], map)).toEqual([]);
    expect(rolesFromClaim({ admin: true }, map)).toEqual([]);
  });

  it("refuses a malformed map", () => {
    expect(() => parseRoleMap("sec-team")).toThrow(/group:role/);
    expect(() => parseRoleMap("sec-team:superuser")).toThrow(/analyst, approver, admin/);
    expect(() => parseRoleMap(":admin")).toThrow(/group:role/);
  });
});
