import { describe, expect, it } from "vitest";
import { buildMask, maskLabels } from "./mask";
import { displayWidth } from "./width";

describe("display width", () => {
  it("counts East Asian wide characters as two cells and combining marks as none", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("密码")).toBe(4);
    expect(displayWidth("ｐａｓｓ")).toBe(8);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("🔑x")).toBe(3);
  });
});

describe("masks", () => {
  it("carry the rule and four hex digits of the fingerprint when they fit", () => {
    expect(maskLabels("aws-key", "3F9A0b")).toEqual(["[aws-key:3f9a]", "[aws-key]"]);
    expect(buildMask("AKIAIOSFODNN7EXAMPLE", maskLabels("aws-key", "3f9a"))).toBe("[aws-key:3f9a]******");
  });

  it("fall back to a shorter label, then to stars, for short secrets", () => {
    const labels = maskLabels("env", "abcd");
    expect(buildMask("hunter2xx", labels)).toBe("[env]****");
    expect(buildMask("pw", labels)).toBe("**");
  });

  it("never put anything but hex from the fingerprint in a label", () => {
    expect(maskLabels("env", "hunter2")).toEqual(["[env]"]);
    expect(maskLabels("env", "")).toEqual(["[env]"]);
  });

  it("keep the width of wide characters and the line breaks of multi-line secrets", () => {
    const mask = buildMask("密码密码密码", ["[env]"]);
    expect(displayWidth(mask)).toBe(12);
    expect(buildMask("-----BEGIN KEY-----\r\nAAAA\nBB", ["[pem]"])).toBe("[pem]**************\r\n****\n**");
  });
});
