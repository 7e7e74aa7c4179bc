import { writeFileSync } from "node:fs";
import { getDb } from "@/db";
import { exportSessionBundle } from "@/lib/evidence/session-bundle";
import { appendAudit } from "@/lib/audit/append-audit";
import { args, cliActor, CliError, type Io } from "../io";

export async function exportCommand(argv: string[], io: Io): Promise<number> {
  const { values } = args(argv, { session: { type: "string" }, out: { type: "string" }, unmasked: { type: "boolean" } }, false);
  if (!values.session) throw new CliError("usage: flightlog export --session ID [--out FILE] [--unmasked]");
  const db = await getDb();
  const bundle = await exportSessionBundle(db, { sessionId: values.session, unmasked: values.unmasked === true });
  await db.transaction((tx) =>
    appendAudit(tx, {
      actor: cliActor(),
      action: "session.export",
      targetType: "session",
      targetId: values.session,
      details: { events: bundle.events.length, format: "bundle", unmasked: values.unmasked === true },
    }),
  );
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    io.stderr.write(`wrote ${bundle.events.length} events to ${values.out}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}
