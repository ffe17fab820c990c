import { createHash } from 'node:crypto';

/**
 * A fingerprint that survives unrelated edits and line moves: rule, file, logical location (resource
 * and path to the statement), message id and a normalized description of the offending element,
 * never its line number. `occurrence` tells identical findings in one file apart.
 */
export function fingerprint(parts: { ruleId: string; file: string; logical: string; messageId: string; evidence: string; occurrence: number }): string {
  const h = createHash('sha256');
  h.update([parts.ruleId, parts.file, parts.logical, parts.messageId, parts.evidence.replace(/\s+/g, ' ').trim(), String(parts.occurrence)].join('\u0000'));
  return h.digest('hex').slice(0, 32);
}
