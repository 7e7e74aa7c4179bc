// The labelled evaluation corpus: every secret family crossed with every context. Generated
// from a seeded PRNG, so every run sees the same items. Secrets are fakes in the real formats
// (GitHub tokens carry a valid CRC-32, JWT headers decode), never real credentials. Each item
// records every secret it holds: family, raw range (or ranges), and what must not survive.
import { Fakes, prng } from "./fakes";
import { FAMILIES, ItemBuilder, negatives } from "./families";
import { BLOB_TRANSFORMS, SCREEN_CONTEXTS, plainSample, screenItem, type CorpusItem } from "./transforms";

export { Fakes, prng } from "./fakes";
export { FAMILIES, negatives, type ExpectedSecret } from "./families";
export type { CorpusItem } from "./transforms";

/** Every context a family is crossed with, beyond its own plain ones. */
export const CROSS_CONTEXTS = [...Object.keys(BLOB_TRANSFORMS), ...SCREEN_CONTEXTS];

export interface CorpusOptions {
  seed?: number;
  /** Items per family and plain context. */
  perPlainContext?: number;
  /** Items per family and cross context. */
  perCrossContext?: number;
  /** Rounds of negatives. */
  negativeRounds?: number;
}

export function buildCorpus(options: CorpusOptions = {}): CorpusItem[] {
  const f = new Fakes(prng(options.seed ?? 20240501));
  const items: CorpusItem[] = [];
  const push = (item: Omit<CorpusItem, "id">) => items.push({ id: `${item.family}/${item.context}/${items.length}`, ...item });
  for (const family of FAMILIES) {
    for (const context of family.contexts) {
      for (let i = 0; i < (options.perPlainContext ?? 2); i++) {
        const b = new ItemBuilder();
        context.build(b, f);
        push({ family: family.family, context: context.name, text: b.text, secrets: b.secrets, ...(b.known.length > 0 ? { knownValues: b.known } : {}) });
      }
    }
    for (let i = 0; i < (options.perCrossContext ?? 6); i++) {
      for (const [name, transform] of Object.entries(BLOB_TRANSFORMS)) {
        const sample = plainSample(family, f);
        const { text, secrets } = transform(sample, f, i);
        push({ family: family.family, context: name, text, secrets, ...(sample.known.length > 0 ? { knownValues: sample.known } : {}) });
      }
      for (const context of SCREEN_CONTEXTS) push(screenItem(family, context, f, i));
    }
  }
  for (let round = 0; round < (options.negativeRounds ?? 3); round++) {
    for (const n of negatives(f)) push({ family: "none", context: n.context, text: n.text, secrets: [] });
  }
  return items;
}
