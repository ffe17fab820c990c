import { grantsAction } from './actions.js';
import { parseOperator } from './conditions.js';
import { globMatch, hasWildcard } from './glob.js';
import type { Clause, Field, Statement } from './policy.js';
import { symbolicText, type Val } from './value.js';

/**
 * One request, as far as a check asks about it: an action, what it acts on, and the condition keys
 * the check knows the value of (`iam:PassedToService` when the question is "pass a role to EC2").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export interface Request {
  readonly action: string;
  readonly target: Target;
  /** Condition keys (lower case) known for this request; `undefined` means the request does not carry the key. */
  readonly context?: ReadonlyMap<string, string | undefined>;
}

/** The kind of resource a request reaches. */
export type EntityKind = 'role' | 'user' | 'group' | 'policy' | 'any';

/**
 * `all`: every resource of that kind (of the action's service for `any`): "can pass every role".
 * `self`: the principal's own entity (its role or user, one of its groups, one of its attached policies),
 * given as the logical ids of template resources and the ARNs it is known under.
 */
export type Target =
  | { readonly kind: 'all'; readonly entity: EntityKind }
  | { readonly kind: 'self'; readonly entity: EntityKind; readonly ids: ReadonlySet<string>; readonly arns: readonly string[] };

export type Tri = boolean | 'unknown';

/** An account id standing for "this account" in patterns: the same in the principal's ARNs and in statements. */
export const OWN = '000000000000';

/** A value as an ARN glob, `${AWS::AccountId}` and `${AWS::Partition}` as literal stand-ins; undefined when unknown. */
export function valuePattern(v: Val): string | undefined {
  let s = '';
  for (const p of v.parts) {
    if (typeof p === 'string') s += p;
    else if (p.sym === 'account') s += OWN;
    else if (p.sym === 'partition') s += 'aws';
    else if (p.sym === 'region') s += '*';
    else return undefined;
  }
  return s;
}

/** The template resource a value names as a whole (`!Ref R`, `!GetAtt R.Arn`, an ARN ending in `${R}`). */
export function valueResource(v: Val): string | undefined {
  const last = v.parts[v.parts.length - 1];
  if (last === undefined || typeof last === 'string' || last.sym !== 'resource') return undefined;
  const before = v.parts.slice(0, -1);
  return before.every((p) => typeof p === 'string' || p.sym === 'partition' || p.sym === 'account') ? last.resource : undefined;
}

const INSTANCE = [`arn:aws:ec2:us-east-1:${OWN}:instance/i-0zq9`, `arn:aws:ec2:eu-west-3:${OWN}:instance/i-0123456789abcdef0`];
const FUNCTION = [`arn:aws:lambda:us-east-1:${OWN}:function:Zq9`, `arn:aws:lambda:eu-west-3:${OWN}:function:deploy-Worker_42`];

/**
 * The resources some escalation actions must reach, as two unrelated ARNs: `ssm:StartSession` on
 * `document/*` does not reach any instance, and the instance is an EC2 ARN, not an SSM one.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 */
const RESOURCE_SAMPLES: ReadonlyMap<string, readonly string[]> = new Map([
  ['ssm:startsession', INSTANCE],
  // SendCommand needs the document too: a fixed document (`AWSEC2-CreateVssSnapshot`) runs no code of the caller's.
  ['ssm:sendcommand', [...INSTANCE, 'arn:aws:ssm:us-east-1::document/AWS-RunShellScript']],
  ['ec2-instance-connect:sendsshpublickey', INSTANCE],
  ['ec2:modifyinstanceattribute', INSTANCE],
  ['ec2:stopinstances', INSTANCE],
  ['ec2:startinstances', INSTANCE],
  ['lambda:updatefunctioncode', FUNCTION],
  ['lambda:invokefunction', FUNCTION],
  ['lambda:addpermission', FUNCTION],
]);

/** Two unrelated names of each IAM entity kind (one with a path): a pattern matching both covers every one. */
const SAMPLE_NAMES = ['Zq9', 'service-role/deploy.Worker_42-longer-name'];

function segments(p: string): { service: string; resource: string } | undefined {
  if (!p.startsWith('arn:')) return undefined;
  const parts = p.split(':');
  if (parts.length < 6) return undefined;
  return { service: parts[2] ?? '', resource: parts.slice(5).join(':') };
}

/**
 * Whether a resource pattern covers every resource of a kind: for IAM entities, two unrelated ARNs
 * of that kind in this account; for any other service, `*` or an ARN of the service whose resource
 * part is a wildcard after at most a resource type (`function:*`, `instance/*`), in any Region or account.
 */
export function patternCoversAll(p: string, entity: EntityKind, service: string, action = ''): boolean {
  if (p === '*') return true;
  if (!hasWildcard(p)) return false;
  if (entity !== 'any') return SAMPLE_NAMES.every((n) => globMatch(p, `arn:aws:iam::${OWN}:${entity}/${n}`));
  const samples = RESOURCE_SAMPLES.get(action.toLowerCase());
  if (samples) return samples.every((s) => globMatch(p, s));
  return coversService(p, service);
}

/** `*`, or an ARN of the service whose resource part is a wildcard after at most a resource type. */
function coversService(p: string, service: string): boolean {
  const seg = segments(p);
  if (!seg || !globMatch(seg.service, service, true)) return false;
  const star = seg.resource.search(/[*?]/);
  if (star < 0) return false;
  const prefix = seg.resource.slice(0, star);
  return /^([A-Za-z0-9_-]+[:/])?$/.test(prefix) && seg.resource.slice(star) === '*';
}

function serviceOf(action: string): string {
  const i = action.indexOf(':');
  return i < 0 ? action : action.slice(0, i);
}

/** Whether one resource value reaches the target: true, false, or unknown. */
function valueReaches(v: Val, req: Request): Tri {
  const t = req.target;
  const ref = valueResource(v);
  // A resource of the template (`!GetAtt R.Arn`, `arn:...:role/${R}`) is one specific resource.
  if (ref !== undefined) return t.kind === 'self' && t.ids.has(ref);
  const p = valuePattern(v);
  if (p === undefined) return 'unknown';
  if (patternCoversAll(p, t.entity, serviceOf(req.action), req.action)) return true;
  if (t.kind === 'all') return false;
  if (t.arns.some((a) => globMatch(p, a))) return true;
  // The name of the principal's own entity is not known (CloudFormation generates it): a pattern that could be an ARN of that kind may name it.
  if (ref === undefined && t.arns.length === 0 && hasWildcard(p) && p.includes(`:${t.entity}/`)) return 'unknown';
  return false;
}

function anyReaches(field: Field, req: Request): Tri {
  const samples = req.target.kind === 'all' && req.target.entity === 'any' ? RESOURCE_SAMPLES.get(req.action.toLowerCase()) : undefined;
  // Several resources the action needs (an instance and a document): each must be taken in by some value.
  if (samples && samples.length > 2) return samplesReached(field, samples);
  let unk = false;
  for (const v of field.values) {
    const r = valueReaches(v, req);
    if (r === true) return true;
    if (r === 'unknown') unk = true;
  }
  return unk ? 'unknown' : false;
}

function samplesReached(field: Field, samples: readonly string[]): Tri {
  let result: Tri = true;
  for (const sample of samples) {
    let hit: Tri = false;
    for (const v of field.values) {
      if (valueResource(v) !== undefined) continue;
      const p = valuePattern(v);
      if (p === undefined) hit = hit === true ? true : 'unknown';
      else if (globMatch(p, sample)) hit = true;
    }
    result = and(result, hit);
  }
  return result;
}

/** Whether a statement's Resource (or NotResource) takes in the request's target. */
export function resourceApplies(st: Statement, req: Request): Tri {
  if (st.resource) return anyReaches(st.resource, req);
  if (st.notResource) {
    // NotResource applies to everything it does not list: the target is out only when a listed value takes it all in.
    const r = anyReaches(st.notResource, req);
    return r === 'unknown' ? 'unknown' : !r;
  }
  return 'unknown';
}

/**
 * Condition keys that limit when or from where a request is made, not what it does or to what: an
 * administrator who must use MFA or a VPC endpoint is still an administrator.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
const CIRCUMSTANCE_KEYS = new Set(
  [
    'aws:MultiFactorAuthPresent',
    'aws:MultiFactorAuthAge',
    'aws:SecureTransport',
    'aws:SourceIp',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:VpcSourceIp',
    'aws:RequestedRegion',
    'aws:CurrentTime',
    'aws:EpochTime',
    'aws:TokenIssueTime',
    'aws:UserAgent',
    'aws:ViaAWSService',
    'aws:CalledVia',
    'aws:CalledViaFirst',
    'aws:CalledViaLast',
  ].map((k) => k.toLowerCase()),
);

/**
 * One clause against a request value (undefined: the request does not carry the key). A missing key
 * makes a normal operator false and a negated or `...IfExists` one true; `Null` tests presence.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export function clauseHolds(c: Clause, value: string | undefined): Tri {
  const op = parseOperator(c.operator);
  const vals: string[] = [];
  for (const v of c.values) {
    const s = symbolicText(v);
    if (s === undefined) return 'unknown';
    vals.push(s);
  }
  if (op.base === 'null') {
    const want = vals.map((s) => s.toLowerCase());
    if (want.some((s) => s !== 'true' && s !== 'false')) return 'unknown';
    return want.includes(value === undefined ? 'true' : 'false');
  }
  if (value === undefined) return op.ifExists || op.negated || op.set === 'forallvalues';
  const positive: Record<string, string> = {
    stringequals: 'eq',
    stringnotequals: 'eq',
    stringequalsignorecase: 'eqi',
    stringnotequalsignorecase: 'eqi',
    stringlike: 'like',
    stringnotlike: 'like',
    arnequals: 'like',
    arnnotequals: 'like',
    arnlike: 'like',
    arnnotlike: 'like',
  };
  const how = positive[op.base];
  if (!how) return 'unknown';
  const match = vals.some((s) => (how === 'eq' ? s === value : how === 'eqi' ? s.toLowerCase() === value.toLowerCase() : globMatch(s, value)));
  return op.negated ? !match : match;
}

export interface ConditionVerdict {
  readonly holds: Tri;
  /** Clauses on circumstance keys an Allow still grants under ("when aws:MultiFactorAuthPresent ..."). */
  readonly circumstances: readonly Clause[];
}

/**
 * Whether a statement's condition holds for the request. Clauses on keys the request carries are
 * evaluated. In an Allow, a clause on a circumstance key (MFA, source IP...) still grants under that
 * circumstance; any other unknown key makes the grant unknown. In a Deny, a clause on a key the request
 * does not describe narrows nothing (the Deny may not apply), so the Deny is taken not to apply.
 */
export function conditionHolds(st: Statement, req: Request, effect: 'Allow' | 'Deny'): ConditionVerdict {
  const cond = st.condition;
  if (cond.unknown) return { holds: 'unknown', circumstances: [] };
  let result: Tri = true;
  const circumstances: Clause[] = [];
  for (const c of cond.clauses) {
    const key = c.key.toLowerCase();
    if (req.context?.has(key)) {
      const h = clauseHolds(c, req.context.get(key));
      if (h === false) return { holds: false, circumstances: [] };
      if (h === 'unknown') result = 'unknown';
      continue;
    }
    if (effect === 'Deny') return { holds: false, circumstances: [] };
    if (CIRCUMSTANCE_KEYS.has(key)) circumstances.push(c);
    else result = 'unknown';
  }
  return { holds: result, circumstances };
}

/** Whether a statement's action side covers the request's action. */
export function actionApplies(st: Statement, action: string): { applies: Tri; via: Val | undefined } {
  const g = grantsAction(st, action);
  if (g.granted === true) return { applies: true, via: g.via };
  return { applies: g.granted === 'unknown' ? 'unknown' : false, via: undefined };
}

export function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return true;
}
