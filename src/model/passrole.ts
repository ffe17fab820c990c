import { accountOf, type AccountInput, type Principal } from './account.js';
import type { Request } from './account-eval.js';
import { adminAccess } from './account-risks.js';
import { grantsAction } from './actions.js';
import { canBeRole, coversAllRoles } from './arn.js';
import { misspeltClause, restriction, wildcardPrefix, type Soundness } from './conditions.js';
import type { Field, PolicyDocument, Statement } from './policy.js';
import { known, type Val } from './value.js';

export const PASS_ROLE = 'iam:PassRole';
export const PASSED_TO_SERVICE = 'iam:PassedToService';

/** An Allow statement that grants iam:PassRole on something that may be a role. */
export interface PassRoleGrant {
  readonly statement: Statement;
  /** The Action value that covers PassRole (`*`, `iam:*`, ...), or undefined for NotAction. */
  readonly via: Val | undefined;
  readonly actionField: Field;
  readonly notAction: boolean;
  /** Resource values that cover every role, or the NotResource field. */
  readonly allRoles: readonly Val[];
  readonly notResource: Field | undefined;
}

/** `'iam:*'` → " through 'iam:*'"; NotAction → " through NotAction"; exact → "". */
export function viaText(g: PassRoleGrant): string {
  if (g.notAction) return ' (through NotAction, which does not exclude it)';
  const s = g.via ? known(g.via) : undefined;
  return s && s.toLowerCase() !== 'iam:passrole' ? ` (through '${s}')` : '';
}

/**
 * An unconditional Deny of PassRole on every role in the same document neutralises every Allow of it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
function deniedOutright(doc: PolicyDocument): boolean {
  return doc.statements.some(
    (s) =>
      s.effect === 'Deny' &&
      grantsAction(s, PASS_ROLE).granted === true &&
      !s.condition.node &&
      !s.notResource &&
      (s.resource?.values ?? []).some((v) => coversAllRoles(v) === true),
  );
}

/**
 * The statements of an identity policy that allow iam:PassRole on something that can be a role.
 * Resources that cannot be roles (an S3 ARN) grant no PassRole; unknown resources are left alone
 * unless another resource of the statement already covers every role.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
export function passRoleGrants(doc: PolicyDocument): readonly PassRoleGrant[] {
  // Two rules ask about every document.
  let out = grantsByDoc.get(doc);
  if (!out) grantsByDoc.set(doc, (out = findPassRoleGrants(doc)));
  return out;
}

const grantsByDoc = new WeakMap<PolicyDocument, readonly PassRoleGrant[]>();

function findPassRoleGrants(doc: PolicyDocument): PassRoleGrant[] {
  if (doc.kind !== 'identity' || deniedOutright(doc)) return [];
  const out: PassRoleGrant[] = [];
  for (const st of doc.statements) {
    if (st.effect !== 'Allow') continue;
    const g = grantsAction(st, PASS_ROLE);
    if (g.granted !== true) continue;
    if (st.notResource) {
      out.push({ statement: st, via: g.via, actionField: g.field, notAction: g.notAction, allRoles: [], notResource: st.notResource });
      continue;
    }
    const values = st.resource?.values ?? [];
    const roleValues = values.filter((v) => canBeRole(v) !== false);
    if (roleValues.length === 0) continue;
    // A NotAction statement on non-IAM resources does not grant PassRole; on unknown ones we cannot say.
    if (g.notAction && roleValues.every((v) => canBeRole(v) === 'unknown')) continue;
    const allRoles = roleValues.filter((v) => coversAllRoles(v) === true);
    if (allRoles.length === 0 && roleValues.some((v) => canBeRole(v) === 'unknown' || coversAllRoles(v) === 'unknown')) {
      // Some resource is unknown and none covers all roles: only a sound judgement on conditions remains possible.
      out.push({ statement: st, via: g.via, actionField: g.field, notAction: g.notAction, allRoles: [], notResource: undefined });
      continue;
    }
    out.push({ statement: st, via: g.via, actionField: g.field, notAction: g.notAction, allRoles, notResource: undefined });
  }
  return out;
}

/**
 * Whether a value names one service: a service principal (`ec2.amazonaws.com`), or a pattern whose
 * fixed part already names the service (`ec2.amazonaws.com*` also covers `.cn`). `*`,
 * `*.amazonaws.com` or `e*` name no service in particular.
 */
export function serviceValueWeakness(value: string, like: boolean): string | undefined {
  if (!like || !/[*?]/.test(value)) return undefined;
  const prefix = wildcardPrefix(value);
  if (/^[a-z0-9-]+\.[a-z0-9.-]*$/i.test(prefix) && prefix.includes('.')) return undefined;
  return `'${value}' matches any service`;
}

/**
 * How a statement's conditions restrict iam:PassedToService. A Deny in the same document with
 * `StringNotEquals iam:PassedToService` over every role also restricts it (it denies when the key is absent too).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
 */
export function passedToService(
  g: PassRoleGrant,
  doc: PolicyDocument,
): Soundness | { verdict: 'misspelt'; key: string; clause: NonNullable<ReturnType<typeof misspeltClause>> } {
  const r = restriction(g.statement.condition, [PASSED_TO_SERVICE], serviceValueWeakness);
  if (r.verdict !== 'unsound') return r;
  if (denyOutsideServices(doc)) return { verdict: 'unknown' };
  if (r.clause === undefined) {
    const typo = misspeltClause(g.statement.condition, PASSED_TO_SERVICE);
    if (typo) return { verdict: 'misspelt', key: typo.key, clause: typo };
  }
  return r;
}

function denyOutsideServices(doc: PolicyDocument): boolean {
  return doc.statements.some((s) => {
    if (s.effect !== 'Deny' || grantsAction(s, PASS_ROLE).granted !== true) return false;
    if (!(s.resource?.values ?? []).some((v) => coversAllRoles(v) === true)) return false;
    return s.condition.clauses.some((c) => {
      const op = c.operator.toLowerCase();
      return c.key.toLowerCase() === PASSED_TO_SERVICE.toLowerCase() && (op === 'stringnotequals' || op === 'stringnotlike') && c.values.length > 0;
    });
  });
}

/** Services a PassRole question is asked for: none sent, two common ones, and one that exists nowhere (any other service). */
const SERVICES: readonly (string | undefined)[] = [undefined, 'ec2.amazonaws.com', 'lambda.amazonaws.com', 'zq9.amazonaws.com'];

/** The question per service, made once: the account model keys its answers by the request. */
const passEveryRoleBy = new Map<string | undefined, Request>();

function passEveryRole(service: string | undefined): Request {
  let r = passEveryRoleBy.get(service);
  if (!r) {
    r = { action: PASS_ROLE, target: { kind: 'all', entity: 'role' }, context: new Map([[PASSED_TO_SERVICE.toLowerCase(), service]]) };
    passEveryRoleBy.set(service, r);
  }
  return r;
}

/**
 * What the principals that hold a document make of one of its PassRole grants, over all their
 * policies (the same role's `Deny` in another policy counts, and so does its boundary):
 * `admin` when every one of them can do every action on every resource through this statement (`admin-access` reports it, PassRole included),
 * `denied` when every one of them is denied PassRole on every role for every service,
 * `servicesRestricted` when every one is denied it for services other than some (a Deny with
 * `StringNotEquals iam:PassedToService`), `open` otherwise. A document no principal holds (a SAM
 * function's policies) is judged alone, as before.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function passRoleVerdict(file: AccountInput, doc: PolicyDocument, g: PassRoleGrant, today: string): 'admin' | 'denied' | 'servicesRestricted' | 'open' {
  const account = accountOf(file, today);
  const holders: readonly Principal[] = account.principalsOf(doc);
  if (holders.length === 0) return 'open';
  if (
    holders.every((p) => {
      const admin = adminAccess(account, p);
      return admin?.kind === 'full' && admin.grant.statement === g.statement;
    })
  )
    return 'admin';
  if (holders.every((p) => SERVICES.every((s) => account.denied(p, passEveryRole(s)) === true))) return 'denied';
  const restricted = (p: Principal) => account.denied(p, passEveryRole(undefined)) === true && account.denied(p, passEveryRole('zq9.amazonaws.com')) === true;
  return holders.every(restricted) ? 'servicesRestricted' : 'open';
}
