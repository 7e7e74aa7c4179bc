import { describe, expect, it } from "vitest";
import { describeError } from "./log-error";

describe("describeError", () => {
  it("keeps a failed statement's kind and the database's code, never its parameters", () => {
    const cause = Object.assign(new Error('null value in column "title" violates not-null constraint'), { code: "22021" });
    const err = new Error('Failed query: insert into "sessions" ("title", "host") values ($1, $2)\nparams: AKIAIOSFODNN7EXAMPLE,db.internal', { cause });
    const line = describeError(err);
    expect(line).toContain("code 22021");
    expect(line).toContain("failed query: insert into");
    expect(line).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(line).not.toContain("db.internal");
  });

  it("keeps only the first line of other messages", () => {
    expect(describeError(new Error("boom\nsecret detail"))).not.toContain("secret detail");
    expect(describeError("a string")).toBe("string");
  });
});
