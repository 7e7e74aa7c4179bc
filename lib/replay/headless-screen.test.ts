import { describe, expect, it } from "vitest";
import { HeadlessScreen } from "./headless-screen";

const out = (data: string) => ({ seq: 0, time: 0, type: "output", body: { data } });

/** Plays `before`, snapshots, restores the snapshot into a fresh terminal, then plays `after` into both. */
async function roundTrip(before: string, after: string, size = { cols: 20, rows: 5 }) {
  const original = new HeadlessScreen(size.cols, size.rows);
  await original.apply(out(before));
  const restored = new HeadlessScreen(size.cols, size.rows);
  await restored.restore(await original.snapshot());
  await original.apply(out(after));
  await restored.apply(out(after));
  return { expected: await original.screenText(), actual: await restored.screenText() };
}

describe("HeadlessScreen snapshots", () => {
  const cases: [string, string, string][] = [
    ["colours and the pen", "\x1b[1;31mred", " still red"],
    ["a pending wrap at the last column", "abcdefghijklmnopqrst", "XY"],
    ["a scroll region", "1\r\n2\r\n3\r\n4\r\n5\x1b[2;4r\x1b[4;1H", "\n\nnew\n\nnewer"],
    ["a scroll region with origin mode", "1\r\n2\r\n3\r\n4\r\n5\x1b[2;4r\x1b[?6h\x1b[2;3H", "\n\nnew\x1b[1;1HO"],
    ["a saved cursor", "ab\x1b7\r\ncd", "\x1b8X"],
    ["line drawing in G0", "\x1b(0", "lqqk"],
    ["line drawing shifted in from G1", "\x1b)0\x0e", "lqqk\x0fq"],
    ["the alternate screen", "normal\r\n\x1b[?1049h\x1b[Halt", "\r\nmore"],
    ["insert mode", "\x1b[4habc\r", "X"],
  ];
  for (const [name, before, after] of cases) {
    it(`carries ${name}`, async () => {
      const { expected, actual } = await roundTrip(before, after);
      expect(actual).toEqual(expected);
    });
  }

  it("keeps a screen of scrollback, so growing the terminal pulls back the same lines", async () => {
    const original = new HeadlessScreen(20, 5);
    await original.apply(out(Array.from({ length: 12 }, (_, i) => `line ${i}`).join("\r\n")));
    const restored = new HeadlessScreen(20, 5);
    await restored.restore(await original.snapshot());
    for (const s of [original, restored]) await s.apply({ seq: 0, time: 0, type: "resize", body: { cols: 20, rows: 9 } });
    expect(await restored.screenText()).toEqual(await original.screenText());
    expect((await restored.screenText())[0]).toBe("line 3");
  });

  it("clamps absurd sizes instead of allocating them", async () => {
    const screen = new HeadlessScreen(10_000, 10_000);
    expect([screen.cols, screen.rows]).toEqual([1000, 500]);
    await screen.apply({ seq: 0, time: 0, type: "resize", body: { cols: 0, rows: "x" } });
    expect([screen.cols, screen.rows]).toEqual([80, 24]);
  });
});
