export { StreamRedactor, redactText, DEFAULT_MAX_HOLD, type Finding, type RedactOptions, type RedactResult } from "./stream-redactor";
export { RULES, RULESET_VERSION } from "./rules";
export type { RuleInfo, Encoding } from "./rule";
export { stripAnsi } from "./ansi";
export { displayWidth } from "./width";
export { MIN_KNOWN_LENGTH } from "./known-values";
export { TerminalRedactor, type TerminalFinding, type TerminalStream } from "./terminal-redactor";
export { buildMask, maskLabels, maskRaw } from "./mask";
