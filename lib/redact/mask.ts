// Masks keep the terminal layout: a mask has the display width of the secret it replaces, line
// by line (line breaks are kept, so a PEM block keeps its shape), and carries a label when one
// fits. A label is made of the rule's short name and the first four hex digits of the caller's
// fingerprint, so it never carries a character of the secret.
import { displayWidth } from "./width";

const LINE_BREAK = /\r\n|\n|\r/g;
const HEX4 = /^[0-9a-f]{4}/i;

/** Labels to try, longest first: `[aws-key:3f9a]`, then `[aws-key]`. */
export function maskLabels(label: string, fingerprint: string | null): string[] {
  const hex = fingerprint !== null ? HEX4.exec(fingerprint) : null;
  return hex ? [`[${label}:${hex[0].toLowerCase()}]`, `[${label}]`] : [`[${label}]`];
}

/** The mask for `visible` (the secret as displayed): same width per line, same line breaks. */
export function buildMask(visible: string, labels: readonly string[]): string {
  let out = "";
  let labelled = false;
  let from = 0;
  LINE_BREAK.lastIndex = 0;
  for (;;) {
    const m = LINE_BREAK.exec(visible);
    const line = visible.slice(from, m === null ? visible.length : m.index);
    const width = displayWidth(line);
    const label = labelled ? undefined : labels.find((l) => l.length <= width);
    if (label !== undefined) labelled = true;
    out += label === undefined ? "*".repeat(width) : label + "*".repeat(width - label.length);
    if (m === null) return out;
    out += m[0];
    from = m.index + m[0].length;
  }
}
