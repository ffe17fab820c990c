import { globMatch, hasWildcard } from './glob.js';
import type { Clause, Condition } from './policy.js';
import { symbolicText, type Val } from './value.js';

/**
 * A condition operator taken apart.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 */
export interface Operator {
  /** Lower-case base name without set prefix or `IfExists`, e.g. `stringequals`. */
  readonly base: string;
  readonly ifExists: boolean;
  readonly set: 'forallvalues' | 'foranyvalue' | undefined;
  /** `StringNotEquals`, `ArnNotLike`...: true when the key is absent, and "everything else" when present. */
  readonly negated: boolean;
  /** A positive equality or pattern test on strings or ARNs. */
  readonly positiveMatch: boolean;
  readonly caseInsensitive: boolean;
  readonly like: boolean;
}

export function parseOperator(op: string): Operator {
  let s = op.toLowerCase();
  let set: Operator['set'];
  const m = /^(forallvalues|foranyvalue):/.exec(s);
  if (m) {
    set = m[1] as Operator['set'];
    s = s.slice(m[0].length);
  }
  const ifExists = s.endsWith('ifexists');
  if (ifExists) s = s.slice(0, -'ifexists'.length);
  const negated = /not/.test(s);
  const positiveMatch = ['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike'].includes(s);
  return {
    base: s,
    ifExists,
    set,
    negated,
    positiveMatch,
    caseInsensitive: s === 'stringequalsignorecase',
    like: s === 'stringlike' || s === 'arnlike' || s === 'arnequals',
  };
}

/** Clauses on a key, matched case-insensitively as IAM does for condition key names. */
export function clausesFor(cond: Condition, key: string): Clause[] {
  const k = key.toLowerCase();
  return cond.clauses.filter((c) => c.key.toLowerCase() === k);
}

/**
 * Why a clause does not soundly restrict its key in an Allow statement, or undefined when it does:
 * a positive string/ARN test, not `IfExists` (true when the key is absent), not `ForAllValues`
 * (true when the key is absent or empty), not negated (true when absent, and everything else when present).
 */
export function operatorWeakness(op: Operator): string | undefined {
  if (op.negated) return 'a negated operator matches every other value, and is true when the key is absent';
  if (op.ifExists) return 'the IfExists operator is true whenever the request does not carry the key';
  if (op.set === 'forallvalues') return 'ForAllValues is true when the key is absent or empty';
  if (!op.positiveMatch) return 'the operator does not compare strings or ARNs for equality';
  return undefined;
}

export type Soundness =
  | { readonly verdict: 'sound'; readonly clause: Clause }
  | { readonly verdict: 'unknown' }
  | { readonly verdict: 'unsound'; readonly reason: string; readonly clause: Clause | undefined; readonly value: Val | undefined };

/**
 * Whether one of the clauses on `keys` restricts the request soundly, with `valueOk` judging each value
 * (which gets the value's text, and whether the operator treats wildcards as patterns).
 * Conditions are ANDed, so one sound clause is enough. Unknown values yield 'unknown'.
 */
export function restriction(
  cond: Condition,
  keys: readonly string[],
  valueOk: (value: string, like: boolean, clause: Clause) => string | undefined,
): Soundness {
  let firstBad: Soundness | undefined;
  let unk = cond.unknown;
  for (const key of keys) {
    for (const c of clausesFor(cond, key)) {
      const op = parseOperator(c.operator);
      const weak = operatorWeakness(op);
      if (weak) {
        firstBad ??= { verdict: 'unsound', reason: weak, clause: c, value: undefined };
        continue;
      }
      let bad: Soundness | undefined;
      let clauseUnknown = false;
      if (c.values.length === 0) bad = { verdict: 'unsound', reason: 'the condition lists no values', clause: c, value: undefined };
      for (const v of c.values) {
        const s = symbolicText(v);
        if (s === undefined) {
          clauseUnknown = true;
          continue;
        }
        const why = valueOk(s, op.like, c);
        if (why) {
          bad = { verdict: 'unsound', reason: why, clause: c, value: v };
          break;
        }
      }
      if (bad) {
        firstBad ??= bad;
        continue;
      }
      if (clauseUnknown) {
        unk = true;
        continue;
      }
      return { verdict: 'sound', clause: c };
    }
  }
  if (unk) return { verdict: 'unknown' };
  return firstBad ?? { verdict: 'unsound', reason: 'no condition', clause: undefined, value: undefined };
}

/** Levenshtein distance, small strings only (condition key typos). */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] ?? 0;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] ?? 0;
      dp[j] = Math.min((dp[j] ?? 0) + 1, (dp[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] ?? 0;
}

/** A clause whose key looks like a misspelling of `key` (distance 1–3, not equal ignoring case). */
export function misspeltClause(cond: Condition, key: string): Clause | undefined {
  const k = key.toLowerCase();
  return cond.clauses.find((c) => {
    const ck = c.key.toLowerCase();
    return ck !== k && editDistance(ck, k) <= 3;
  });
}

/** Whether a pattern can match more than a narrow family of values: its literal part before any wildcard is short. */
export function wildcardPrefix(s: string): string {
  const i = s.search(/[*?]/);
  return i < 0 ? s : s.slice(0, i);
}

export { globMatch, hasWildcard };
