import { and, conditionHolds, OWN, resourceApplies, type EntityKind, type Request, type Target, type Tri } from './account-eval.js';
import { splitByResourceType, valueResource } from './account-eval.js';
import { grantsAction, lowerName } from './actions.js';
import { globMatch } from './glob.js';
import type { Evaluator } from './intrinsics.js';
import { awsManagedName, managedPolicy } from './managed-policies.js';
import { get, getEntry, isString, scalarString, type SNode } from './node.js';
import type { Clause, PolicyDocument, Statement } from './policy.js';
import type { Resource, Template } from './template.js';
import { known, type Val } from './value.js';

export type { EntityKind, Request, Target, Tri } from './account-eval.js';

/**
 * Who can act: an IAM role, user or group of the file, or a statement set that stands alone (a policy
 * file, a managed policy of the template attached to nothing it defines), judged as one principal.
 */
export type PrincipalKind = 'role' | 'user' | 'group' | 'policy';

/** A policy as it applies to a principal: inline, attached through the template, or an AWS managed policy by ARN. */
export interface Attachment {
  readonly doc: PolicyDocument;
  /** The value that attaches it (a `ManagedPolicyArns` item, a `Roles` item), when it is not inline. */
  readonly via: Val | undefined;
  /** The AWS managed policy's name, when the document comes from the model's data. */
  readonly managed: string | undefined;
  /** Statements of the policy were left out of the data: it may allow more than the document shows. */
  readonly partial: boolean;
  /** Inherited from this group (users). */
  readonly group: Principal | undefined;
}

export interface Principal {
  readonly kind: PrincipalKind;
  /** The template resource's logical id, or the document's label. */
  readonly id: string;
  /** For messages: "role AppRole", "user ci", "policy DeployPolicy", "this policy". */
  readonly label: string;
  readonly resource: Resource | undefined;
  /** Where a finding about the principal as a whole points: the resource's logical id, or the document. */
  readonly anchor: SNode;
  readonly trust: readonly PolicyDocument[];
  readonly policies: readonly Attachment[];
  readonly groups: readonly Principal[];
  /** Attached policies the model cannot read (a customer managed policy outside the file, an import): they may allow more. */
  readonly unknownPolicies: readonly Val[];
  /** The permissions boundary: its documents, 'unknown' when it cannot be read, undefined when there is none. */
  readonly boundary: readonly Attachment[] | 'unknown' | undefined;
  /** The principal's own entity as a request target: its logical id and attached managed policies, its ARN when its name is known. */
  readonly ids: ReadonlySet<string>;
  readonly arns: readonly string[];
}

/** A statement that grants what was asked, with the policy it is in and how the value was obtained. */
export interface Grant {
  readonly statement: Statement;
  readonly attachment: Attachment;
  /** The Action value that covers the action, undefined through NotAction. */
  readonly via: Val | undefined;
  /** Possible-value notes (a parameter default, an `Fn::If` branch) and circumstances ("when aws:MultiFactorAuthPresent ..."). */
  readonly notes: readonly string[];
}

export type Answer =
  | { readonly verdict: 'yes'; readonly grants: readonly Grant[] }
  | { readonly verdict: 'no'; readonly deniedBy: Statement | undefined }
  | { readonly verdict: 'unknown' };

export interface Account {
  readonly principals: readonly Principal[];
  /** The principals a document applies to (users through a group get it through the group). */
  principalsOf(doc: PolicyDocument): readonly Principal[];
  /** Effective permission: Allow minus Deny over every policy of the principal, capped by its boundary. */
  allows(p: Principal, req: Request): Answer;
  /** Whether an explicit Deny of the principal's policies, or its boundary, removes the request whatever allows it. */
  denied(p: Principal, req: Request): Tri;
  /** False when no Allow statement of the principal can grant the action, whatever the resource: a cheap test before `allows`. */
  mayAllow(p: Principal, action: string): boolean;
  /** The request target "the principal's own entity of this kind". */
  self(p: Principal, entity: EntityKind): Target;
  /** Units of work done so far (statements visited, references resolved): for tests of linearity. */
  readonly work: number;
}

const ROLE = 'AWS::IAM::Role';
const USER = 'AWS::IAM::User';
const GROUP = 'AWS::IAM::Group';
const KINDS: ReadonlyMap<string, { kind: PrincipalKind; name: string; arn: string }> = new Map([
  [ROLE, { kind: 'role', name: 'RoleName', arn: 'role' }],
  [USER, { kind: 'user', name: 'UserName', arn: 'user' }],
  [GROUP, { kind: 'group', name: 'GroupName', arn: 'group' }],
]);

interface ActionIndex {
  readonly literal: Set<string>;
  readonly wild: string[];
  open: boolean;
  /** Answers for the wildcard patterns, by lowered action. */
  readonly seen: Map<string, boolean>;
}

interface MutablePrincipal extends Principal {
  readonly policies: Attachment[];
  readonly groups: Principal[];
  readonly unknownPolicies: Val[];
  boundary: Attachment[] | 'unknown' | undefined;
  readonly ids: Set<string>;
  readonly arns: string[];
  readonly trust: PolicyDocument[];
}

function inline(doc: PolicyDocument): Attachment {
  return { doc, via: undefined, managed: undefined, partial: false, group: undefined };
}

class Model implements Account {
  readonly principals: MutablePrincipal[] = [];
  /** ARNs of the template's managed policies (their `ManagedPolicyName`, or the ARN a dump lists), by logical id. */
  readonly policyArns = new Map<string, string[]>();
  private readonly byDoc = new Map<PolicyDocument, MutablePrincipal[]>();
  private steps = 0;
  /** The day of the run (`YYYY-MM-DD`): conditions on time are judged for requests from then on. */
  today: string | undefined;

  get work(): number {
    return this.steps;
  }

  principalsOf(doc: PolicyDocument): readonly Principal[] {
    return this.byDoc.get(doc) ?? [];
  }

  attach(p: MutablePrincipal, a: Attachment): void {
    this.steps++;
    if (p.policies.some((x) => x.doc === a.doc)) return;
    p.policies.push(a);
    let list = this.byDoc.get(a.doc);
    if (!list) this.byDoc.set(a.doc, (list = []));
    list.push(p);
  }

  add(p: MutablePrincipal): void {
    this.principals.push(p);
  }

  count(n = 1): void {
    this.steps += n;
  }

  /** Per principal: the Allow statements' literal actions, their wildcard patterns, and whether some statement grants by NotAction or by a value unknown offline. */
  private readonly actionIndex = new Map<Principal, ActionIndex>();

  mayAllow(p: Principal, action: string): boolean {
    const idx = this.actionIndex.get(p) ?? this.indexActions(p);
    if (idx.open) return true;
    const key = lowerName(action);
    if (idx.literal.has(key)) return true;
    if (idx.wild.length === 0) return false;
    let r = idx.seen.get(key);
    if (r === undefined) {
      r = idx.wild.some((w) => globMatch(w, key));
      idx.seen.set(key, r);
    }
    return r;
  }

  private indexActions(p: Principal): ActionIndex {
    const idx: ActionIndex = { literal: new Set(), wild: [], open: false, seen: new Map() };
    for (const a of this.attachments(p))
      for (const st of a.doc.statements) {
        this.steps++;
        if (st.effect === 'Deny') continue;
        if (!st.action) {
          if (st.notAction) idx.open = true;
          continue;
        }
        for (const v of st.action.values) {
          const text = known(v);
          if (text === undefined) idx.open = true;
          else if (text.includes('*') || text.includes('?')) idx.wild.push(text.toLowerCase());
          else idx.literal.add(text.toLowerCase());
        }
      }
    this.actionIndex.set(p, idx);
    return idx;
  }

  private readonly selves = new Map<Principal, Map<EntityKind, Target>>();

  self(p: Principal, entity: EntityKind): Target {
    let byEntity = this.selves.get(p);
    if (!byEntity) this.selves.set(p, (byEntity = new Map()));
    let t = byEntity.get(entity);
    if (!t) byEntity.set(entity, (t = this.selfTarget(p, entity)));
    return t;
  }

  private selfTarget(p: Principal, entity: EntityKind): Target {
    if (p.kind === 'policy') return { kind: 'all', entity };
    if (entity === 'group' && p.kind === 'user') {
      const ids = new Set<string>();
      const arns: string[] = [];
      for (const g of p.groups) {
        for (const i of g.ids) ids.add(i);
        arns.push(...g.arns);
      }
      return { kind: 'self', entity, ids, arns };
    }
    if (entity === 'policy') {
      const ids = new Set<string>();
      const arns: string[] = [];
      for (const a of this.attachments(p)) {
        const id = a.doc.origin.resource;
        if (a.doc.origin.resourceType !== 'AWS::IAM::ManagedPolicy' || !id || ids.has(id)) continue;
        ids.add(id);
        arns.push(...(this.policyArns.get(id) ?? []));
      }
      return { kind: 'self', entity, ids, arns };
    }
    return { kind: 'self', entity, ids: p.ids, arns: p.arns };
  }

  private readonly withGroups = new Map<Principal, readonly Attachment[]>();

  /** The principal's policies and its groups' (the model is complete when it is asked: made once per user with groups). */
  private attachments(p: Principal): readonly Attachment[] {
    if (p.groups.length === 0) return p.policies;
    let out = this.withGroups.get(p);
    if (!out) {
      const l = [...p.policies];
      for (const g of p.groups) for (const a of g.policies) l.push({ ...a, group: g });
      this.withGroups.set(p, (out = l));
    }
    return out;
  }

  private readonly answers = new Map<Principal, Map<string, Answer>>();

  allows(p: Principal, req: Request): Answer {
    // Rules ask the same questions (every path asks for PassRole to its service): answer each once.
    let byReq = this.answers.get(p);
    if (!byReq) this.answers.set(p, (byReq = new Map()));
    const key = requestKey(req);
    let a = byReq.get(key);
    if (!a) byReq.set(key, (a = this.answer(p, req)));
    return a;
  }

  private answer(p: Principal, req: Request): Answer {
    const parts = splitByResourceType(req);
    if (parts) {
      // Every resource type of the request must be allowed, each by any statement.
      const grants: Grant[] = [];
      let unknown = false;
      for (const part of parts) {
        const a = this.allows(p, part);
        if (a.verdict === 'no') return a;
        if (a.verdict === 'unknown') unknown = true;
        else for (const g of a.grants) if (!grants.some((x) => x.statement === g.statement)) grants.push(g);
      }
      return unknown ? { verdict: 'unknown' } : { verdict: 'yes', grants };
    }
    const own = this.evaluate(this.attachments(p), req, p.unknownPolicies.length > 0);
    if (own.verdict !== 'yes') return own;
    const b = p.boundary;
    if (b === undefined) return own;
    if (b === 'unknown') return { verdict: 'unknown' };
    // A permissions boundary caps what identity policies grant: both must allow.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    const capped = this.evaluate(b, req, false);
    return capped.verdict === 'yes' ? own : capped;
  }

  denied(p: Principal, req: Request): Tri {
    let unk = false;
    for (const a of this.attachments(p))
      for (const st of a.doc.statements) {
        this.steps++;
        if (st.effect !== 'Deny') continue;
        const act = grantsAction(st, req.action).granted;
        if (act === false) continue;
        const d = and(and(act, resourceApplies(st, req)), conditionHolds(st, req, 'Deny', this.today).holds);
        if (d === true) return true;
        if (d === 'unknown') unk = true;
      }
    const b = p.boundary;
    if (b === 'unknown') unk = true;
    else if (b !== undefined) {
      const capped = this.evaluate(b, req, false);
      if (capped.verdict === 'no') return true;
      if (capped.verdict === 'unknown') unk = true;
    }
    return unk ? 'unknown' : false;
  }

  private evaluate(atts: readonly Attachment[], req: Request, unknownExtra: boolean): Answer {
    const grants: Grant[] = [];
    let unknownAllow = unknownExtra;
    let unknownDeny = false;
    for (const a of atts) {
      if (a.partial) unknownAllow = true;
      for (const st of a.doc.statements) {
        this.steps++;
        const act = grantsAction(st, req.action);
        if (act.granted === false) continue;
        const res = resourceApplies(st, req);
        if (res === false) continue;
        if (st.effect === 'Deny') {
          const d = and(and(act.granted, res), conditionHolds(st, req, 'Deny', this.today).holds);
          if (d === true) return { verdict: 'no', deniedBy: st };
          if (d === 'unknown') unknownDeny = true;
          continue;
        }
        if (st.effect !== 'Allow') {
          // An Effect that cannot be read may be either.
          unknownAllow = unknownDeny = true;
          continue;
        }
        const cond = conditionHolds(st, req, 'Allow', this.today);
        const all: Tri = and(and(act.granted, res), cond.holds);
        if (all === 'unknown') unknownAllow = true;
        if (all !== true || act.granted !== true) continue;
        grants.push({ statement: st, attachment: a, via: act.via, notes: grantNotes(st, act.via, cond.circumstances, a) });
      }
    }
    if (grants.length === 0) return unknownAllow ? { verdict: 'unknown' } : { verdict: 'no', deniedBy: undefined };
    return unknownDeny ? { verdict: 'unknown' } : { verdict: 'yes', grants };
  }
}

/** Each distinct `self` target object, numbered: a principal may ask about its own entity or another's. */
const targetNumbers = new WeakMap<Target, number>();
let nextTarget = 0;

/**
 * Keys of the requests asked before: the rules ask with the same request objects (one per path
 * permission, one per PassRole service), and a request is a value, never changed once made.
 */
const requestKeys = new WeakMap<Request, string>();

/** A request as a cache key: the action (case-insensitive), the target and the known condition keys. */
function requestKey(req: Request): string {
  let k = requestKeys.get(req);
  if (k === undefined) requestKeys.set(req, (k = buildKey(req)));
  return k;
}

function buildKey(req: Request): string {
  const ctx = req.context ? [...req.context].map(([k, v]) => `${k}=${v ?? '\u0000'}`).join('&') : '';
  const t = req.target;
  let which = t.kind === 'all' && t.only !== undefined ? `#${t.only}` : '';
  if (t.kind === 'self') {
    let n = targetNumbers.get(t);
    if (n === undefined) targetNumbers.set(t, (n = nextTarget++));
    which = `@${n}`;
  }
  return `${lowerName(req.action)}|${t.kind}|${t.entity}${which}|${ctx}`;
}

const NO_NOTES: readonly string[] = Object.freeze([]);

function grantNotes(st: Statement, via: Val | undefined, circumstances: readonly Clause[], a: Attachment): readonly string[] {
  if (st.notes.length === 0 && !via?.notes.length && !a.via?.notes.length && circumstances.length === 0 && !a.group) return NO_NOTES;
  const notes = [...st.notes, ...(via?.notes ?? []), ...(a.via?.notes ?? [])];
  for (const c of circumstances) notes.push(`when ${c.key} satisfies ${c.operator}`);
  if (a.group) notes.push(`through group ${a.group.id}`);
  return [...new Set(notes)];
}

function principal(kind: PrincipalKind, id: string, label: string, resource: Resource | undefined, anchor: SNode): MutablePrincipal {
  return { kind, id, label, resource, anchor, trust: [], policies: [], groups: [], unknownPolicies: [], boundary: undefined, ids: new Set([id]), arns: [] };
}

/** The literal name a resource declares (`RoleName: app`), or undefined. */
function literalName(r: Resource, prop: string): string | undefined {
  const n = get(r.properties, prop);
  return isString(n) ? n.value : undefined;
}

/** The path a role or user declares (`Path: /service-role/`), default `/`. */
function entityPath(r: Resource): string {
  const n = get(r.properties, 'Path');
  return isString(n) && n.value.startsWith('/') && n.value.endsWith('/') ? n.value : '/';
}

/**
 * The account model of a template: every role, user and group with all the policies that apply to
 * it. References are indexed once (names, documents by resource), then each policy resource is read
 * once: the work is linear in the template.
 */
function fromTemplate(t: Template, ev: Evaluator, policies: readonly PolicyDocument[]): Model {
  const m = new Model();
  const docs = new Map<string, PolicyDocument[]>();
  for (const d of policies) {
    m.count();
    const id = d.origin.resource;
    if (id === undefined) continue;
    let l = docs.get(id);
    if (!l) docs.set(id, (l = []));
    l.push(d);
  }
  const identity = (id: string) => (docs.get(id) ?? []).filter((d) => d.kind === 'identity');
  const byId = new Map<string, MutablePrincipal>();
  const byName = new Map<string, MutablePrincipal>();
  for (const r of t.resources.values()) {
    m.count();
    const k = KINDS.get(r.type);
    if (!k) continue;
    const p = principal(k.kind, r.id, `${k.kind} ${r.id}`, r, r.keyNode);
    const name = literalName(r, k.name);
    if (name) {
      byName.set(`${k.kind}:${name}`, p);
      if (k.kind !== 'group') p.arns.push(`arn:aws:iam::${OWN}:${k.arn}${entityPath(r)}${name}`);
      else p.arns.push(`arn:aws:iam::${OWN}:group${entityPath(r)}${name}`);
    }
    // The ARN an authorization-details dump lists for the entity (lowered into `Metadata.Arn`).
    const arn = get(r.metadata, 'Arn');
    if (isString(arn)) p.arns.push(arn.value);
    byId.set(r.id, p);
    m.add(p);
  }
  /** The principal of a kind a value names: `!Ref R`, `!GetAtt R.Arn`, or its literal name or ARN. */
  const resolve = (v: Val, kind: PrincipalKind): MutablePrincipal | undefined => {
    m.count();
    const ref = valueResource(v);
    if (ref !== undefined) {
      const p = byId.get(ref);
      return p?.kind === kind ? p : undefined;
    }
    const s = known(v);
    if (s === undefined) return undefined;
    return byName.get(`${kind}:${s.startsWith('arn:') ? s.slice(s.lastIndexOf('/') + 1) : s}`);
  };
  const managedDocs = new Map<string, PolicyDocument[]>();
  const attachedPolicies = new Set<string>();
  // Policy resources name the principals they attach to.
  for (const r of t.resources.values()) {
    m.count();
    const props = r.properties;
    const targets: [string, PrincipalKind][] = [];
    if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') {
      targets.push(['Roles', 'role'], ['Users', 'user'], ['Groups', 'group']);
      if (r.type === 'AWS::IAM::ManagedPolicy') {
        managedDocs.set(r.id, identity(r.id));
        const arns: string[] = [];
        const name = literalName(r, 'ManagedPolicyName');
        if (name) arns.push(`arn:aws:iam::${OWN}:policy${entityPath(r)}${name}`);
        const arn = get(r.metadata, 'Arn');
        if (isString(arn)) arns.push(arn.value);
        m.policyArns.set(r.id, arns);
      }
    } else if (r.type === 'AWS::IAM::RolePolicy') targets.push(['RoleName', 'role']);
    else if (r.type === 'AWS::IAM::UserPolicy') targets.push(['UserName', 'user']);
    else if (r.type === 'AWS::IAM::GroupPolicy') targets.push(['GroupName', 'group']);
    else if (r.type === 'AWS::IAM::UserToGroupAddition') {
      const groups = ev.list(get(props, 'GroupName')).map((v) => resolve(v, 'group'));
      for (const v of ev.list(get(props, 'Users'))) {
        const u = resolve(v, 'user');
        for (const g of groups) if (u && g && !u.groups.includes(g)) u.groups.push(g);
      }
      continue;
    } else continue;
    for (const [prop, kind] of targets) {
      for (const v of ev.list(get(props, prop))) {
        const p = resolve(v, kind);
        if (!p) continue;
        attachedPolicies.add(r.id);
        for (const d of identity(r.id)) m.attach(p, { doc: d, via: v, managed: undefined, partial: false, group: undefined });
      }
    }
  }
  for (const p of m.principals) {
    const r = p.resource;
    if (!r) continue;
    for (const d of docs.get(r.id) ?? []) {
      m.count();
      if (d.kind === 'trust') p.trust.push(d);
      else if (d.kind === 'identity') m.attach(p, inline(d));
    }
    for (const v of ev.list(get(r.properties, 'ManagedPolicyArns'))) {
      const a = attachmentOf(v, managedDocs, m);
      if (a === undefined) p.unknownPolicies.push(v);
      else
        for (const x of a) {
          if (x.doc.origin.resource) attachedPolicies.add(x.doc.origin.resource);
          m.attach(p, x);
        }
    }
    const pb = getEntry(r.properties, 'PermissionsBoundary');
    if (pb) {
      const vals = ev.list(pb.value);
      const found = vals.length === 1 && vals[0] ? attachmentOf(vals[0], managedDocs, m) : undefined;
      p.boundary = found && found.every((x) => !x.partial) ? found : 'unknown';
    }
    if (p.kind === 'user')
      for (const v of ev.list(get(r.properties, 'Groups'))) {
        const g = resolve(v, 'group');
        if (g && !p.groups.includes(g)) p.groups.push(g);
      }
  }
  // A policy resource attached to nothing the template defines is judged as a statement set of its own.
  for (const r of t.resources.values()) {
    if (r.type !== 'AWS::IAM::Policy' && r.type !== 'AWS::IAM::ManagedPolicy') continue;
    if (attachedPolicies.has(r.id)) continue;
    for (const d of identity(r.id)) {
      const p = principal('policy', r.id, `policy ${r.id}`, r, r.keyNode);
      m.attach(p, inline(d));
      m.add(p);
    }
  }
  return m;
}

/** The documents a `ManagedPolicyArns` value stands for: a managed policy of the template, or an AWS managed policy the data holds. */
function attachmentOf(v: Val, managedDocs: ReadonlyMap<string, PolicyDocument[]>, m: Model): Attachment[] | undefined {
  m.count();
  const ref = valueResource(v);
  if (ref !== undefined && v.parts.length === 1) {
    const docs = managedDocs.get(ref);
    return docs?.map((doc) => ({ doc, via: v, managed: undefined, partial: false, group: undefined }));
  }
  const name = awsManagedName(v);
  if (name === undefined) return undefined;
  const mp = managedPolicy(name, v.node);
  if (!mp) return undefined;
  m.count(mp.doc.statements.length);
  return [{ doc: mp.doc, via: v, managed: mp.name, partial: mp.partial, group: undefined }];
}

/** Outside a template: every identity document is a statement set judged on its own. */
function fromDocuments(policies: readonly PolicyDocument[]): Model {
  const m = new Model();
  for (const d of policies) {
    m.count();
    if (d.kind !== 'identity') continue;
    const p = principal('policy', d.origin.label, d.origin.path ? `the policy at ${d.origin.path}` : 'this policy', undefined, d.node);
    m.attach(p, inline(d));
    m.add(p);
  }
  return m;
}

/** What the model needs of a loaded file (the engine's `LoadedFile` has these). */
export interface AccountInput {
  readonly template: Template | undefined;
  readonly evaluator: Evaluator;
  readonly policies: readonly PolicyDocument[];
  /** A Terraform file's whole module: the account is the module's (its principals and every policy they hold). */
  readonly module?: { readonly template: Template; readonly policies: readonly PolicyDocument[] };
}

const cache = new WeakMap<AccountInput, Model>();

/**
 * The account model of a file, built on first use and kept for every rule that asks. `today`
 * (`Settings.today`) dates the requests: a condition on a past date holds for none of them, or for all.
 */
export function accountOf(file: AccountInput, today: string): Account {
  let a = cache.get(file);
  if (!a || a.today !== today) {
    const t = file.module?.template ?? file.template;
    a = t ? fromTemplate(t, file.evaluator, file.module?.policies ?? file.policies) : fromDocuments(file.policies);
    a.today = today;
    cache.set(file, a);
  }
  return a;
}

/** A principal's name for messages: the role's `RoleName` when literal, else its logical id. */
export function principalName(p: Principal): string {
  const k = p.resource ? KINDS.get(p.resource.type) : undefined;
  const n = p.resource && k ? get(p.resource.properties, k.name) : undefined;
  return n && n.kind === 'scalar' ? (scalarString(n) ?? p.id) : p.id;
}
