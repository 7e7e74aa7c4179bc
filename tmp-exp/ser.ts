import headless from "@xterm/headless"; const { Terminal } = headless;
import serializeMod from "@xterm/addon-serialize"; const { SerializeAddon } = serializeMod;
const w = (t: any, d: string) => new Promise<void>((r) => t.write(d, r));
function screen(t: any) { const b = t.buffer.active; const out = []; for (let y = 0; y < t.rows; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true)); return out.join("\n"); }
async function check(name: string, before: string, after: string) {
  const a = new Terminal({ cols: 20, rows: 5, allowProposedApi: true });
  const s = new SerializeAddon(); a.loadAddon(s as any);
  await w(a, before);
  const state = s.serialize({ scrollback: 5 });
  const core = (a as any)._core;
  const b = new Terminal({ cols: 20, rows: 5, allowProposedApi: true });
  await w(b, state);
  await w(a, after); await w(b, after);
  const ok = screen(a) === screen(b);
  console.log(name, ok ? "OK" : "DIFF", JSON.stringify(state).slice(0, 200));
  if (!ok) console.log(screen(a) + "\n-----\n" + screen(b));
  console.log("  internals: x", core.buffer.x, "cursorX", a.buffer.active.cursorX, "scrollTop", core.buffer.scrollTop, core.buffer.scrollBottom, "hidden", core.coreService.isCursorHidden);
}
await check("pending wrap", "abcdefghijklmnopqrst", "XY");
await check("scroll region", "1\r\n2\r\n3\r\n4\r\n5\x1b[2;4r\x1b[4;1H", "\n\nnew\n\nnew2");
await check("hidden cursor", "\x1b[?25lhello", "x");
await check("sgr pen", "\x1b[31mred", " more");
await check("alt screen", "normal\r\n\x1b[?1049h\x1b[Halt", "!");
await check("saved cursor", "ab\x1b7\r\ncd", "\x1b8X");
await check("charset", "\x1b(0", "lqqk");
await check("tabs", "\x1b[3g\x1bH", "\r\tX");
await check("insert", "\x1b[4habc\r", "X");
