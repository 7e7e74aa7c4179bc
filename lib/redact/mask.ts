// Masks keep the terminal layout: a mask has the display width of the secret it replaces, line
// by line (line breaks are kept, so a PEM block keeps its shape), and carries a label when one
// fits. A label is made of the rule's short name and the first four hex digits of the caller's
// fingerprint, so it never carries a character of the secret.
import { project } from "./ansi";
import { displayWidth } from "./width";

const CONTROLS = /[\x00-\x1f\x7f]+/g;
const HEX4 = /^[0-9a-f]{4}/i;

/** Labels to try, longest first: `[aws-key:3f9a]`, then `[aws-key]`. */
export function maskLabels(label: string, fingerprint: string | null): string[] {
  const hex = fingerprint !== null ? HEX4.exec(fingerprint) : null;
  return hex ? [`[${label}:${hex[0].toLowerCase()}]`, `[${label}]`] : [`[${label}]`];
}

/**
 * The mask for `visible` (the secret as displayed): the same width in each run of printable
 * characters, and every control character kept (line breaks, so a PEM block keeps its shape;
 * backspaces and carriage returns, so an edited line keeps its layout on screen). The first run
 * with room carries the label.
 */
export function buildMask(visible: string, labels: readonly string[], inserts: readonly { at: number; text: string }[] = []): string {
  if (inserts.length > 0) {
    // Cursor moves inside the secret stay where they were, so the masked line draws the same.
    let out = "";
    let from = 0;
    let rest = labels;
    for (const { at, text } of inserts) {
      const part = buildMask(visible.slice(from, at), rest);
      if (part.includes("[")) rest = []; // only a label puts a bracket in a mask
      out += part + text;
      from = at;
    }
    return out + buildMask(visible.slice(from), rest);
  }
  let out = "";
  let labelled = false;
  let from = 0;
  CONTROLS.lastIndex = 0;
  for (;;) {
    const m = CONTROLS.exec(visible);
    const run = visible.slice(from, m === null ? visible.length : m.index);
    if (run.length > 0) {
      const width = displayWidth(run);
      const label = labelled ? undefined : labels.find((l) => l.length <= width);
      if (label !== undefined) labelled = true;
      out += label === undefined ? "*".repeat(width) : label + "*".repeat(width - label.length);
    }
    if (m === null) return out;
    out += m[0];
    from = m.index + m[0].length;
  }
}

/**
 * The mask for a raw slice of terminal data: escape sequences are dropped, except the cursor
 * moves and erases, which stay where they were so the masked line draws like the original.
 */
export function maskRaw(raw: string, labels: readonly string[]): string {
  const p = project(raw, 0, true);
  return buildMask(p.text, labels, p.edits.map((e) => ({ at: e.p, text: e.seq })));
}
