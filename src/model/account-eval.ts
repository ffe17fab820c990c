import { lowerName } from './actions.js';
import { parseOperator } from './conditions.js';
import { actionInfo, resourceTypesFor } from './catalog.js';
import { globMatch, hasWildcard } from './glob.js';
import { timeVerdict } from './time-conditions.js';
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
  | { readonly kind: 'all'; readonly entity: EntityKind; readonly only?: number }
  | { readonly kind: 'self'; readonly entity: EntityKind; readonly ids: ReadonlySet<string>; readonly arns: readonly string[] };

export type Tri = boolean | 'unknown';

/** An account id standing for "this account" in patterns: the same in the principal's ARNs and in statements. */
export const OWN = '000000000000';

/** Patterns of values of several parts, built once: every request asks about every resource value of a statement. */
const patterns = new WeakMap<Val, string | undefined>();

/** A value as an ARN glob, `${AWS::AccountId}` and `${AWS::Partition}` as literal stand-ins; undefined when unknown. */
export function valuePattern(v: Val): string | undefined {
  const first = v.parts[0];
  if (v.parts.length === 1 && typeof first === 'string') return first;
  if (patterns.has(v)) return patterns.get(v);
  const s = buildPattern(v);
  patterns.set(v, s);
  return s;
}

function buildPattern(v: Val): string | undefined {
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
  for (let i = 0; i < v.parts.length - 1; i++) {
    const p = v.parts[i];
    if (typeof p !== 'string' && p?.sym !== 'partition' && p?.sym !== 'account') return undefined;
  }
  return last.resource;
}

const INSTANCE = [`arn:aws:ec2:us-east-1:${OWN}:instance/i-0zq9`, `arn:aws:ec2:eu-west-3:${OWN}:instance/i-0123456789abcdef0`];

/**
 * Where AWS's tables do not say which resource an escalation must reach. `ssm:StartSession` lists
 * documents, instances, managed instances and tasks, none required: a session on an instance is what
 * runs code there, and `document/*` alone reaches no instance. `ssm:SendCommand` requires only the
 * document; it runs code on an instance only when the instance is allowed too, and a fixed document
 * (`AWSEC2-CreateVssSnapshot`) runs no code of the caller's.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 */
const RESOURCE_OVERRIDES: ReadonlyMap<string, Needs> = new Map([
  ['ssm:startsession', { mode: 'all', groups: [INSTANCE] }],
  ['ssm:sendcommand', { mode: 'all', groups: [INSTANCE, ['arn:aws:ssm:us-east-1::document/AWS-RunShellScript']] }],
]);

/**
 * The resources an action acts on, as samples from AWS's ARN formats: two unrelated ARNs per resource
 * type (each placeholder filled two ways, Regions apart). `all`: the request carries a resource of every
 * group (the action's required resource types, marked `*` in the Service Authorization Reference);
 * `any`: the action names optional types only, and one of them suffices. A pattern covers a type when
 * it takes in both of its samples: `function:*` covers every Lambda function, `function:app-*` does
 * not, an S3 ARN never covers a role.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
interface Needs {
  readonly mode: 'all' | 'any';
  readonly groups: readonly (readonly string[])[];
}

const needsCache = new Map<string, Needs | undefined>();

/** An action's resource needs; undefined when the catalogue does not know the action or it names no resource type. */
function resourceNeeds(action: string): Needs | undefined {
  const key = lowerName(action);
  if (needsCache.has(key)) return needsCache.get(key);
  let needs = RESOURCE_OVERRIDES.get(key);
  if (!needs) {
    const types = hasWildcard(action) ? undefined : resourceTypesFor(action);
    const required = types?.filter((t) => t.required && t.arnFormats.length > 0) ?? [];
    const chosen = required.length > 0 ? required : (types ?? []).filter((t) => t.arnFormats.length > 0);
    if (chosen.length > 0)
      needs = { mode: required.length > 0 ? 'all' : 'any', groups: chosen.map((t) => t.arnFormats.flatMap((f) => [sampleArn(f, 0), sampleArn(f, 1)])) };
  }
  needsCache.set(key, needs);
  return needs;
}

/** Each needs' single groups as needs of their own, made once (asked for every resource value of every statement). */
const singleGroups = new WeakMap<Needs, readonly Needs[]>();

/** The needs of an action: all of them, or only the resource type `only` (see `splitByResourceType`). */
function needsOf(action: string, only: number | undefined): Needs | undefined {
  const needs = resourceNeeds(action);
  if (!needs || only === undefined) return needs;
  const g = needs.groups[only];
  if (!g) return needs;
  let singles = singleGroups.get(needs);
  if (!singles) singleGroups.set(needs, (singles = needs.groups.map((x) => ({ mode: 'all', groups: [x] }))));
  return singles[only] ?? needs;
}

function needsFor(req: Request): Needs | undefined {
  return needsOf(req.action, req.target.kind === 'all' ? req.target.only : undefined);
}

/**
 * "On every resource" for an action that needs resources of several types (`ec2:RunInstances`: an
 * image, an instance, a network interface, a security group, a subnet, a volume), one request per type:
 * AWS authorizes each resource of a request, so one statement may allow the subnets and another the
 * instances. Undefined when the request is not of that kind.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
export function splitByResourceType(req: Request): Request[] | undefined {
  const t = req.target;
  if (t.kind !== 'all' || t.entity !== 'any' || t.only !== undefined) return undefined;
  const needs = resourceNeeds(req.action);
  if (!needs || needs.mode !== 'all' || needs.groups.length < 2) return undefined;
  return needs.groups.map((_, only) => ({ ...req, target: { kind: 'all', entity: 'any', only } }));
}

/** Placeholders with a fixed prefix in every real value (`i-…`), so `instance/i-*` still covers every instance. */
const ID_PREFIX: Readonly<Record<string, string>> = {
  InstanceId: 'i-',
  ImageId: 'ami-',
  SubnetId: 'subnet-',
  SecurityGroupId: 'sg-',
  VolumeId: 'vol-',
  SnapshotId: 'snap-',
  NetworkInterfaceId: 'eni-',
  LaunchTemplateId: 'lt-',
};

/** One ARN of a format (`arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}`); `k` picks one of two unrelated fillings. */
function sampleArn(format: string, k: 0 | 1): string {
  let out = '';
  let i = 0;
  while (i < format.length) {
    const open = format.indexOf('${', i);
    if (open < 0) break;
    const close = format.indexOf('}', open);
    if (close < 0) break;
    out += format.slice(i, open);
    const name = format.slice(open + 2, close);
    if (name === 'Partition') out += 'aws';
    else if (name === 'Region') out += k === 0 ? 'us-east-1' : 'eu-west-3';
    else if (name === 'Account') out += OWN;
    else out += (ID_PREFIX[name] ?? '') + (k === 0 ? '0zq9' : 'w8kx/deploy.Worker_42-longer');
    i = close + 1;
  }
  return out + format.slice(i);
}

/** Two unrelated names of each IAM entity kind (one with a path): a pattern matching both covers every one. */
const SAMPLE_NAMES = ['Zq9', 'service-role/deploy.Worker_42-longer-name'];
const sampleArns = (entity: EntityKind) => SAMPLE_NAMES.map((n) => `arn:aws:iam::${OWN}:${entity}/${n}`);
const SAMPLE_ARNS: Readonly<Record<Exclude<EntityKind, 'any'>, readonly string[]>> = {
  role: sampleArns('role'),
  user: sampleArns('user'),
  group: sampleArns('group'),
  policy: sampleArns('policy'),
};

function matchesEvery(p: string, samples: readonly string[]): boolean {
  for (const s of samples) if (!globMatch(p, s)) return false;
  return true;
}

function segments(p: string): { service: string; resource: string } | undefined {
  if (!p.startsWith('arn:')) return undefined;
  const parts = p.split(':');
  if (parts.length < 6) return undefined;
  return { service: parts[2] ?? '', resource: parts.slice(5).join(':') };
}

/**
 * Whether a resource pattern covers every resource of a kind: for IAM entities, two unrelated ARNs
 * of that kind in this account; for an action of AWS's catalogue, the samples of its resource types
 * (`resourceNeeds`); for any other action, `*` or an ARN of the service whose resource part is a
 * wildcard after at most a resource type (`function:*`, `instance/*`), in any Region or account.
 */
export function patternCoversAll(p: string, entity: EntityKind, service: string, action = '', only?: number): boolean {
  return coversAll(p, entity, action, only, service);
}

/** `patternCoversAll`, the service (when undefined) taken from the action only if it comes to that: most patterns are decided before. */
function coversAll(p: string, entity: EntityKind, action: string, only: number | undefined, service: string | undefined): boolean {
  if (p === '*') return true;
  if (!hasWildcard(p)) return false;
  if (entity !== 'any') return matchesEvery(p, SAMPLE_ARNS[entity]);
  const needs = needsOf(action, only);
  if (needs) {
    if (needs.mode === 'all') {
      for (const g of needs.groups) if (!matchesEvery(p, g)) return false;
      return true;
    }
    for (const g of needs.groups) if (matchesEvery(p, g)) return true;
    return false;
  }
  return coversService(p, service ?? serviceOf(action));
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
  if (coversAll(p, t.entity, req.action, t.kind === 'all' ? t.only : undefined, undefined)) return true;
  if (t.kind === 'all') return false;
  if (t.arns.some((a) => globMatch(p, a))) return true;
  // The name of the principal's own entity is not known (CloudFormation generates it): a pattern that could be an ARN of that kind may name it.
  if (ref === undefined && t.arns.length === 0 && hasWildcard(p) && p.includes(`:${t.entity}/`)) return 'unknown';
  return false;
}

function anyReaches(field: Field, req: Request): Tri {
  const needs = req.target.kind === 'all' && req.target.entity === 'any' && field.values.length > 1 ? needsFor(req) : undefined;
  // Several values, several resource types: each type may be taken in by another value (`function:*` beside `layer:*`).
  if (needs && needs.groups.length > 1) return needsReached(field, needs);
  let unk = false;
  for (const v of field.values) {
    const r = valueReaches(v, req);
    if (r === true) return true;
    if (r === 'unknown') unk = true;
  }
  return unk ? 'unknown' : false;
}

/** Whether the values together take in every sample of every needed type (`all`) or of one type (`any`). */
function needsReached(field: Field, needs: Needs): Tri {
  const patterns = field.values.map((v) => (valueResource(v) !== undefined ? null : valuePattern(v)));
  const sample = (s: string): Tri => {
    let hit: Tri = false;
    for (const p of patterns) {
      if (p === undefined) hit = 'unknown';
      else if (p !== null && globMatch(p, s)) return true;
    }
    return hit;
  };
  const group = (g: readonly string[]): Tri => g.reduce<Tri>((acc, s) => and(acc, sample(s)), true);
  if (needs.mode === 'all') return needs.groups.reduce<Tri>((acc, g) => and(acc, group(g)), true);
  let result: Tri = false;
  for (const g of needs.groups) {
    const r = group(g);
    if (r === true) return true;
    if (r === 'unknown') result = 'unknown';
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

/**
 * Keys whose value the caller puts in the request: the tags it sends (`aws:RequestTag/<key>`,
 * `aws:TagKeys`), for an action that takes tags. An Allow that asks for a tag grants whoever sends it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requesttag
 */
function callerChosen(key: string, action: string): boolean {
  const requestTag = key.startsWith('aws:requesttag/');
  if (!requestTag && key !== 'aws:tagkeys') return false;
  const keys = actionInfo(action)?.conditionKeys;
  return keys !== undefined && keys.some((k) => (requestTag ? k.toLowerCase().startsWith('aws:requesttag/') : k.toLowerCase() === 'aws:tagkeys'));
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
// The verdicts without circumstances, shared: most statements have no condition, and this is asked per statement and request.
const NO_CIRCUMSTANCES: readonly Clause[] = Object.freeze([]);
const HOLDS: ConditionVerdict = Object.freeze({ holds: true, circumstances: NO_CIRCUMSTANCES });
const HOLDS_NOT: ConditionVerdict = Object.freeze({ holds: false, circumstances: NO_CIRCUMSTANCES });
const HOLDS_UNKNOWN: ConditionVerdict = Object.freeze({ holds: 'unknown', circumstances: NO_CIRCUMSTANCES });

export function conditionHolds(st: Statement, req: Request, effect: 'Allow' | 'Deny', today?: string): ConditionVerdict {
  const cond = st.condition;
  if (cond.unknown) return HOLDS_UNKNOWN;
  if (cond.clauses.length === 0) return HOLDS;
  let result: Tri = true;
  const circumstances: Clause[] = [];
  for (const c of cond.clauses) {
    const key = c.key.toLowerCase();
    if (req.context?.has(key)) {
      const h = clauseHolds(c, req.context.get(key));
      if (h === false) return HOLDS_NOT;
      if (h === 'unknown') result = 'unknown';
      continue;
    }
    // A date in the past: the clause holds for no request from today on, or for every one.
    const time = today === undefined ? undefined : timeVerdict(c, today);
    if (time === 'never') return HOLDS_NOT;
    if (time === 'always') continue;
    if (effect === 'Deny') return HOLDS_NOT;
    if (CIRCUMSTANCE_KEYS.has(key) || callerChosen(key, req.action)) circumstances.push(c);
    else result = 'unknown';
  }
  return { holds: result, circumstances };
}

export function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return true;
}
