import { restriction, type Soundness } from './conditions.js';
import { grantsAnyAction } from './actions.js';
import type { Clause, PolicyDocument, PrincipalEntry, Statement } from './policy.js';
import { classifyPrincipal, THIS_ACCOUNT, type PrincipalClass } from './principals.js';

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/**
 * Keys that restrict who the caller is, when tested soundly in the same statement.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export const CALLER_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalOrgPaths',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
];

/** A value that names a set of callers: no bare wildcard, and an ARN pins its account. */
export function callerValueWeakness(value: string, like: boolean, clause: Clause): string | undefined {
  if (!like && !/arn/i.test(clause.operator)) return undefined;
  if (/^[*?]+$/.test(value)) return `'${value}' matches every caller`;
  if (value.startsWith('arn:')) {
    const acct = value.split(':')[4] ?? '';
    if (/[*?]/.test(acct) || acct === '') return `'${value}' matches principals in every account`;
    return undefined;
  }
  if (/^o-[*?]/.test(value) || /^[*?]/.test(value)) return `'${value}' matches every organization or account`;
  return undefined;
}

/** Whether the statement's conditions restrict the caller to known accounts, organizations or principals. */
export function callerRestriction(st: Statement): Soundness {
  return restriction(st.condition, CALLER_KEYS, callerValueWeakness);
}

/** Allow statements of a trust policy that let someone assume the role (any action that covers `sts:AssumeRole*`). */
export function trustStatements(doc: PolicyDocument): Statement[] {
  if (doc.kind !== 'trust') return [];
  return doc.statements.filter((s) => s.effect === 'Allow' && grantsAnyAction(s, ASSUME_ACTIONS).granted !== false);
}

/** Every principal entry of a statement with its class. */
export function principals(st: Statement): { entry: PrincipalEntry; cls: PrincipalClass }[] {
  return (st.principal?.entries ?? []).map((entry) => ({ entry, cls: classifyPrincipal(entry) }));
}

/** Whether an account is the template's own or one the user declared as theirs. */
export function isOwnAccount(account: string, own: readonly string[]): boolean {
  return account === THIS_ACCOUNT || own.includes(account);
}

/** Keys that narrow a whole-account trust to known callers, short of an external id. */
const NARROWING_KEYS = ['aws:PrincipalArn', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths'];

/**
 * How a statement that trusts a whole other account is narrowed: `sound` when it requires an
 * `sts:ExternalId` (against the confused deputy) or restricts the caller's ARN or organization;
 * otherwise the unsound verdict on `sts:ExternalId` (an IfExists or negated test, a `*` value, or none).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
 */
export function wholeAccountNarrowing(st: Statement): Soundness {
  const ext = restriction(st.condition, ['sts:ExternalId'], (v) => (/^[*?]*$/.test(v) ? `'${v}' matches any external id` : undefined));
  if (ext.verdict !== 'unsound') return ext;
  const narrow = restriction(st.condition, NARROWING_KEYS, callerValueWeakness);
  return narrow.verdict !== 'unsound' ? narrow : ext;
}
