import { Budget } from './budget.js';
import { get, isMap, isSeq, isString, scalarString, singleKey, type SMap, type SNode } from './node.js';
import { branchNote, defaultNote, type Resource, type Template } from './template.js';
import { literal, mergeParts, unknown, UNKNOWN, type Part, type Sym, type Val } from './value.js';

/** Past this many alternatives for one value (combinations of `Fn::If`), the value is Unknown. */
const MAX_ALTERNATIVES = 32;

/** Pseudo parameters. A `Map`: `!Ref constructor` must not find `Object.prototype.constructor`. */
const PSEUDO: ReadonlyMap<string, Sym> = new Map<string, Sym>([
  ['AWS::AccountId', { sym: 'account' }],
  ['AWS::Partition', { sym: 'partition' }],
  ['AWS::Region', { sym: 'region' }],
  ['AWS::URLSuffix', { sym: 'urlSuffix' }],
  ['AWS::StackName', { sym: 'stackName' }],
  ['AWS::StackId', { sym: 'stackId' }],
  ['AWS::NotificationARNs', UNKNOWN],
]);

/** One alternative being built: parts and notes are owned by it and grown in place (never copied per item). */
interface Acc {
  parts: Part[];
  notes: string[];
}

/**
 * The entries of a map by key, last one winning (as `get` reads them), built once per map: `Fn::Sub`
 * variables and `Mappings` are looked up once per reference, so scanning the entries each time is quadratic.
 */
const indexes = new WeakMap<SMap, Map<string, SNode>>();
function keyIndex(m: SMap): Map<string, SNode> {
  let idx = indexes.get(m);
  if (!idx) {
    idx = new Map();
    for (const e of m.entries) idx.set(String(e.key.value), e.value);
    indexes.set(m, idx);
  }
  return idx;
}

/** `get` through the index: for keys that a file may look up many times. */
export function lookup(n: SNode | undefined, key: string): SNode | undefined {
  return isMap(n) ? keyIndex(n).get(key) : undefined;
}

/**
 * The `${...}` references of a `Fn::Sub` template, in one pass (a regular expression retried at every
 * `${` without a closing brace is quadratic). `name` is trimmed; `${!Literal}` keeps its `!`.
 */
export function subReferences(tpl: string): { start: number; end: number; name: string }[] {
  const out: { start: number; end: number; name: string }[] = [];
  let i = tpl.indexOf('${');
  while (i >= 0) {
    const close = tpl.indexOf('}', i + 2);
    // No closing brace: no reference after this point either.
    if (close < 0) break;
    // `${a ${b}` is one reference named `a ${b`, as CloudFormation's `\$\{([^}]*)\}` reads it.
    out.push({ start: i, end: close + 1, name: tpl.slice(i + 2, close).trim() });
    i = tpl.indexOf('${', close + 1);
  }
  return out;
}

/** No notes: shared by the calls that give none (a default `[]` was an array per call). Never written to. */
const NO_NOTES: readonly string[] = [];

/** A structural alternative: the node to read, and the notes on how we got there (`Fn::If` branches). */
export interface Branch {
  readonly node: SNode;
  readonly notes: readonly string[];
}

/**
 * Evaluates CloudFormation intrinsic functions as far as they can be known offline. Without a
 * template (a plain policy file) every value is taken literally: `${aws:username}` there is an IAM
 * policy variable, not a substitution. Every step spends the file's budget; past it, values are
 * Unknown (never a finding) and `budget.exceeded` says why.
 */
export class Evaluator {
  constructor(
    readonly template: Template | undefined,
    readonly budget: Budget = new Budget(),
  ) {}

  /** Whether a node is `{Ref: AWS::NoValue}` (the property is removed). */
  isNoValue(n: SNode): boolean {
    const e = singleKey(n);
    return !!this.template && e?.key.value === 'Ref' && isString(e.value) && e.value.value === 'AWS::NoValue';
  }

  /**
   * Whether `branches(n)` may be anything but `n` itself (an `Fn::If` or `AWS::NoValue` in a template):
   * the hot callers read `n` directly otherwise, without the one-branch list.
   */
  branching(n: SNode): boolean {
    if (!this.template) return false;
    const e = singleKey(n);
    return e !== undefined && (e.key.value === 'Fn::If' || (e.key.value === 'Ref' && isString(e.value) && e.value.value === 'AWS::NoValue'));
  }

  /**
   * `Fn::If` at a structural position: both branches, each with its note; `AWS::NoValue` dropped.
   * Work is additive (one entry per branch), never a product over unrelated conditions.
   */
  branches(n: SNode | undefined, notes: readonly string[] = NO_NOTES): Branch[] {
    if (n === undefined) return [];
    if (!this.template) return [{ node: n, notes }];
    if (this.isNoValue(n)) return [];
    const e = singleKey(n);
    // Out of budget: the `Fn::If` itself, which evaluates to Unknown, rather than no branch at all.
    if (e?.key.value === 'Fn::If' && isSeq(e.value) && e.value.items.length === 3 && this.budget.spend('steps', 1 + notes.length)) {
      const [c, a, b] = e.value.items;
      const cond = (c && scalarString(c as never)) ?? '?';
      if (!a || !b) return [{ node: n, notes }];
      return [...this.branches(a, [...notes, branchNote(this.template, cond, true)]), ...this.branches(b, [...notes, branchNote(this.template, cond, false)])];
    }
    return [{ node: n, notes }];
  }

  /** A list: items of a sequence (each item's `Fn::If` branches included), or a single value. */
  list(n: SNode | undefined, notes: readonly string[] = NO_NOTES): Val[] {
    const out: Val[] = [];
    if (n === undefined) return out;
    if (!this.branching(n)) {
      this.listBranch(n, notes, out);
      return out;
    }
    const bs = this.branches(n, notes);
    for (let i = 0; i < bs.length; i++) {
      const br = bs[i] as Branch;
      this.listBranch(br.node, br.notes, out);
    }
    return out;
  }

  /** One branch of `list`: appends its values to `out`. */
  private listBranch(node: SNode, notes: readonly string[], out: Val[]): void {
    if (isSeq(node)) {
      const items = node.items;
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as SNode;
        if (!this.branching(item)) {
          appendAll(out, this.str(item, notes));
          continue;
        }
        const bs = this.branches(item, notes);
        for (let j = 0; j < bs.length; j++) {
          const b2 = bs[j] as Branch;
          appendAll(out, this.str(b2.node, b2.notes));
        }
      }
    } else {
      appendAll(out, this.listFunction(node, notes) ?? this.str(node, notes));
    }
  }

  /** List-valued functions: `Fn::Split` over a known string, `Ref` to a list parameter with a default. */
  private listFunction(n: SNode, notes: readonly string[]): Val[] | undefined {
    if (!this.template) return undefined;
    const e = singleKey(n);
    if (!e) return undefined;
    if (e.key.value === 'Ref' && isString(e.value)) {
      const p = this.template.parameters.get(e.value.value);
      if (p && p.type && /List/.test(p.type)) {
        if (p.default && isString(p.default)) return p.default.value.split(',').map((s) => literal(n, s.trim(), [...notes, defaultNote(this.template, p.id)]));
        return [unknown(n, notes)];
      }
    }
    if (e.key.value === 'Fn::Split' || e.key.value === 'Fn::GetAZs' || e.key.value === 'Fn::Cidr') return [unknown(n, notes)];
    return undefined;
  }

  /** A string value and its alternatives (one per `Fn::If` branch). */
  str(n: SNode, notes: readonly string[] = NO_NOTES): Val[] {
    const r = this.eval(n, notes, 0);
    return r.length > MAX_ALTERNATIVES ? [unknown(n, notes)] : r;
  }

  private eval(n: SNode, notes: readonly string[], depth: number): Val[] {
    // Without a template nothing recurses (constant work): no budget is spent, so an evaluator shared
    // by a module (plain policy text) never runs dry. With one, a step is paid per note too: notes are
    // copied along every `Fn::If` branch and mapping lookup.
    if (depth > 64 || (this.template && !this.budget.spend('steps', 1 + notes.length))) return [unknown(n, notes)];
    if (n.kind === 'scalar') {
      const s = scalarString(n);
      return s === undefined ? [unknown(n, notes)] : [literal(n, s, notes)];
    }
    if (!this.template || n.kind === 'seq') return [unknown(n, notes)];
    const e = singleKey(n);
    if (!e) return [unknown(n, notes)];
    const fn = String(e.key.value);
    const arg = e.value;
    const t = this.template;
    switch (fn) {
      case 'Ref': {
        if (!isString(arg)) return [unknown(n, notes)];
        const pseudo = PSEUDO.get(arg.value);
        if (pseudo) return [{ node: n, parts: [pseudo], notes }];
        const p = t.parameters.get(arg.value);
        if (p) {
          if (p.default && p.default.kind === 'scalar') {
            const s = scalarString(p.default);
            if (s !== undefined) return [literal(n, s, [...notes, defaultNote(this.template, p.id)])];
          }
          return [unknown(n, notes)];
        }
        const r = t.resources.get(arg.value);
        if (r) return [{ node: n, parts: resourceParts(r, undefined), notes }];
        return [unknown(n, notes)];
      }
      case 'Fn::GetAtt': {
        let res: string | undefined;
        let attr: string | undefined;
        if (isString(arg)) {
          const i = arg.value.indexOf('.');
          if (i > 0) {
            res = arg.value.slice(0, i);
            attr = arg.value.slice(i + 1);
          }
        } else if (isSeq(arg) && isString(arg.items[0]) && isString(arg.items[1])) {
          res = arg.items[0].value;
          attr = arg.items[1].value;
        }
        const r = res ? t.resources.get(res) : undefined;
        if (r) return [{ node: n, parts: resourceParts(r, attr), notes }];
        return [unknown(n, notes)];
      }
      case 'Fn::Sub':
        return this.sub(n, arg, notes, depth);
      case 'Fn::Join': {
        if (!isSeq(arg) || arg.items.length !== 2) return [unknown(n, notes)];
        const [d, l] = arg.items;
        const delim = d && isString(d) ? d.value : undefined;
        if (delim === undefined || !l) return [unknown(n, notes)];
        if (!isSeq(l)) return [unknown(n, notes)];
        const c = new Concat(this.budget, notes);
        l.items.forEach((item, i) => {
          if (this.isNoValue(item)) return;
          if (i > 0) c.push([{ parts: [delim], notes: [] }]);
          c.push(this.eval(item, [], depth + 1));
        });
        return c.vals(n, notes);
      }
      case 'Fn::If': {
        const out: Val[] = [];
        for (const b of this.branches(n, notes)) {
          for (const v of this.eval(b.node, b.notes, depth + 1)) out.push(v);
          // More alternatives than anyone reads (`str` gives Unknown past them): stop doubling here.
          if (out.length > MAX_ALTERNATIVES) return [unknown(n, notes)];
        }
        return out.length ? out : [unknown(n, notes)];
      }
      case 'Fn::FindInMap': {
        if (!isSeq(arg) || arg.items.length < 3) return [unknown(n, notes)];
        const keys = arg.items.slice(0, 3).map((k) => this.eval(k, [], depth + 1));
        const ks = keys.map((k) => (k.length === 1 && k[0] && k[0].parts.length === 1 && typeof k[0].parts[0] === 'string' ? k[0].parts[0] : undefined));
        if (ks.some((k) => k === undefined)) return [unknown(n, notes)];
        const v = lookup(lookup(lookup(t.mappings, ks[0] as string), ks[1] as string), ks[2] as string);
        if (!v) return [unknown(n, notes)];
        // The value is used here: findings point at the `Fn::FindInMap`, not into the Mappings section.
        return this.eval(v, [...notes, `from mapping ${ks[0]}`], depth + 1).map((r) => ({ ...r, node: n }));
      }
      case 'Fn::Select': {
        if (!isSeq(arg) || arg.items.length !== 2) return [unknown(n, notes)];
        const [i, l] = arg.items;
        const idx = i?.kind === 'scalar' ? Number(i.value) : NaN;
        if (isSeq(l) && Number.isInteger(idx)) {
          const item = l.items[idx];
          if (item) return this.eval(item, notes, depth + 1);
        }
        return [unknown(n, notes)];
      }
      case 'Fn::Base64':
        // The decoded content is what matters to every check (user data): evaluate the inner string.
        return this.eval(arg, notes, depth + 1);
      default:
        // Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Split (as a string), Fn::Transform, unknown tags.
        return [unknown(n, notes)];
    }
  }

  private sub(n: SNode, arg: SNode, notes: readonly string[], depth: number): Val[] {
    let tpl: string | undefined;
    let vars: SNode | undefined;
    if (isString(arg)) tpl = arg.value;
    else if (isSeq(arg) && isString(arg.items[0])) {
      tpl = arg.items[0].value;
      vars = arg.items[1];
    }
    if (tpl === undefined || !this.template) return [unknown(n, notes)];
    const c = new Concat(this.budget, notes);
    let last = 0;
    for (const ref of subReferences(tpl)) {
      const name = ref.name;
      c.push([{ parts: [tpl.slice(last, ref.start)], notes: [] }]);
      last = ref.end;
      c.push(this.subVariable(name, vars, depth));
    }
    c.push([{ parts: [tpl.slice(last)], notes: [] }]);
    return c.vals(n, notes);
  }

  /** What `${name}` stands for in a `Fn::Sub`: its variable, a pseudo parameter, a resource or a parameter's default. */
  private subVariable(name: string, vars: SNode | undefined, depth: number): readonly { parts: readonly Part[]; notes: readonly string[] }[] {
    const t = this.template;
    if (name.startsWith('!')) return [{ parts: ['${' + name.slice(1) + '}'], notes: [] }];
    const v = lookup(vars, name);
    if (v) return this.eval(v, [], depth + 1);
    const pseudo = PSEUDO.get(name);
    if (pseudo) return [{ parts: [pseudo], notes: [] }];
    const dot = name.indexOf('.');
    const r = t?.resources.get(dot > 0 ? name.slice(0, dot) : name);
    if (r) return [{ parts: resourceParts(r, dot > 0 ? name.slice(dot + 1) : undefined), notes: [] }];
    const p = t?.parameters.get(name);
    if (p?.default && p.default.kind === 'scalar') {
      const s = scalarString(p.default);
      if (s !== undefined) return [{ parts: [s], notes: [defaultNote(this.template, p.id)] }];
    }
    return [{ parts: [UNKNOWN], notes: [] }];
  }
}

/**
 * A concatenation (`Fn::Join`, `Fn::Sub`) over alternatives, in time linear in what it produces: each
 * alternative grows its own arrays in place, a product of alternatives is refused before it is built
 * (past MAX_ALTERNATIVES the value is Unknown), and every part spends the budget (steps, and characters).
 */
class Concat {
  private acc: Acc[];
  private dead = false;

  constructor(
    private readonly budget: Budget,
    private readonly notes: readonly string[],
  ) {
    this.acc = [{ parts: [], notes: [...notes] }];
  }

  push(alts: readonly { readonly parts: readonly Part[]; readonly notes: readonly string[] }[]): void {
    if (this.dead) return;
    // Indexed loops: this runs for every part of every `Fn::Join` and `Fn::Sub`, mostly before it is
    // optimized, where `for...of` allocates an iterator result per element.
    let size = 0;
    let copies = 0;
    for (let i = 0; i < alts.length; i++) {
      const v = alts[i] as (typeof alts)[number];
      const parts = v.parts;
      for (let j = 0; j < parts.length; j++) {
        const p = parts[j] as Part;
        size += typeof p === 'string' ? p.length : 1;
      }
      copies += parts.length + v.notes.length;
    }
    // Steps are the array slots written: one alternative appends in place, several also copy what came before.
    let before = 0;
    if (alts.length > 1) for (const a of this.acc) before += a.parts.length + a.notes.length;
    const steps = 1 + copies * this.acc.length + before * alts.length;
    if (!this.budget.spend('steps', steps) || !this.budget.spend('chars', size * this.acc.length)) {
      // Out of budget: Unknown, and the rest is not even read.
      this.dead = true;
      return;
    }
    if (alts.length === 0 || this.acc.length * alts.length > MAX_ALTERNATIVES) {
      // Too many combinations of `Fn::If`: what is known so far becomes Unknown; later parts are still appended.
      this.acc = [{ parts: [UNKNOWN], notes: [...this.notes] }];
      return;
    }
    if (alts.length === 1) {
      const v = alts[0] as (typeof alts)[number];
      for (let i = 0; i < this.acc.length; i++) {
        const a = this.acc[i] as Acc;
        for (let j = 0; j < v.parts.length; j++) a.parts.push(v.parts[j] as Part);
        for (let j = 0; j < v.notes.length; j++) a.notes.push(v.notes[j] as string);
      }
      return;
    }
    const next: Acc[] = [];
    for (const a of this.acc) for (const v of alts) next.push({ parts: [...a.parts, ...v.parts], notes: [...a.notes, ...v.notes] });
    this.acc = next;
  }

  vals(n: SNode, notes: readonly string[]): Val[] {
    if (this.dead) return [{ node: n, parts: [UNKNOWN], notes }];
    return this.acc.map((a) => ({ node: n, parts: mergeParts(a.parts), notes: a.notes }));
  }
}

/** `out.push(...vals)` without spreading into arguments. */
function appendAll(out: Val[], vals: readonly Val[]): void {
  for (let i = 0; i < vals.length; i++) out.push(vals[i] as Val);
}

/**
 * What `Ref`/`Fn::GetAtt` of a template resource stands for. Mostly the resource itself (a specific
 * role, bucket...), but an OIDC or SAML provider's ARN is spelled out when its URL or name is literal:
 * trust rules read the issuer from the ARN (`Federated: !Ref GitHubOidc` is GitHub Actions).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-oidcprovider.html#aws-resource-iam-oidcprovider-return-values
 */
function resourceParts(r: Resource, attr: string | undefined): Part[] {
  if (r.type === 'AWS::IAM::OIDCProvider' && (attr === undefined || attr === 'Arn')) {
    const url = get(r.properties, 'Url');
    if (isString(url) && /^https:\/\/[^\s/]/.test(url.value))
      return ['arn:', { sym: 'partition' }, ':iam::', { sym: 'account' }, `:oidc-provider/${url.value.slice('https://'.length).replace(/\/+$/, '')}`];
  }
  return [{ sym: 'resource', resource: r.id, type: r.type, attr }];
}
