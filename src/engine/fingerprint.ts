import { sha256Hex } from './sha256.js';

/**
 * A fingerprint that survives unrelated edits and line moves: rule, file, logical location (resource
 * and path to the statement), message id and a normalized description of the offending element,
 * never its line number. `occurrence` tells identical findings in one file apart.
 *
 * The logical location is derived by the engine from the node reported (see locations.ts), stopping at
 * the statement's element (`...Statement[1].Resource`): adding a value to a list, or moving lines,
 * keeps the fingerprint; renaming the resource or moving the value to another statement changes it.
 * Inserting a statement before it shifts its index, and so its fingerprint, as in SARIF's own
 * `logicalLocations`.
 */
export function fingerprint(parts: { ruleId: string; file: string; logical: string; messageId: string; evidence: string; occurrence: number }): string {
  return sha256Hex(
    [parts.ruleId, parts.file, parts.logical, parts.messageId, parts.evidence.replace(/\s+/g, ' ').trim(), String(parts.occurrence)].join('\u0000'),
  ).slice(0, 32);
}
