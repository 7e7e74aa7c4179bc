import { redactText } from "@/lib/redact";
import { maskEvents } from "@/lib/sessions/mask-events";
const ESC = "\x1b";
const LINES = [
  ` ${ESC}[32m✓${ESC}[39m lib/chain/merkle.test.ts ${ESC}[2m(4 tests)${ESC}[22m ${ESC}[33m12${ESC}[2mms${ESC}[22m${ESC}[39m`,
  `src/server.ts(42,13): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.`,
  `    at Object.<anonymous> (/home/dev/project/src/index.js:42:13)`,
  `{"level":"info","time":1714564800000,"msg":"request completed","statusCode":200,"responseTime":3.2,"reqId":"req-1a2b"}`,
  `   Compiling serde v1.0.193 (/home/dev/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.193)`,
  `GET https://api.example.test/v1/users?page=2 200 OK 53ms`,
  `NAME                      READY   STATUS    RESTARTS   AGE`,
];
const evs: any[] = [];
let bytes = 0;
for (let i = 0; bytes < 10e6; i++) { let d = ""; for (let k = 0; k < 1 + (i % 30); k++) d += LINES[(i + k) % LINES.length] + "\r\n"; bytes += d.length; evs.push({ seq: i + 1, time: i, type: "output", body: { data: d } }); }
let t0 = performance.now();
const text = evs.map((e) => e.body.data).join("");
redactText(text, {});
console.log("redactText 10MB", Math.round(performance.now() - t0));
t0 = performance.now();
for (let i = 0; i < evs.length; i += 1000) maskEvents(evs.slice(i, i + 1000), evs[i].seq, evs[Math.min(i + 999, evs.length - 1)].seq);
console.log("maskEvents 10MB", Math.round(performance.now() - t0));
t0 = performance.now();
const js = evs.map((e) => JSON.stringify(e.body));
console.log("stringify", Math.round(performance.now() - t0));
t0 = performance.now();
for (const j of js) JSON.parse(j);
console.log("parse", Math.round(performance.now() - t0));
