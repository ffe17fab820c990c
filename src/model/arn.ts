import { globMatch, hasWildcard } from './glob.js';
import type { Val } from './value.js';
import { resourceRef } from './value.js';

export type Tri = boolean | 'unknown';

/**
 * A resource value as an ARN glob: this account and the partition become literal stand-ins (a role
 * can only be passed within its own account, so "any role in this account" is "any role"); any other
 * unknown part makes the whole value unknown.
 */
function pattern(v: Val): string | undefined {
  let s = '';
  for (const p of v.parts) {
    if (typeof p === 'string') s += p;
    else if (p.sym === 'account') s += '000000000000';
    else if (p.sym === 'partition') s += 'aws';
    else return undefined;
  }
  return s;
}

function segments(p: string): { partition: string; service: string; account: string; resource: string } | undefined {
  const m = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s.exec(p);
  if (!m) return undefined;
  return { partition: m[1] ?? '', service: m[2] ?? '', account: m[4] ?? '', resource: m[5] ?? '' };
}

/**
 * Whether a Resource value matches every role: `*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::<acct>:role/*`,
 * `arn:aws:iam::<acct>:*`, `arn:*:*`... Tested by matching two unrelated role ARNs (one with a path),
 * so a prefix such as `role/qateam-*` or a length-bound `role/???` is not "every role".
 */
export function coversAllRoles(v: Val): Tri {
  if (resourceRef(v)) return false;
  const p = pattern(v);
  if (p === undefined) return 'unknown';
  if (!hasWildcard(p)) return false;
  const seg = segments(p);
  const part = seg && !hasWildcard(seg.partition) ? seg.partition : 'aws';
  const acct = seg && !hasWildcard(seg.account) && seg.account ? seg.account : '000000000000';
  const samples = [`arn:${part}:iam::${acct}:role/Zq9`, `arn:${part}:iam::${acct}:role/service-role/deploy.Worker_42-longer-name`];
  return samples.every((s) => globMatch(p, s));
}

/**
 * Whether a Resource value may name a role at all. An S3 ARN cannot, so a statement whose resources are
 * all like that grants no PassRole, whatever its actions say.
 */
export function canBeRole(v: Val): Tri {
  const ref = resourceRef(v);
  if (ref) return ref.type === 'AWS::IAM::Role' || ref.type === undefined ? true : 'unknown';
  const p = pattern(v);
  if (p === undefined) return 'unknown';
  if (p === '*' || /^arn:\*/.test(p)) return true;
  const seg = segments(p);
  if (!seg) return /^arn:[^:]*:[^:]*\*/.test(p) || /^arn:[^:]*\*/.test(p);
  if (!globMatch(seg.service, 'iam', true)) return false;
  const star = seg.resource.search(/[*?]/);
  const prefix = star < 0 ? seg.resource : seg.resource.slice(0, star);
  return 'role/'.startsWith(prefix) || prefix.startsWith('role/');
}

/** The account of an IAM ARN value: a 12-digit id, 'this' for `${AWS::AccountId}`, or undefined. */
export function arnAccount(v: Val): string | undefined {
  const parts = v.parts;
  let s = '';
  for (const p of parts) {
    if (typeof p === 'string') s += p;
    else if (p.sym === 'account') s += '\u0001';
    else if (p.sym === 'partition') s += 'aws';
    else return undefined;
  }
  const m = /^arn:[^:]*:[^:]*:[^:]*:([^:]*):/.exec(s);
  if (!m) return undefined;
  const a = m[1] ?? '';
  if (a === '\u0001') return 'this';
  return /^\d{12}$/.test(a) ? a : undefined;
}
