import { openDatabase, queryRows, sql } from "@/db/client";
import { seedDemo } from "@/lib/demo/seed-demo";
import { readMaskedEventRange } from "@/lib/sessions/session-events";
const d = await openDatabase({});
await seedDemo(d.db);
const ss = await queryRows<any>(d.db, sql`select id, title from sessions`);
for (const s of ss) {
  const p = await readMaskedEventRange(d.db, s.id, 0, 1000);
  console.log("==", s.title, p.events.length);
  for (const e of p.events) if (e.type !== "output" || /\[|\*\*\*/.test(String(e.body.data))) console.log(e.seq, e.time, e.type, JSON.stringify(e.body).slice(0, 200));
}
