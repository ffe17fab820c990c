import { restriction, type Soundness } from './conditions.js';
import { grantsAnyAction } from './actions.js';
import type { Clause, PolicyDocument, PrincipalEntry, Statement } from './policy.js';
import { isMap, isString, walkStrings } from './node.js';
import { classifyPrincipal, THIS_ACCOUNT, type PrincipalClass } from './principals.js';
import type { Template } from './template.js';

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

const ownCache = new WeakMap<object, ReadonlySet<string>>();

/**
 * Account ids the file itself shows to be its own, conservatively: an ARN with a literal account whose
 * resource is one the template defines (its last segment is a literal `...Name` property of a resource,
 * or `${R}` of a template resource, as CDK synth output writes with `env.account`), or a CDK bootstrap
 * resource (`cdk-hnb659fds-...`, `/cdk-bootstrap/`), which only the deploying account has. Trusting
 * such an account is trusting one's own. An id merely mentioned (a vendor's account) is not inferred.
 * https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
 */
export function inferredOwnAccounts(template: Template | undefined): ReadonlySet<string> {
  if (!template) return new Set();
  const cached = ownCache.get(template);
  if (cached) return cached;
  const names = new Set<string>();
  for (const r of template.resources.values()) {
    if (!isMap(r.properties)) continue;
    for (const e of r.properties.entries) {
      const k = String(e.key.value);
      if (k.endsWith('Name') && isString(e.value)) names.add(e.value.value);
    }
  }
  const out = new Set<string>();
  walkStrings(template.root, (s) => {
    if (!s.value.startsWith('arn:')) return;
    const parts = s.value.split(':');
    const account = parts[4] ?? '';
    if (!/^\d{12}$/.test(account)) return;
    const rest = parts.slice(5).join(':');
    const tail = rest.slice(Math.max(rest.lastIndexOf('/'), rest.lastIndexOf(':')) + 1);
    const ref = /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$/.exec(tail)?.[1];
    if (names.has(tail) || (ref !== undefined && template.resources.has(ref)) || rest.includes('cdk-hnb659fds') || rest.includes('/cdk-bootstrap/'))
      out.add(account);
  });
  ownCache.set(template, out);
  return out;
}
