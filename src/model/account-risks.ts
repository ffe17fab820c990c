import type { Account, Grant, Principal } from './account.js';
import { valuePattern, valueResource, type EntityKind, type Request } from './account-eval.js';
import { grantsAction } from './actions.js';
import { hasWildcard } from './glob.js';
import { PRIVESC_PATHS, type PathPermission, type PrivescPath } from './privesc-paths.js';

/**
 * Made-up actions: only a wildcard that takes in a whole service (`*`, `iam:*`, `iam:*Zq9*`...) or a
 * `NotAction` that does not list the service grants them, so "allowed" means "every action of it".
 */
const ANY_ACTIONS = ['zq9:Zq9Xj', 'vwk:Vw8Kyb']; // not-an-action
const ANY_IAM_ACTIONS = ['iam:Zq9Xj', 'iam:Vw8Kyb']; // not-an-action
const IAM_ENTITIES: readonly EntityKind[] = ['role', 'user', 'group', 'policy'];

export type AdminKind = 'full' | 'iam';

export interface AdminAccess {
  /** `full`: every action on every resource; `iam`: every IAM action on every IAM entity (it can grant itself anything). */
  readonly kind: AdminKind;
  readonly grant: Grant;
}

/**
 * Whether a principal is an administrator: its effective permissions allow every action on every
 * resource, IAM included (`*` on `*`, AdministratorAccess, a NotAction that lists neither IAM nor
 * the made-up service), or every IAM action on every role, user, group and policy (`iam:*` on `*`,
 * IAMFullAccess): with those it can attach AdministratorAccess to itself.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
 */
export function adminAccess(account: Account, p: Principal): AdminAccess | undefined {
  let cached = adminCache.get(account);
  if (!cached) adminCache.set(account, (cached = new Map()));
  if (cached.has(p)) return cached.get(p);
  const found = computeAdmin(account, p);
  cached.set(p, found);
  return found;
}

const adminCache = new WeakMap<Account, Map<Principal, AdminAccess | undefined>>();

/** The questions asked of every principal, made once (the account model keys its answers by them). */
const IAM_PROBES: readonly Request[] = IAM_ENTITIES.flatMap((entity) =>
  ANY_IAM_ACTIONS.map((action): Request => ({ action, target: { kind: 'all', entity } })),
);
const ANY_PROBES: readonly Request[] = ANY_ACTIONS.map((action): Request => ({ action, target: { kind: 'all', entity: 'any' } }));

function computeAdmin(account: Account, p: Principal): AdminAccess | undefined {
  // Most principals have no statement that can grant a made-up IAM action at all: no need to ask further.
  const probe = IAM_PROBES[0];
  if (probe && !account.mayAllow(p, probe.action)) return undefined;
  // Two made-up names with no letter in common: a pattern such as `iam:*Ro*` takes in neither.
  let firstIam: Grant | undefined;
  for (const req of IAM_PROBES) {
    const a = account.allows(p, req);
    if (a.verdict !== 'yes') return undefined;
    firstIam ??= a.grants[0];
  }
  let firstAll: Grant | undefined;
  for (const req of ANY_PROBES) {
    const a = account.allows(p, req);
    if (a.verdict !== 'yes') {
      firstAll = undefined;
      break;
    }
    firstAll ??= a.grants[0];
  }
  if (firstAll) return { kind: 'full', grant: firstAll };
  return firstIam ? { kind: 'iam', grant: firstIam } : undefined;
}

/**
 * The service principal a path passes its role to (`iam:PassedToService`), from the path's service.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
 */
const PASSED_TO: ReadonlyMap<string, string> = new Map([
  ['ec2', 'ec2.amazonaws.com'],
  ['lambda', 'lambda.amazonaws.com'],
  ['glue', 'glue.amazonaws.com'],
  ['cloudformation', 'cloudformation.amazonaws.com'],
  ['codebuild', 'codebuild.amazonaws.com'],
  ['ecs', 'ecs-tasks.amazonaws.com'],
  ['sagemaker', 'sagemaker.amazonaws.com'],
  ['datapipeline', 'datapipeline.amazonaws.com'],
  ['apprunner', 'tasks.apprunner.amazonaws.com'],
  ['bedrock-agentcore', 'bedrock-agentcore.amazonaws.com'],
]);

function passedToService(path: PrivescPath): string | undefined {
  const other = path.permissions.find((x) => !x.action.toLowerCase().startsWith('iam:'));
  return other ? PASSED_TO.get(other.action.slice(0, other.action.indexOf(':')).toLowerCase()) : undefined;
}

/** Whether a path that escalates the principal itself can apply to this kind of principal. */
function selfApplies(p: Principal, perm: PathPermission): boolean {
  if (!perm.self || p.kind === 'policy') return true;
  switch (perm.target) {
    case 'role':
      return p.kind === 'role';
    case 'user':
      return p.kind === 'user';
    case 'group':
      return p.kind === 'user' || p.kind === 'group';
    default:
      return true;
  }
}

const ALL: Readonly<Record<EntityKind, { readonly kind: 'all'; readonly entity: EntityKind }>> = {
  role: { kind: 'all', entity: 'role' },
  user: { kind: 'all', entity: 'user' },
  group: { kind: 'all', entity: 'group' },
  policy: { kind: 'all', entity: 'policy' },
  any: { kind: 'all', entity: 'any' },
};

const contexts = new Map<string | undefined, ReadonlyMap<string, string | undefined>>();
function passContext(service: string | undefined): ReadonlyMap<string, string | undefined> {
  let c = contexts.get(service);
  if (!c) contexts.set(service, (c = new Map([['iam:passedtoservice', service]])));
  return c;
}

export interface PathMatch {
  readonly path: PrivescPath;
  /** One grant per required permission, in the path's order. */
  readonly grants: readonly Grant[];
}

interface PathFacts {
  /** Per permission: the request on every resource of its kind, made once (the account model keys its answers by it); undefined for the principal's own entity. */
  readonly requests: readonly (Request | undefined)[];
  /** Per permission: its context (`iam:PassedToService` for PassRole). */
  readonly contexts: readonly (ReadonlyMap<string, string | undefined> | undefined)[];
  /** Whether every permission applies to any kind of principal (no self-escalation of one kind). */
  readonly anyPrincipal: boolean;
}

/** Per path, what every principal's check needs: computed once per run, not once per principal. */
const pathFacts = new WeakMap<PrivescPath, PathFacts>();
function factsOf(path: PrivescPath): PathFacts {
  let f = pathFacts.get(path);
  if (!f) {
    const service = passedToService(path);
    const contexts = path.permissions.map((perm) => (perm.action.toLowerCase() === 'iam:passrole' ? passContext(service) : undefined));
    const requests = path.permissions.map((perm, k): Request | undefined => {
      if (perm.self) return undefined;
      const context = contexts[k];
      return context ? { action: perm.action, target: ALL[perm.target], context } : { action: perm.action, target: ALL[perm.target] };
    });
    pathFacts.set(path, (f = { requests, contexts, anyPrincipal: path.permissions.every((perm) => !perm.self) }));
  }
  return f;
}

function selfAppliesAll(p: Principal, path: PrivescPath): boolean {
  for (const perm of path.permissions) if (!selfApplies(p, perm)) return false;
  return true;
}

/**
 * The documented escalation paths a principal's effective permissions complete. Each required
 * permission must be allowed (Allow minus Deny, within the boundary) on every resource of its kind,
 * or, for self-escalation, on the principal's own role, user, group or attached policy (PutRolePolicy
 * on one unrelated named role is lateral movement, not escalation, and is left out). PassRole is asked
 * with `iam:PassedToService` set to the service the path passes the role to.
 */
export function escalationPaths(account: Account, p: Principal, paths: readonly PrivescPath[] = PRIVESC_PATHS): PathMatch[] {
  const out: PathMatch[] = [];
  for (const path of paths) {
    // Most principals hold none of a path's actions: stop before anything else.
    const first = path.permissions[0];
    if (first && !account.mayAllow(p, first.action)) continue;
    const facts = factsOf(path);
    if (!facts.anyPrincipal && !selfAppliesAll(p, path)) continue;
    const grants: Grant[] = [];
    for (let k = 0; k < path.permissions.length; k++) {
      const perm = path.permissions[k];
      if (!perm || !account.mayAllow(p, perm.action)) break;
      const context = facts.contexts[k];
      const req =
        facts.requests[k] ??
        (context ? { action: perm.action, target: account.self(p, perm.target), context } : { action: perm.action, target: account.self(p, perm.target) });
      const a = account.allows(p, req);
      if (a.verdict !== 'yes' || !a.grants[0]) break;
      grants.push(a.grants[0]);
    }
    if (grants.length === path.permissions.length) out.push({ path, grants });
  }
  return out;
}

export interface LateralMove {
  readonly path: PrivescPath;
  readonly action: string;
  /** The other roles, users or groups of the model the permission reaches (a few, in model order). */
  readonly targets: readonly Principal[];
  /** More targets than listed. */
  readonly more: boolean;
  readonly grant: Grant;
}

const LATERAL_SHOWN = 3;

/**
 * The principals a statement's resources name one by one: a template resource (`!GetAtt R.Arn`,
 * `!Ref R`, an ARN ending in `${R}`) or a literal ARN the principal is known by. Wildcards name none.
 */
function namedTargets(p: Principal, action: string, byArn: ReadonlyMap<string, readonly Principal[]>, byId: ReadonlyMap<string, Principal>): Principal[] {
  const out = new Set<Principal>();
  const atts = [...p.policies, ...p.groups.flatMap((g) => g.policies)];
  for (const a of atts)
    for (const st of a.doc.statements) {
      if (st.effect !== 'Allow' || !st.resource || grantsAction(st, action).granted !== true) continue;
      for (const v of st.resource.values) {
        const id = valueResource(v);
        const byRes = id === undefined ? undefined : byId.get(id);
        if (byRes) out.add(byRes);
        const pattern = valuePattern(v);
        if (pattern !== undefined && !hasWildcard(pattern)) for (const q of byArn.get(pattern) ?? []) out.add(q);
      }
    }
  out.delete(p);
  return [...out];
}

const indexes = new WeakMap<Account, { byArn: Map<string, Principal[]>; byId: Map<string, Principal> }>();

function principalIndex(account: Account): { byArn: Map<string, Principal[]>; byId: Map<string, Principal> } {
  let ix = indexes.get(account);
  if (!ix) {
    ix = { byArn: new Map(), byId: new Map() };
    for (const q of account.principals) {
      if (q.resource) ix.byId.set(q.resource.id, q);
      for (const arn of q.arns) {
        const list = ix.byArn.get(arn);
        if (list) list.push(q);
        else ix.byArn.set(arn, [q]);
      }
    }
    indexes.set(account, ix);
  }
  return ix;
}

/**
 * Self-escalation permissions (`iam:PutRolePolicy`, `iam:AttachUserPolicy`...) that a principal holds
 * on other named roles, users or groups of the model but not on itself or on every one: writing another
 * principal's policy changes what that principal may do, not what this one may (lateral movement).
 * Candidates come from the granting statements' own resource values, so the work is linear in them;
 * each is then asked through the account model (a Deny or a boundary still removes it).
 */
export function lateralMoves(account: Account, p: Principal, paths: readonly PrivescPath[] = PRIVESC_PATHS): LateralMove[] {
  const out: LateralMove[] = [];
  for (const path of paths) {
    const perm = path.permissions.length === 1 ? path.permissions[0] : undefined;
    if (!perm?.self || (perm.target !== 'role' && perm.target !== 'user' && perm.target !== 'group')) continue;
    if (!account.mayAllow(p, perm.action)) continue;
    const entity: EntityKind = perm.target;
    if (account.allows(p, { action: perm.action, target: account.self(p, entity) }).verdict === 'yes') continue;
    const { byArn, byId } = principalIndex(account);
    const targets: Principal[] = [];
    let grant: Grant | undefined;
    let more = false;
    for (const q of namedTargets(p, perm.action, byArn, byId)) {
      if (q.kind !== entity) continue;
      const a = account.allows(p, { action: perm.action, target: account.self(q, entity) });
      if (a.verdict !== 'yes' || !a.grants[0]) continue;
      if (targets.length === LATERAL_SHOWN) {
        more = true;
        break;
      }
      targets.push(q);
      grant ??= a.grants[0];
    }
    if (grant) out.push({ path, action: perm.action, targets, more, grant });
  }
  return out;
}

/**
 * A path that passes a role to a service (pathfinding.cloud's `new-passrole` category, and it does need
 * `iam:PassRole`: `cloudformation-005` is filed there but only changes an existing stack).
 */
export function isPassRolePath(path: PrivescPath): boolean {
  return path.category === 'new-passrole' && path.permissions.some((x) => x.action.toLowerCase() === 'iam:passrole');
}
