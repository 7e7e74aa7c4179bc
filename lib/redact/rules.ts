// The rule set, in one place: the scanners, in the order the documentation lists them. Every
// identity a finding can name (RULES) is derived from this list, never kept beside it.
import { gcpServiceAccountKey, httpAuthorization, secretAssignment, slackWebhook, sqlIdentifiedBy, urlPassword } from "./context-rules";
import { base64Decoder, jsonDecoder, percentDecoder, psqlCellDecoder } from "./decoders";
import { KNOWN_VALUE_INFO } from "./known-values";
import { kubernetesSecretData } from "./kubernetes";
import { pemPrivateKey } from "./pem";
import type { Rule, RuleIdentity, RuleInfo } from "./rule";
import { EDITED_LINE } from "./screen";
import {
  anthropicKey,
  awsAccessKeyId,
  azureClientSecret,
  gcpApiKey,
  githubFineGrainedPat,
  githubToken,
  gitlabToken,
  jwt,
  openaiKey,
  openrouterKey,
  slackToken,
  stripeKey,
} from "./token-rules";

/**
 * The rule set's version. Masked views that are kept (keyframes, and any cache of masked text)
 * name it, and are rebuilt when it changes. Change it with any change to what is masked:
 * `rules.snapshot.test.ts` fails when the corpus's masked output changes under the same version.
 */
export const RULESET_VERSION = "2026.12.2";

/** The scanners, each woken by its keywords. */
export const DETECTION_RULES: readonly Rule[] = [
  awsAccessKeyId,
  gcpApiKey,
  gcpServiceAccountKey,
  azureClientSecret,
  githubToken,
  githubFineGrainedPat,
  gitlabToken,
  slackToken,
  slackWebhook,
  stripeKey,
  openaiKey,
  anthropicKey,
  openrouterKey,
  pemPrivateKey,
  jwt,
  urlPassword,
  httpAuthorization,
  secretAssignment,
  sqlIdentifiedBy,
  kubernetesSecretData,
  base64Decoder,
  jsonDecoder,
  percentDecoder,
  psqlCellDecoder,
];

/** Reported when held-back text reaches the cap and is masked unseen (fail closed). */
export const HELD_BACK: RuleIdentity = {
  id: "held-back-overflow",
  family: "overflow",
  label: "held",
  description: "text held back as a possible secret until it reached the hold cap, then masked (fail closed)",
  priority: 0,
};

/** Every identity a finding can name: each scanner and what it reports, then the engine's own. */
export const RULES: RuleInfo[] = (() => {
  const seen = new Map<string, RuleInfo>();
  const add = ({ id, family, description }: RuleInfo) => {
    if (!seen.has(id)) seen.set(id, { id, family, description });
  };
  for (const rule of DETECTION_RULES) {
    if (!rule.decoder) add(rule);
    for (const other of rule.reports ?? []) add(other);
  }
  for (const engine of [KNOWN_VALUE_INFO, HELD_BACK, EDITED_LINE]) add(engine);
  return [...seen.values()];
})();
