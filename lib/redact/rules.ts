// The rule set, in one place: what each rule is called, which family it reports for, and how
// it is triggered.
import {
  awsSecretAccessKey,
  azureClientSecretAssignment,
  azureStorageKey,
  gcpServiceAccountKey,
  genericSecretAssignment,
  httpAuthorization,
  secretAssignment,
  slackWebhook,
  urlPassword,
} from "./context-rules";
import { KNOWN_VALUE_INFO } from "./known-values";
import { kubernetesSecretData } from "./kubernetes";
import { pemPrivateKey } from "./pem";
import type { Rule, RuleIdentity, RuleInfo } from "./rule";
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
  kubernetesSecretData,
];

/** Reported when held-back text reaches the cap and is masked unseen (fail closed). */
export const HELD_BACK: RuleIdentity = {
  id: "held-back-overflow",
  family: "overflow",
  label: "held",
  description: "text held back as a possible secret until it reached the hold cap, then masked (fail closed)",
  priority: 0,
};

/** Every rule a finding can name, in the order of the documentation. */
export const RULES: RuleInfo[] = [
  awsAccessKeyId,
  awsSecretAccessKey,
  gcpApiKey,
  gcpServiceAccountKey,
  azureStorageKey,
  azureClientSecret,
  azureClientSecretAssignment,
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
  genericSecretAssignment,
  kubernetesSecretData,
  KNOWN_VALUE_INFO,
  HELD_BACK,
].map(({ id, family, description }) => ({ id, family, description }));
