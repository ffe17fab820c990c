import { parseOperator } from './conditions.js';
import type { Clause } from './policy.js';
import { symbolicText } from './value.js';

/**
 * Conditions on time: `aws:CurrentTime`, `aws:EpochTime` (the time of the request) and
 * `aws:TokenIssueTime` (when the request's temporary credentials were issued; absent for long-term
 * access keys). A policy is judged for every request from the day of the run on, so a clause such as
 * `DateLessThan aws:CurrentTime 2020-01-01` can no longer hold, and `DateGreaterThan` on a past date
 * always holds.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tokenissuetime
 */
export type TimeVerdict = 'never' | 'always' | 'sometimes';

/**
 * Temporary credentials issued this long before the day of the run can still be valid: `GetSessionToken`
 * and `GetFederationToken` sessions last up to 36 hours (role sessions up to 12).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
const TOKEN_LIFETIME_MS = 36 * 3600 * 1000;

const TIME_KEYS = new Set(['aws:currenttime', 'aws:epochtime', 'aws:tokenissuetime']);

/** A date value as IAM reads it: ISO 8601 (`2020-01-01`, `2020-01-01T00:00:01Z`) or epoch seconds. */
function instant(s: string, numeric: boolean): number | undefined {
  const t = s.trim();
  if (/^\d{1,12}$/.test(t)) return Number(t) * 1000;
  if (numeric) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return undefined;
  const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * What a clause on a time key says of every request from `today` (`YYYY-MM-DD`, UTC) on: it can never
 * hold, it always holds, or it depends on when. Undefined when the clause is not on a time key, its
 * values cannot be read offline, or its operator is not a date or number comparison.
 */
export function timeVerdict(c: Clause, today: string): TimeVerdict | undefined {
  const key = c.key.toLowerCase();
  if (!TIME_KEYS.has(key)) return undefined;
  const op = parseOperator(c.operator);
  if (op.set) return undefined;
  const numeric = op.base.startsWith('numeric');
  if (numeric ? key !== 'aws:epochtime' : !op.base.startsWith('date')) return undefined;
  const cmp = op.base.slice(numeric ? 'numeric'.length : 'date'.length);
  const start = Date.parse(`${today}T00:00:00Z`);
  if (!Number.isFinite(start)) return undefined;
  // The earliest value the key can have in a request from today on; there is no latest.
  const earliest = key === 'aws:tokenissuetime' ? start - TOKEN_LIFETIME_MS : start;
  const times: number[] = [];
  for (const v of c.values) {
    const s = symbolicText(v);
    const ms = s === undefined ? undefined : instant(s, numeric);
    if (ms === undefined) return undefined;
    times.push(ms);
  }
  if (times.length === 0) return undefined;
  const allPast = times.every((x) => x < earliest);
  let present: TimeVerdict;
  switch (cmp) {
    case 'lessthan':
    case 'lessthanequals':
    case 'equals':
      // Values are ORed: each lies before every request to come.
      present = allPast ? 'never' : 'sometimes';
      break;
    case 'greaterthan':
    case 'greaterthanequals':
    case 'notequals':
      present = allPast ? 'always' : 'sometimes';
      break;
    default:
      return undefined;
  }
  // Long-term access keys carry no `aws:TokenIssueTime`: a non-IfExists clause is then false, an IfExists one true.
  if (key !== 'aws:tokenissuetime') return present;
  if (op.ifExists) return present === 'never' ? 'sometimes' : present;
  return present === 'always' ? 'sometimes' : present;
}
