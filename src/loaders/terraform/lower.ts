import type { SEntry, SMap, SNode, SScalar, SSeq } from '../../model/node.js';
import { get, isMap, isSeq, isString } from '../../model/node.js';
import type { Range } from '../../model/source.js';
import { InputError } from '../errors.js';
import { parseJson } from '../json.js';
import { remap } from '../embedded.js';
import { child, type HclParse, type HNode } from './hcl.js';

/**
 * Lowers a Terraform module (HCL) into the CloudFormation-shaped template the rest of iamlint reads:
 * `{Parameters, Resources: {<address>: {Type: 'AWS::IAM::Role', Properties: {...}}}}`, every node with
 * the range of its `.tf` source. References become the intrinsics the Evaluator understands
 * (`aws_iam_role.app.arn` → `Fn::GetAtt`, `.name`/`.id` → `Ref`, the caller identity's account → `Ref
 * AWS::AccountId`, `var.x` with a default → a parameter with that default); what cannot be known
 * offline becomes a `Ref` to nothing, which the Evaluator reads as Unknown.
 *
 * The module is lowered for one file at a time: nodes of that file keep their ranges; nodes reached
 * from it through a variable, local or data source of a sibling file take the range of the reference
 * (a finding points at the line that uses them), and other files' resources are there for the graph
 * only (their policies and launch settings are judged when their own file is linted).
 */

export interface TfFile {
  readonly path: string;
  readonly text: string;
  readonly root: HNode;
  /** For `.tf.json` (Terraform's JSON syntax): the parsed document; `root` is then empty. */
  readonly json?: SNode;
}

export interface Attr {
  readonly name: string;
  readonly nameNode: HNode;
  readonly expr: HNode;
  readonly file: TfFile;
}

export interface Block {
  readonly type: string;
  readonly labels: string[];
  readonly node: HNode;
  readonly typeNode: HNode;
  readonly attrs: Map<string, Attr>;
  readonly blocks: Block[];
  readonly file: TfFile;
  /** Where the resource's logical id points (a plan's `address`), when not the block's header. */
  readonly anchor?: Range;
}

export interface Lowered {
  readonly root: SMap;
  /** Address → the file that declares it. */
  readonly resourceFile: ReadonlyMap<string, string>;
  /** The provider blocks of the file, generic (for hard-coded `access_key`/`secret_key`). */
  readonly raw: SMap;
}

const FOREIGN: Range = { start: 0, end: 0 };

function unquote(src: string, n: HNode): string {
  // A label or key written as a string literal: its template_literal without escapes.
  const lit = child(n, 'template_literal');
  return lit ? unescapeHcl(src.slice(lit.start, lit.end)) : '';
}

/** HCL quoted-string escapes (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals). */
function unescapeHcl(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const n = s[++i];
      if (n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else if (n === 'r') out += '\r';
      else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
        out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
        i += 4;
      } else out += n;
    } else if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      out += c + '{';
      i += 2;
    } else out += c;
  }
  return out;
}

function readBody(body: HNode | undefined, file: TfFile): { attrs: Map<string, Attr>; blocks: Block[] } {
  const attrs = new Map<string, Attr>();
  const blocks: Block[] = [];
  for (const c of body?.children ?? []) {
    if (c.type === 'attribute') {
      const id = c.children[0];
      const expr = c.children[1];
      if (!id || !expr) continue;
      const name = file.text.slice(id.start, id.end);
      attrs.set(name, { name, nameNode: id, expr, file });
    } else if (c.type === 'block') {
      const typeNode = c.children[0];
      if (!typeNode) continue;
      const labels: string[] = [];
      for (const l of c.children.slice(1)) {
        if (l.type === 'string_lit') labels.push(unquote(file.text, l));
        else if (l.type === 'identifier') labels.push(file.text.slice(l.start, l.end));
      }
      const inner = readBody(child(c, 'body'), file);
      blocks.push({ type: file.text.slice(typeNode.start, typeNode.end), labels, node: c, typeNode, ...inner, file });
    }
  }
  return { attrs, blocks };
}

/** Nested block types of the resources iamlint reads: in JSON syntax, objects under these keys are blocks. */
const NESTED_BLOCKS = new Set([
  'inline_policy',
  'metadata_options',
  'iam_instance_profile',
  'launch_template',
  'mixed_instances_policy',
  'launch_template_specification',
  'launch_specification',
  'launch_template_config',
  'statement',
  'principals',
  'not_principals',
  'condition',
]);

function jnode(n: SNode): HNode {
  return { type: 'json', start: n.range.start, end: n.range.end, children: [] };
}

/** A JSON-syntax value, evaluated by `Lowering.expr` (strings with `${...}` are HCL templates). */
const jsonValues = new WeakMap<HNode, SNode>();

function jsonExpr(v: SNode): HNode {
  const n: HNode = { type: 'jsonvalue', start: v.range.start, end: v.range.end, children: [] };
  jsonValues.set(n, v);
  return n;
}

function jsonBlockBody(type: string, labels: string[], body: SMap, keyNode: SNode, file: TfFile, anchor?: SNode): Block {
  const attrs = new Map<string, Attr>();
  const blocks: Block[] = [];
  for (const e of body.entries) {
    const name = String(e.key.value);
    const v = e.value;
    const items = isSeq(v) ? v.items : [v];
    if (NESTED_BLOCKS.has(name) && items.every(isMap)) {
      for (const it of items) blocks.push(jsonBlockBody(name, [], it as SMap, e.key, file));
      continue;
    }
    attrs.set(name, { name, nameNode: jnode(e.key), expr: jsonExpr(v), file });
  }
  const b: Block = { type, labels, node: jnode(body), typeNode: jnode(keyNode), attrs, blocks, file };
  return anchor ? { ...b, anchor: anchor.range } : b;
}

/** Terraform's JSON syntax: https://developer.hashicorp.com/terraform/language/syntax/json */
function readJson(root: SNode, file: TfFile): Block[] {
  const out: Block[] = [];
  if (!isMap(root)) return out;
  const objects = (v: SNode): SMap[] => (isSeq(v) ? v.items.filter(isMap) : isMap(v) ? [v] : []);
  for (const top of root.entries) {
    const kind = String(top.key.value);
    for (const group of objects(top.value)) {
      if (kind === 'resource' || kind === 'data') {
        for (const t of group.entries)
          for (const byName of objects(t.value))
            for (const n of byName.entries)
              for (const body of objects(n.value)) out.push(jsonBlockBody(kind, [String(t.key.value), String(n.key.value)], body, n.key, file, n.key));
      } else if (kind === 'variable' || kind === 'provider') {
        for (const n of group.entries) for (const body of objects(n.value)) out.push(jsonBlockBody(kind, [String(n.key.value)], body, n.key, file));
      } else if (kind === 'locals') {
        out.push(jsonBlockBody('locals', [], group, top.key, file));
      }
    }
  }
  return out;
}

/** CloudFormation types of the Terraform resources iamlint reads. */
const TYPE_TABLE: Record<string, string> = {
  aws_iam_role: 'AWS::IAM::Role',
  aws_iam_policy: 'AWS::IAM::ManagedPolicy',
  aws_iam_role_policy: 'AWS::IAM::RolePolicy',
  aws_iam_user: 'AWS::IAM::User',
  aws_iam_user_policy: 'AWS::IAM::UserPolicy',
  aws_iam_group: 'AWS::IAM::Group',
  aws_iam_group_policy: 'AWS::IAM::GroupPolicy',
  aws_iam_instance_profile: 'AWS::IAM::InstanceProfile',
  aws_iam_openid_connect_provider: 'AWS::IAM::OIDCProvider',
  aws_launch_template: 'AWS::EC2::LaunchTemplate',
  aws_instance: 'AWS::EC2::Instance',
  aws_autoscaling_group: 'AWS::AutoScaling::AutoScalingGroup',
  aws_launch_configuration: 'AWS::AutoScaling::LaunchConfiguration',
  aws_eks_node_group: 'AWS::EKS::Nodegroup',
  aws_spot_fleet_request: 'AWS::EC2::SpotFleet',
  aws_s3_bucket_policy: 'AWS::S3::BucketPolicy',
  aws_sqs_queue_policy: 'AWS::SQS::QueuePolicy',
  aws_sns_topic_policy: 'AWS::SNS::TopicPolicy',
  aws_ecr_repository_policy: 'AWS::ECR::Repository',
  aws_secretsmanager_secret_policy: 'AWS::SecretsManager::ResourcePolicy',
};

/** A `Map`: a resource type named `constructor` must not find `Object.prototype.constructor`. */
const TYPES = new Map(Object.entries(TYPE_TABLE));

/** Attachments and memberships: no resource of their own in CloudFormation, folded into what they attach. */
const ATTACHMENTS = new Set([
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_iam_group_membership',
  'aws_iam_user_group_membership',
]);

type Mutable = { kind: 'map'; range: Range; entries: SEntry[] };

class Lowering {
  private readonly variables = new Map<string, Block>();
  private readonly locals = new Map<string, Attr>();
  private readonly resources = new Map<string, Block>();
  private readonly data = new Map<string, Block>();
  private readonly props = new Map<string, Mutable>();
  private readonly visiting = new Set<string>();
  private readonly modules = new Map<string, Block>();
  private readonly outputs = new Map<string, Attr>();
  private readonly children = new Map<string, Lowering | undefined>();
  readonly providers: Block[] = [];
  /** Within a sibling file, every node takes this range (the reference that led there, or nothing). */
  private site: Range | undefined;

  constructor(
    private readonly files: readonly TfFile[],
    private readonly own: string,
    private readonly readFile: ((relative: string) => string | undefined) | undefined,
    extra: readonly { address: string; block: Block }[] = [],
    private readonly parse: HclParse | undefined = undefined,
    private readonly loadModule: ModuleLoader | undefined = undefined,
    /** For a called module: `module.<name>.` and the call that binds its variables. */
    private readonly invocation: { readonly prefix: string; readonly block: Block; readonly caller: Lowering; readonly depth: number } | undefined = undefined,
  ) {
    for (const e of extra) this.resources.set(e.address, e.block);
    for (const f of files) {
      for (const b of f.json ? readJson(f.json, f) : readBody(child(f.root, 'body'), f).blocks) {
        const [a, b2] = b.labels;
        if (b.type === 'variable' && a) this.variables.set(a, b);
        else if (b.type === 'locals') for (const at of b.attrs.values()) this.locals.set(at.name, at);
        else if (b.type === 'resource' && a && b2) this.resources.set(`${a}.${b2}`, b);
        else if (b.type === 'data' && a && b2) this.data.set(`data.${a}.${b2}`, b);
        else if (b.type === 'provider' && a === 'aws' && f.path === own) this.providers.push(b);
        else if (b.type === 'module' && a) this.modules.set(a, b);
        else if (b.type === 'output' && a) {
          const v = b.attrs.get('value');
          if (v) this.outputs.set(a, v);
        }
      }
    }
  }

  // ---- node construction -------------------------------------------------------------------

  private range(n: HNode | Range, file: TfFile): Range {
    if (this.site) return this.site;
    if (file.path !== this.own) return FOREIGN;
    return { start: n.start, end: n.end };
  }

  private scalar(value: string | number | boolean | null, r: Range, textForm?: string): SScalar {
    return textForm !== undefined ? { kind: 'scalar', range: r, value, text: textForm } : { kind: 'scalar', range: r, value };
  }

  private key(name: string, n: HNode, file: TfFile): SScalar {
    return this.scalar(name, this.range(n, file));
  }

  private unknown(r: Range): SMap {
    // A `Ref` to no parameter or resource: the Evaluator's Unknown.
    return { kind: 'map', range: r, entries: [{ key: this.scalar('Ref', r), value: this.scalar('?', r) }] };
  }

  private fn(name: string, arg: SNode, r: Range): SMap {
    return { kind: 'map', range: r, entries: [{ key: this.scalar(name, r), value: arg }] };
  }

  /** Evaluates an expression found in `file` reached from `ref` (a node of the file being lowered). */
  private follow<T>(from: TfFile, ref: HNode, target: TfFile, f: () => T): T {
    const saved = this.site;
    if (!saved && target.path !== this.own && from.path === this.own) this.site = { start: ref.start, end: ref.end };
    try {
      return f();
    } finally {
      this.site = saved;
    }
  }

  /** Evaluates an attribute of this module (a call's argument) with nodes at `site` when given. */
  evaluateAt(a: Attr, site: Range | undefined): SNode {
    const saved = this.site;
    if (site) this.site = site;
    try {
      return this.expr(a.expr, a.file);
    } finally {
      this.site = saved;
    }
  }

  /** A called module's output, every node at `site` (the caller's reference, or nowhere). */
  outputAt(name: string, site: Range): SNode {
    const o = this.outputs.get(name);
    if (!o || this.visiting.has(`output.${name}`)) return this.unknown(site);
    this.visiting.add(`output.${name}`);
    const saved = this.site;
    this.site = site;
    try {
      return this.expr(o.expr, o.file);
    } finally {
      this.site = saved;
      this.visiting.delete(`output.${name}`);
    }
  }

  /**
   * A module called with a local `source = "./..."`: its files lowered with the call's arguments as its
   * variables, its resources named `module.<name>.<address>`. Registry and git sources are Unknown.
   */
  private module(name: string): Lowering | undefined {
    if (this.children.has(name)) return this.children.get(name);
    this.children.set(name, undefined);
    const b = this.modules.get(name);
    const src = b?.attrs.get('source');
    const sv = src ? this.evaluateAt(src, FOREIGN) : undefined;
    const depth = (this.invocation?.depth ?? 0) + 1;
    if (!b || !isString(sv) || !/^\.\.?\//.test(sv.value) || !this.loadModule || depth > 4) return undefined;
    const files = this.loadModule(b.file.path, sv.value);
    if (files.length === 0) return undefined;
    const m = new Lowering(files, this.own, undefined, [], this.parse, this.loadModule, {
      prefix: `${this.invocation?.prefix ?? ''}module.${name}.`,
      block: b,
      caller: this,
      depth,
    });
    this.children.set(name, m);
    return m;
  }

  /** Resources (and defaulted variables) of the called modules reached so far, for the graph only: never judged in the caller. */
  private childEntries(resEntries: SEntry[], params: SEntry[], resourceFile: Map<string, string>): void {
    for (const m of this.children.values()) {
      if (!m) continue;
      const built = m.build();
      const res = get(built.root, 'Resources');
      const par = get(built.root, 'Parameters');
      if (isMap(res)) resEntries.push(...res.entries);
      if (isMap(par)) params.push(...par.entries);
      for (const [k, v] of built.resourceFile) resourceFile.set(k, v);
    }
  }

  private readonly ids = new Map<string, string | undefined>();

  /**
   * The logical id of a resource: its address, with its instances when it has `count`/`for_each`
   * (`aws_instance.web[0, 1]`, `aws_iam_role.app["ci", "deploy"]`, `aws_instance.web[count.index]` when
   * they cannot be known): one resource is judged once and the message names its instances.
   * Undefined for `count = 0` (no instance).
   */
  private idOf(address: string): string | undefined {
    if (this.ids.has(address)) return this.ids.get(address);
    const b = this.resources.get(address);
    const count = b?.attrs.get('count');
    const each = b?.attrs.get('for_each');
    const many = count ?? each;
    const prefixed = `${this.invocation?.prefix ?? ''}${address}`;
    if (!b || !many) {
      this.ids.set(address, prefixed);
      return prefixed;
    }
    this.ids.set(address, prefixed);
    const saved = this.site;
    this.site = FOREIGN;
    let id: string | undefined;
    try {
      const v = this.expr(many.expr, b.file);
      let keys: string[] | undefined;
      if (count && v.kind === 'scalar' && typeof v.value === 'number' && Number.isInteger(v.value)) {
        if (v.value <= 0) keys = [];
        else keys = Array.from({ length: Math.min(v.value, 5) }, (_x, i) => String(i)).concat(v.value > 5 ? [`... ${v.value - 1}`] : []);
      } else if (each && isSeq(v) && v.items.every(isString)) keys = v.items.map((i) => JSON.stringify((i as SScalar).value));
      else if (each && isMap(v) && !(v.entries.length === 1 && /^(Ref|Fn::)/.test(String(v.entries[0]?.key.value))))
        keys = v.entries.map((e) => JSON.stringify(e.key.value));
      if (keys && keys.length === 0) id = undefined;
      else id = `${prefixed}[${keys ? keys.join(', ') : count ? 'count.index' : 'each.key'}]`;
    } finally {
      this.site = saved;
    }
    this.ids.set(address, id);
    return id;
  }

  // ---- expressions --------------------------------------------------------------------------

  expr(n: HNode, file: TfFile, depth = 0): SNode {
    const given = presetValues.get(n);
    if (given) return given;
    const jv = jsonValues.get(n);
    if (jv) return this.jsonValue(jv, file, depth);
    const r = this.range(n, file);
    if (depth > 64) return this.unknown(r);
    const src = file.text;
    switch (n.type) {
      case 'expression': {
        const [head, ...post] = n.children;
        if (!head) return this.unknown(r);
        if (post.length === 0) return this.expr(head, file, depth + 1);
        if (head.type === 'variable_expr') return this.traversal(n, head, post, file, depth);
        return this.unknown(r);
      }
      case 'literal_value': {
        const c = n.children[0];
        if (!c) return this.unknown(r);
        const raw = src.slice(c.start, c.end);
        if (c.type === 'string_lit') return this.scalar(unquote(src, c), r);
        if (c.type === 'numeric_lit') return this.scalar(Number(raw), r, raw);
        if (c.type === 'bool_lit') return this.scalar(raw === 'true', r);
        return this.scalar(null, r);
      }
      case 'template_expr': {
        const t = n.children[0];
        return t ? this.template(t, file, depth) : this.unknown(r);
      }
      case 'collection_value': {
        const c = n.children[0];
        if (c?.type === 'tuple')
          return { kind: 'seq', range: r, items: c.children.filter((x) => x.type === 'expression').map((x) => this.expr(x, file, depth + 1)) };
        if (c?.type === 'object') return this.object(c, file, depth);
        return this.unknown(r);
      }
      case 'function_call':
        return this.call(n, file, depth);
      case 'conditional': {
        const [c, a, b] = n.children;
        if (!c || !a || !b) return this.unknown(r);
        // Both branches are possible offline: the Evaluator's `Fn::If`, named by the condition's text.
        const cond = src.slice(c.start, c.end).replace(/\s+/g, ' ').slice(0, 60);
        return this.fn('Fn::If', { kind: 'seq', range: r, items: [this.scalar(cond, r), this.expr(a, file, depth + 1), this.expr(b, file, depth + 1)] }, r);
      }
      case 'variable_expr':
        return this.traversal(n, n, [], file, depth);
      default:
        // for expressions, operators, splats: not evaluated offline.
        return this.unknown(r);
    }
  }

  /** A value in JSON syntax: literal, except strings holding `${...}`/`%{...}`, which are HCL templates. */
  private jsonValue(v: SNode, file: TfFile, depth: number): SNode {
    const r = this.range(v.range, file);
    if (depth > 64) return this.unknown(r);
    if (v.kind === 'seq') return { kind: 'seq', range: r, items: v.items.map((i) => this.jsonValue(i, file, depth + 1)) };
    if (v.kind === 'map')
      return {
        kind: 'map',
        range: r,
        entries: v.entries.map((e) => ({ key: { ...e.key, range: this.range(e.key.range, file) }, value: this.jsonValue(e.value, file, depth + 1) })),
      };
    if (typeof v.value !== 'string' || !/\$\{|%\{/.test(v.value)) {
      if (this.site || file.path !== this.own) return { ...v, range: r };
      const offsets = jsonStringOffsets(file.text, v);
      if (offsets) offsetMaps.set(v as SScalar, offsets);
      return v;
    }
    if (!this.parse) return this.unknown(r);
    const raw = file.text.slice(v.range.start, v.range.end);
    if (raw.slice(1, -1) === v.value) {
      // No escapes: the JSON string's source is an HCL quoted template, parsed where it stands (exact positions).
      const tree = this.parse(`x=${raw}`);
      const expr = tree.error ? undefined : child(child(tree.root, 'body'), 'attribute')?.children[1];
      return expr ? this.expr(shift(expr, v.range.start - 2), file, depth + 1) : this.unknown(r);
    }
    // With escapes, the decoded string is the template (JSON syntax decodes first): parsed as a heredoc,
    // every node at the string's range.
    const snippet = `x=<<EOT_IAMLINT\n${v.value}\nEOT_IAMLINT\n`;
    const tree = this.parse(snippet);
    const tpl = tree.error ? undefined : child(child(child(child(tree.root, 'body'), 'attribute')?.children[1], 'template_expr'), 'heredoc_template');
    if (!tpl) return this.unknown(r);
    const pseudo: TfFile = { path: file.path, text: snippet, root: tree.root };
    const saved = this.site;
    this.site = r;
    try {
      const holes = tpl.children.filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive');
      const only = holes[0];
      const open = tpl.children.find((c) => c.type === 'heredoc_identifier');
      if (
        holes.length === 1 &&
        only?.type === 'template_interpolation' &&
        open &&
        only.start === open.end + 1 &&
        snippet.slice(only.end, only.end + 1) === '\n'
      ) {
        const inner = only.children.find((c) => c.type === 'expression');
        if (inner && snippet.slice(only.end + 1).startsWith('EOT_IAMLINT')) return this.expr(inner, pseudo, depth + 1);
      }
      return dropFinalNewline(this.template(tpl, pseudo, depth + 1));
    } finally {
      this.site = saved;
    }
  }

  private object(o: HNode, file: TfFile, depth: number): SMap {
    const entries: SEntry[] = [];
    for (const e of o.children) {
      if (e.type !== 'object_elem') continue;
      const k = e.children.find((c) => c.field === 'key') ?? e.children[0];
      const v = e.children.find((c) => c.field === 'val') ?? e.children[1];
      if (!k || !v) continue;
      const name = this.keyName(k, file);
      if (name === undefined) continue;
      entries.push({ key: this.scalar(name, this.range(k, file)), value: this.expr(v, file, depth + 1) });
    }
    return { kind: 'map', range: this.range(o, file), entries };
  }

  /** An object key: a bare identifier or a literal string; computed keys are unknown. */
  private keyName(k: HNode, file: TfFile): string | undefined {
    let n: HNode | undefined = k;
    while (n && n.type === 'expression' && n.children.length === 1) n = n.children[0];
    if (n?.type === 'variable_expr') return file.text.slice(n.start, n.end);
    if (n?.type === 'literal_value' && n.children[0]?.type === 'string_lit') return unquote(file.text, n.children[0]);
    if (n?.type === 'template_expr') {
      const v = this.expr(n, file);
      return isString(v) ? v.value : undefined;
    }
    return undefined;
  }

  private template(t: HNode, file: TfFile, depth: number): SNode {
    const src = file.text;
    const r = this.range(t, file);
    const heredoc = t.type === 'heredoc_template';
    const ids = t.children.filter((c) => c.type === 'heredoc_identifier');
    let start: number;
    let end: number;
    if (heredoc) {
      const open = ids[0];
      const close = ids[ids.length - 1];
      if (!open || !close || open === close) return this.scalar('', r);
      start = src.indexOf('\n', open.end) + 1;
      end = src.lastIndexOf('\n', close.start) + 1;
      if (start <= 0 || end < start) return this.scalar('', r);
    } else {
      start = t.start + 1;
      end = t.end - 1;
    }
    const holes = t.children.filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive');
    const strip = heredoc && src.slice(t.start, t.start + 3) === '<<-';
    const piece = (a: number, b: number): { value: string; map: number[] | undefined } => {
      const raw = src.slice(a, b);
      if (!heredoc) return { value: unescapeHcl(raw), map: undefined };
      const unesc = raw.replace(/([$%])\1\{/g, '$1{');
      if (!strip) return { value: unesc, map: unesc === raw ? undefined : [] };
      return dedent(raw, a, indentOf(src.slice(start, end)));
    };
    if (holes.length === 0) {
      const { value, map } = piece(start, end);
      const exact = map === undefined && src.slice(start, end) === value;
      const own = !this.site && file.path === this.own;
      // A `<<-` heredoc is a YAML block scalar for positions: each line of the value is a line of the
      // source after its indentation (text-position.ts checks that line by line, else the whole value).
      const s: SScalar =
        strip && own && !exact
          ? { kind: 'scalar', range: { start, end }, value, block: true, contentStart: start }
          : this.scalar(value, exact ? this.range({ start, end }, file) : r);
      if (map && map.length && own) offsetMaps.set(s, map);
      return s;
    }
    const only = holes.length === 1 ? holes[0] : undefined;
    if (!heredoc && only?.type === 'template_interpolation' && only.start === start && only.end === end) {
      // `"${x}"` is x itself, not its string form (HCL's template unwrapping): `role = "${aws_iam_role.r.name}"`.
      const inner = only.children.find((c) => c.type === 'expression');
      if (inner) return this.expr(inner, file, depth + 1);
    }
    const parts: SNode[] = [];
    let last = start;
    for (const h of holes) {
      if (h.start > last) {
        const { value } = piece(last, h.start);
        parts.push(this.scalar(value, this.range({ start: last, end: h.start }, file)));
      }
      const inner = h.type === 'template_interpolation' ? h.children.find((c) => c.type === 'expression') : undefined;
      parts.push(inner ? this.expr(inner, file, depth + 1) : this.unknown(this.range(h, file)));
      last = h.end;
    }
    if (end > last) parts.push(this.scalar(piece(last, end).value, this.range({ start: last, end }, file)));
    const node = this.fn('Fn::Join', { kind: 'seq', range: r, items: [this.scalar('', r), { kind: 'seq', range: r, items: parts }] }, r);
    templates.set(node, { file, start, end, holes, strip });
    return node;
  }

  private call(n: HNode, file: TfFile, depth: number): SNode {
    const r = this.range(n, file);
    const id = n.children[0];
    const args = child(n, 'function_arguments')?.children.filter((c) => c.type === 'expression') ?? [];
    const name = id ? file.text.slice(id.start, id.end) : '';
    const a0 = args[0];
    switch (name) {
      case 'jsonencode':
      case 'tolist':
      case 'toset':
        return a0 && args.length === 1 ? this.expr(a0, file, depth + 1) : this.unknown(r);
      case 'base64encode':
        return a0 ? this.fn('Fn::Base64', this.expr(a0, file, depth + 1), r) : this.unknown(r);
      case 'file':
      case 'filebase64':
      case 'templatefile': {
        const content = a0 ? this.moduleFile(a0, file) : undefined;
        // templatefile() substitutes variables we do not evaluate: only a template without any is known.
        if (content === undefined || (name === 'templatefile' && /\$\{|%\{/.test(content))) return this.unknown(r);
        const s = this.scalar(content, r);
        return name === 'filebase64' ? this.fn('Fn::Base64', s, r) : s;
      }
      default:
        return this.unknown(r);
    }
  }

  private moduleFile(arg: HNode, file: TfFile): string | undefined {
    if (!this.readFile) return undefined;
    const p = this.expr(arg, file);
    let path: string | undefined;
    if (isString(p)) path = p.value;
    else {
      // "${path.module}/policy.json": the module's own directory.
      const raw = file.text.slice(arg.start, arg.end);
      const m = /^"\$\{path\.module\}\/([^"$%{}]+)"$/.exec(raw);
      path = m?.[1];
    }
    if (path === undefined || path.includes('..') || path.startsWith('/')) return undefined;
    return this.readFile(path.replace(/^\.\//, ''));
  }

  private traversal(whole: HNode, head: HNode, post: readonly HNode[], file: TfFile, depth: number): SNode {
    const src = file.text;
    const r = this.range(whole, file);
    const root = src.slice(head.start, head.end);
    const steps: string[] = [];
    for (const p of post) {
      if (p.type === 'get_attr') {
        const i = p.children[0];
        if (i) steps.push(src.slice(i.start, i.end));
      } else if (p.type === 'index') {
        steps.push('[]');
      } else return this.unknown(r);
    }
    const attrs = steps.filter((s) => s !== '[]');
    if (root === 'var') {
      const name = attrs[0];
      const v = name ? this.variables.get(name) : undefined;
      if (!v || !name || attrs.length !== 1) return this.unknown(r);
      // In a called module, the call's argument is the value; without one, the default.
      const arg = this.invocation?.block.attrs.get(name);
      if (arg && this.invocation) {
        const caller = this.invocation.caller;
        if (this.visiting.has(`var.${name}`)) return this.unknown(r);
        this.visiting.add(`var.${name}`);
        try {
          return caller.evaluateAt(arg, this.site);
        } finally {
          this.visiting.delete(`var.${name}`);
        }
      }
      return this.fn('Ref', this.scalar(`${this.invocation?.prefix ?? ''}var.${name}`, r), r);
    }
    if (root === 'module') {
      const [name, output] = attrs;
      const m = name ? this.module(name) : undefined;
      if (!m || !output || attrs.length !== 2) return this.unknown(r);
      const own = file.path === this.own && !this.site;
      return m.outputAt(output, own ? { start: whole.start, end: whole.end } : (this.site ?? FOREIGN));
    }
    if (root === 'local') {
      const name = attrs[0];
      const l = name ? this.locals.get(name) : undefined;
      if (!l || !name || this.visiting.has(`local.${name}`)) return this.unknown(r);
      this.visiting.add(`local.${name}`);
      try {
        let v = this.follow(file, whole, l.file, () => this.expr(l.expr, l.file, depth + 1));
        for (const a of steps.slice(1)) v = a === '[]' ? this.unknown(r) : (get(v, a) ?? this.unknown(r));
        return v;
      } finally {
        this.visiting.delete(`local.${name}`);
      }
    }
    if (root === 'data') {
      const [type, name, attr] = attrs;
      if (type === 'aws_caller_identity' && attr === 'account_id') return this.fn('Ref', this.scalar('AWS::AccountId', r), r);
      if (type === 'aws_partition' && attr === 'partition') return this.fn('Ref', this.scalar('AWS::Partition', r), r);
      if (type === 'aws_region' && (attr === 'name' || attr === 'id' || attr === 'region')) return this.fn('Ref', this.scalar('AWS::Region', r), r);
      const d = type && name ? this.data.get(`data.${type}.${name}`) : undefined;
      if (d && type === 'aws_iam_policy_document' && (attr === 'json' || attr === 'minified_json') && attrs.length === 3) {
        const key = `data.${type}.${name}`;
        if (this.visiting.has(key)) return this.unknown(r);
        this.visiting.add(key);
        try {
          return this.follow(file, whole, d.file, () => this.policyDocument(d, depth + 1));
        } finally {
          this.visiting.delete(key);
        }
      }
      if (d && attrs.length === 3) {
        const image = this.imageSource(d, type, attr);
        if (image !== undefined) return this.scalar(image, r);
      }
      return this.unknown(r);
    }
    const name = attrs[0];
    const address = name ? `${root}.${name}` : '';
    const res = this.resources.get(address);
    const id = res && TYPES.get(root) ? this.idOf(address) : undefined;
    if (!id) return this.unknown(r);
    const attr = attrs[1];
    if (attrs.length > 2) return this.unknown(r);
    // `.name`/`.id` give what CloudFormation's Ref gives (the name; a managed policy's ARN); `.arn` is GetAtt Arn.
    if (attr === undefined || attr === 'name' || attr === 'id') return this.fn('Ref', this.scalar(id, r), r);
    const cfnAttr = attr === 'arn' ? 'Arn' : attr === 'unique_id' ? 'RoleId' : attr.replace(/(^|_)(\w)/g, (_m, _u: string, c: string) => c.toUpperCase());
    return this.fn('Fn::GetAtt', { kind: 'seq', range: r, items: [this.scalar(id, r), this.scalar(cfnAttr, r)] }, r);
  }

  /** A data source attribute's literal string value (no reference, no interpolation), if it has one. */
  private literalAttr(b: Block, name: string): string | undefined {
    const a = b.attrs.get(name);
    if (!a) return undefined;
    const v = this.expr(a.expr, b.file);
    return v.kind === 'scalar' && typeof v.value === 'string' ? v.value : undefined;
  }

  private literalList(b: Block, name: string): string[] | undefined {
    const a = b.attrs.get(name);
    if (!a) return undefined;
    const v = this.expr(a.expr, b.file);
    if (!isSeq(v)) return undefined;
    const out: string[] = [];
    for (const it of v.items) {
      if (it.kind !== 'scalar' || typeof it.value !== 'string') return undefined;
      out.push(it.value);
    }
    return out;
  }

  /**
   * The image a data source names, as the model reads an `ImageId`: AWS's public SSM parameter
   * (`data.aws_ssm_parameter.x.value` with `name = "/aws/service/..."`) as CloudFormation's dynamic
   * reference to it, and an `aws_ami` lookup of Amazon's own Amazon Linux 2023 images (`owners` only
   * `amazon`, a name pattern `al2023-ami-...`) as `al2023-ami (data.aws_ami.x)`. Anything else: undefined.
   * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/ami
   */
  private imageSource(d: Block, type: string | undefined, attr: string | undefined): string | undefined {
    if (type === 'aws_ssm_parameter' && (attr === 'value' || attr === 'insecure_value')) {
      const name = this.literalAttr(d, 'name');
      return name?.startsWith('/aws/service/') ? `{{resolve:ssm:${name}}}` : undefined;
    }
    if (type !== 'aws_ami' || (attr !== 'id' && attr !== 'image_id')) return undefined;
    const owners = this.literalList(d, 'owners');
    if (!owners || owners.length === 0 || !owners.every((o) => o === 'amazon')) return undefined;
    const patterns: string[] = [];
    const regex = this.literalAttr(d, 'name_regex');
    if (regex !== undefined) patterns.push(regex.replace(/^\^/, ''));
    for (const f of d.blocks.filter((x) => x.type === 'filter')) {
      if (this.literalAttr(f, 'name') !== 'name') continue;
      patterns.push(...(this.literalList(f, 'values') ?? ['?']));
    }
    if (patterns.length === 0 || !patterns.every((x) => x.startsWith('al2023-ami-'))) return undefined;
    return `al2023-ami (${d.labels.length >= 2 ? `data.${d.labels[0]}.${d.labels[1]}` : 'data.aws_ami'})`;
  }

  // ---- policy documents ---------------------------------------------------------------------

  /** A policy in a document position: a JSON string (heredoc, quoted) parsed with positions, an object, or a data source. */
  doc(a: Attr | undefined): SNode | undefined {
    if (!a) return undefined;
    const v = this.expr(a.expr, a.file);
    const out = this.parseDoc(v, a.file);
    return out;
  }

  private parseDoc(v: SNode, file: TfFile): SNode {
    if (isString(v)) {
      const t = v.value.trimStart();
      if (!t.startsWith('{')) return v;
      try {
        const tree = parseJson(v.value);
        const map = offsetMaps.get(v);
        const exact = map === undefined && file.path === this.own && !this.site && file.text.slice(v.range.start, v.range.end) === v.value;
        if (map) return remap(tree, (o) => map[o] ?? v.range.end);
        if (exact) return remap(tree, (o) => v.range.start + o);
        return spanAll(tree, v.range);
      } catch (e) {
        if (e instanceof InputError) return v;
        throw e;
      }
    }
    const tpl = templates.get(v);
    if (tpl) return this.parseTemplateDoc(v, tpl) ?? v;
    return v;
  }

  /** A heredoc JSON policy with `${...}` in it: the JSON parsed with the holes kept, then each hole evaluated. */
  private parseTemplateDoc(v: SNode, t: TemplateInfo): SNode | undefined {
    const src = t.file.text;
    const own = t.file.path === this.own && !this.site;
    // Each hole is replaced by a same-length run of a private-use character, so offsets stay put.
    let text = '';
    let last = t.start;
    const filler = '\uE000';
    for (const h of t.holes) {
      text += src.slice(last, h.start) + filler.repeat(h.end - h.start);
      last = h.end;
    }
    text += src.slice(last, t.end);
    let tree: SNode;
    try {
      tree = parseJson(text);
    } catch (e) {
      if (e instanceof InputError) return undefined;
      throw e;
    }
    const base = t.start;
    const span = (a: number, b: number): Range => (own ? { start: base + a, end: base + b } : v.range);
    const fill = (n: SNode): SNode => {
      const range = span(n.range.start, n.range.end);
      if (n.kind === 'seq') return { kind: 'seq', range, items: n.items.map(fill) };
      if (n.kind === 'map') return { kind: 'map', range, entries: n.entries.map((e) => ({ key: fill(e.key) as SScalar, value: fill(e.value) })) };
      if (typeof n.value !== 'string' || !n.value.includes(filler)) return { ...n, range };
      // The holes inside this JSON string, in order (text offsets are source offsets minus `base`).
      const inside = t.holes.filter((h) => h.start - base >= n.range.start && h.end - base <= n.range.end);
      const value = n.value;
      const parts: SNode[] = [];
      let i = 0;
      let off = n.range.start + 1;
      for (const h of inside) {
        const k = value.indexOf(filler, i);
        if (k < 0) break;
        if (k > i) parts.push(this.scalar(value.slice(i, k), span(off, off + k - i)));
        const inner = h.type === 'template_interpolation' ? h.children.find((c) => c.type === 'expression') : undefined;
        parts.push(inner ? this.expr(inner, t.file) : this.unknown(span(h.start - base, h.end - base)));
        i = k + (h.end - h.start);
        off = h.end - base;
      }
      if (i < value.length) parts.push(this.scalar(value.slice(i), span(off, off + value.length - i)));
      if (parts.some((q) => q.kind === 'scalar' && typeof q.value === 'string' && q.value.includes(filler))) return this.unknown(range);
      return this.fn('Fn::Join', { kind: 'seq', range, items: [this.scalar('', range), { kind: 'seq', range, items: parts }] }, range);
    };
    return fill(tree);
  }

  /**
   * `data "aws_iam_policy_document"` as the JSON Terraform renders:
   * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
   */
  private policyDocument(d: Block, depth: number): SNode {
    const f = d.file;
    const r = this.range(d.node, f);
    const statements: SNode[] = [];
    const sid = (s: SNode) => {
      const v = get(s, 'Sid');
      return isString(v) ? v.value : undefined;
    };
    const addAll = (list: SNode[], override: boolean) => {
      for (const s of list) {
        const id = sid(s);
        const i = id !== undefined && override ? statements.findIndex((x) => sid(x) === id) : -1;
        if (i >= 0) statements[i] = s;
        else statements.push(s);
      }
    };
    const fromDocs = (name: string): SNode[] => {
      const a = d.attrs.get(name);
      if (!a) return [];
      const v = this.expr(a.expr, f, depth + 1);
      const items = isSeq(v) ? v.items : [this.unknown(this.range(a.expr, f))];
      const out: SNode[] = [];
      for (const it of items) {
        const doc = this.parseDoc(it, f);
        const st = get(doc, 'Statement');
        if (isSeq(st)) out.push(...st.items);
        else if (isMap(st)) out.push(st);
        else out.push(this.unknown(it.range));
      }
      return out;
    };
    addAll(fromDocs('source_policy_documents'), false);
    const own: SNode[] = [];
    for (const b of d.blocks) {
      if (b.type === 'statement') own.push(this.statement(b, depth));
      else if (b.type === 'dynamic' && b.labels[0] === 'statement') own.push(this.unknown(this.range(b.node, f)));
    }
    addAll(own, true);
    addAll(fromDocs('override_policy_documents'), true);
    const entries: SEntry[] = [];
    const version = d.attrs.get('version');
    entries.push({ key: this.scalar('Version', r), value: version ? this.expr(version.expr, f) : this.scalar('2012-10-17', r) });
    const id = d.attrs.get('policy_id');
    if (id) entries.push({ key: this.key('Id', id.nameNode, f), value: this.expr(id.expr, f) });
    entries.push({ key: this.scalar('Statement', r), value: { kind: 'seq', range: r, items: statements } });
    return { kind: 'map', range: r, entries };
  }

  private statement(b: Block, depth: number): SNode {
    const f = b.file;
    const entries: SEntry[] = [];
    const put = (tf: string, cfn: string) => {
      const a = b.attrs.get(tf);
      if (a) entries.push({ key: this.key(cfn, a.nameNode, f), value: this.expr(a.expr, f, depth + 1) });
    };
    put('sid', 'Sid');
    const effect = b.attrs.get('effect');
    // Terraform's default effect is Allow.
    entries.push(
      effect
        ? { key: this.key('Effect', effect.nameNode, f), value: this.expr(effect.expr, f) }
        : { key: this.key('Effect', b.typeNode, f), value: this.scalar('Allow', this.range(b.typeNode, f)) },
    );
    put('actions', 'Action');
    put('not_actions', 'NotAction');
    put('resources', 'Resource');
    put('not_resources', 'NotResource');
    for (const [tf, cfn] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const blocks = b.blocks.filter((x) => x.type === tf);
      const dyn = this.dynamic(b, tf);
      const first = blocks[0] ?? dyn;
      if (!first) continue;
      const pe: SEntry[] = [];
      let star: SNode | undefined;
      // A principal we cannot read (a dynamic block, a computed type) makes the whole element unknown.
      let unreadable = dyn !== undefined;
      for (const p of blocks) {
        const type = p.attrs.get('type');
        const ids = p.attrs.get('identifiers');
        const tv = type ? this.expr(type.expr, f) : undefined;
        if (!type || !ids || !isString(tv)) {
          unreadable = true;
          continue;
        }
        const iv = this.expr(ids.expr, f, depth + 1);
        // `type = "*"` renders `"Principal": "*"`.
        if (tv.value === '*') star = isSeq(iv) && iv.items.length === 1 ? iv.items[0] : iv;
        else pe.push({ key: this.scalar(tv.value, tv.range), value: iv });
      }
      const value: SNode = unreadable
        ? this.unknown(this.range(first.node, f))
        : star && pe.length === 0
          ? star
          : { kind: 'map', range: this.range(first.node, f), entries: pe };
      entries.push({ key: this.key(cfn, first.typeNode, f), value });
    }
    const conds = b.blocks.filter((x) => x.type === 'condition');
    const dynCond = this.dynamic(b, 'condition');
    const firstCond = conds[0] ?? dynCond;
    if (firstCond) {
      const ops = new Map<string, Mutable>();
      const cond: Mutable = { kind: 'map', range: this.range(firstCond.node, f), entries: [] };
      let unreadable = dynCond !== undefined;
      for (const c of conds) {
        const test = c.attrs.get('test');
        const variable = c.attrs.get('variable');
        const values = c.attrs.get('values');
        const tv = test ? this.expr(test.expr, f) : undefined;
        const vv = variable ? this.expr(variable.expr, f) : undefined;
        if (!test || !variable || !values || !isString(tv) || !isString(vv)) {
          unreadable = true;
          continue;
        }
        let op = ops.get(tv.value);
        if (!op) {
          op = { kind: 'map', range: this.range(c.node, f), entries: [] };
          ops.set(tv.value, op);
          cond.entries.push({ key: this.scalar(tv.value, tv.range), value: op });
        }
        op.entries.push({ key: this.scalar(vv.value, vv.range), value: this.expr(values.expr, f, depth + 1) });
      }
      // A condition we cannot read may restrict anything: the policy model treats an unknown Condition so.
      entries.push({ key: this.key('Condition', firstCond.typeNode, f), value: unreadable ? this.unknown(this.range(firstCond.node, f)) : cond });
    }
    return { kind: 'map', range: this.range(b.node, f), entries };
  }

  // ---- resources ----------------------------------------------------------------------------

  private map(entries: SEntry[], n: HNode, f: TfFile): Mutable {
    return { kind: 'map', range: this.range(n, f), entries };
  }

  /** `tf` attributes of a block as CloudFormation properties. */
  private attrsAs(b: Block, pairs: readonly (readonly [string, string])[], out: SEntry[], wrap?: (cfn: string, v: SNode) => SNode): void {
    for (const [tf, cfn] of pairs) {
      const a = b.attrs.get(tf);
      if (!a) continue;
      const v = this.expr(a.expr, a.file);
      out.push({ key: this.key(cfn, a.nameNode, a.file), value: wrap ? wrap(cfn, v) : v });
    }
  }

  private sub(b: Block | undefined, name: string): Block | undefined {
    return b?.blocks.find((x) => x.type === name);
  }

  /** A `dynamic "<name>"` block: its content is generated from values we do not iterate. */
  private dynamic(b: Block | undefined, name: string): Block | undefined {
    return b?.blocks.find((x) => x.type === 'dynamic' && x.labels[0] === name);
  }

  /** The CloudFormation key for a nested block that is `dynamic`: its value is unknown. */
  private dynamicEntry(b: Block, name: string, cfn: string, out: SEntry[]): boolean {
    const d = this.dynamic(b, name);
    if (!d) return false;
    out.push({ key: this.key(cfn, d.typeNode, d.file), value: this.unknown(this.range(d.node, d.file)) });
    return true;
  }

  private metadata(b: Block, out: SEntry[]): void {
    const dyn = this.dynamic(b, 'metadata_options');
    if (dyn) {
      // Generated from variables: every setting unknown (a map without them would read as "not set").
      const r = this.range(dyn.node, dyn.file);
      const unknowns = ['HttpTokens', 'HttpEndpoint', 'HttpPutResponseHopLimit'].map((k) => ({ key: this.scalar(k, r), value: this.unknown(r) }));
      out.push({ key: this.key('MetadataOptions', dyn.typeNode, dyn.file), value: { kind: 'map', range: r, entries: unknowns } });
      return;
    }
    const mo = this.sub(b, 'metadata_options');
    if (!mo) return;
    const e: SEntry[] = [];
    this.attrsAs(
      mo,
      [
        ['http_tokens', 'HttpTokens'],
        ['http_endpoint', 'HttpEndpoint'],
        ['http_put_response_hop_limit', 'HttpPutResponseHopLimit'],
      ],
      e,
    );
    out.push({ key: this.key('MetadataOptions', mo.typeNode, mo.file), value: this.map(e, mo.node, mo.file) });
  }

  /** `user_data` is plain text (Terraform encodes it); `user_data_base64` and a launch template's `user_data` are base64. */
  private userData(b: Block, out: SEntry[], plain: boolean): void {
    const ud = b.attrs.get('user_data');
    const ud64 = b.attrs.get('user_data_base64');
    if (ud) {
      const v = this.expr(ud.expr, ud.file);
      const r = this.range(ud.expr, ud.file);
      out.push({ key: this.key('UserData', ud.nameNode, ud.file), value: plain && !(isMap(v) && get(v, 'Fn::Base64')) ? this.fn('Fn::Base64', v, r) : v });
    } else if (ud64) {
      out.push({ key: this.key('UserData', ud64.nameNode, ud64.file), value: this.expr(ud64.expr, ud64.file) });
    }
  }

  private launchTemplateRef(lt: Block | undefined, keys: { id: string; name: string }): SNode | undefined {
    if (!lt) return undefined;
    const e: SEntry[] = [];
    this.attrsAs(
      lt,
      [
        ['id', keys.id],
        ['name', keys.name],
        ['version', 'Version'],
      ],
      e,
    );
    return this.map(e, lt.node, lt.file);
  }

  private resource(address: string, b: Block): SNode | undefined {
    const tfType = b.labels[0] ?? '';
    const type = TYPES.get(tfType);
    if (!type) return undefined;
    const f = b.file;
    const p: SEntry[] = [];
    const attrs = (pairs: readonly (readonly [string, string])[]) => this.attrsAs(b, pairs, p);
    const docProp = (tf: string, cfn: string) => {
      const a = b.attrs.get(tf);
      const d = this.doc(a);
      if (a && d) p.push({ key: this.key(cfn, a.nameNode, f), value: d });
    };
    switch (tfType) {
      case 'aws_iam_role': {
        attrs([['name', 'RoleName']]);
        docProp('assume_role_policy', 'AssumeRolePolicyDocument');
        const inline = b.blocks.filter((x) => x.type === 'inline_policy');
        const items: SNode[] = [];
        for (const ip of inline) {
          const e: SEntry[] = [];
          this.attrsAs(ip, [['name', 'PolicyName']], e);
          const pa = ip.attrs.get('policy');
          const d = this.doc(pa);
          if (pa && d) e.push({ key: this.key('PolicyDocument', pa.nameNode, f), value: d });
          items.push(this.map(e, ip.node, f));
        }
        for (const dyn of b.blocks.filter((x) => x.type === 'dynamic' && x.labels[0] === 'inline_policy')) items.push(this.unknown(this.range(dyn.node, f)));
        if (items.length) p.push({ key: this.key('Policies', (inline[0] ?? b).typeNode, f), value: { kind: 'seq', range: this.range(b.node, f), items } });
        attrs([
          ['managed_policy_arns', 'ManagedPolicyArns'],
          ['permissions_boundary', 'PermissionsBoundary'],
        ]);
        break;
      }
      case 'aws_iam_policy':
        attrs([['name', 'ManagedPolicyName']]);
        docProp('policy', 'PolicyDocument');
        break;
      case 'aws_iam_role_policy':
      case 'aws_iam_user_policy':
      case 'aws_iam_group_policy': {
        const who = tfType === 'aws_iam_role_policy' ? ['role', 'RoleName'] : tfType === 'aws_iam_user_policy' ? ['user', 'UserName'] : ['group', 'GroupName'];
        attrs([
          ['name', 'PolicyName'],
          [who[0] as string, who[1] as string],
        ]);
        docProp('policy', 'PolicyDocument');
        break;
      }
      case 'aws_iam_user':
        attrs([
          ['name', 'UserName'],
          ['permissions_boundary', 'PermissionsBoundary'],
        ]);
        break;
      case 'aws_iam_group':
        attrs([['name', 'GroupName']]);
        break;
      case 'aws_iam_instance_profile': {
        attrs([['name', 'InstanceProfileName']]);
        const role = b.attrs.get('role');
        if (role)
          p.push({ key: this.key('Roles', role.nameNode, f), value: { kind: 'seq', range: this.range(role.expr, f), items: [this.expr(role.expr, f)] } });
        break;
      }
      case 'aws_iam_openid_connect_provider':
        attrs([
          ['url', 'Url'],
          ['client_id_list', 'ClientIdList'],
          ['thumbprint_list', 'ThumbprintList'],
        ]);
        break;
      case 'aws_launch_template': {
        attrs([['name', 'LaunchTemplateName']]);
        const data: SEntry[] = [];
        this.metadata(b, data);
        const prof = this.sub(b, 'iam_instance_profile');
        if (this.dynamicEntry(b, 'iam_instance_profile', 'IamInstanceProfile', data)) {
          // Generated from variables: which profile is unknown.
        } else if (prof) {
          const e: SEntry[] = [];
          this.attrsAs(
            prof,
            [
              ['arn', 'Arn'],
              ['name', 'Name'],
            ],
            e,
          );
          data.push({ key: this.key('IamInstanceProfile', prof.typeNode, f), value: this.map(e, prof.node, f) });
        }
        this.userData(b, data, false);
        this.attrsAs(b, [['image_id', 'ImageId']], data);
        p.push({ key: this.key('LaunchTemplateData', b.typeNode, f), value: this.map(data, b.node, f) });
        break;
      }
      case 'aws_instance':
      case 'aws_launch_configuration': {
        if (tfType === 'aws_launch_configuration') attrs([['name', 'LaunchConfigurationName']]);
        attrs([
          ['ami', 'ImageId'],
          ['image_id', 'ImageId'],
          ['iam_instance_profile', 'IamInstanceProfile'],
        ]);
        this.metadata(b, p);
        this.userData(b, p, true);
        if (tfType === 'aws_instance') this.dynamicEntry(b, 'launch_template', 'LaunchTemplate', p);
        const lt = this.launchTemplateRef(this.sub(b, 'launch_template'), { id: 'LaunchTemplateId', name: 'LaunchTemplateName' });
        if (lt && tfType === 'aws_instance') p.push({ key: this.key('LaunchTemplate', (this.sub(b, 'launch_template') as Block).typeNode, f), value: lt });
        break;
      }
      case 'aws_autoscaling_group': {
        const ltb = this.sub(b, 'launch_template');
        this.dynamicEntry(b, 'launch_template', 'LaunchTemplate', p);
        const lt = this.launchTemplateRef(ltb, { id: 'LaunchTemplateId', name: 'LaunchTemplateName' });
        if (lt && ltb) p.push({ key: this.key('LaunchTemplate', ltb.typeNode, f), value: lt });
        attrs([['launch_configuration', 'LaunchConfigurationName']]);
        const mip = this.sub(b, 'mixed_instances_policy');
        const spec = this.sub(this.sub(mip, 'launch_template'), 'launch_template_specification');
        const ref = this.launchTemplateRef(spec, { id: 'LaunchTemplateId', name: 'LaunchTemplateName' });
        if (mip && spec && ref) {
          const inner = this.map([{ key: this.key('LaunchTemplateSpecification', spec.typeNode, f), value: ref }], spec.node, f);
          const ltw = this.map([{ key: this.key('LaunchTemplate', spec.typeNode, f), value: inner }], mip.node, f);
          p.push({ key: this.key('MixedInstancesPolicy', mip.typeNode, f), value: ltw });
        }
        break;
      }
      case 'aws_eks_node_group': {
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_node_group
        attrs([
          ['node_role_arn', 'NodeRole'],
          ['ami_type', 'AmiType'],
          ['version', 'Version'],
        ]);
        const ltb = this.sub(b, 'launch_template');
        const lt = this.launchTemplateRef(ltb, { id: 'Id', name: 'Name' });
        if (lt && ltb) p.push({ key: this.key('LaunchTemplate', ltb.typeNode, f), value: lt });
        break;
      }
      case 'aws_spot_fleet_request': {
        const cfg: SEntry[] = [];
        this.attrsAs(b, [['iam_fleet_role', 'IamFleetRole']], cfg);
        const specs: SNode[] = [];
        for (const ls of b.blocks.filter((x) => x.type === 'launch_specification')) {
          const e: SEntry[] = [];
          const arn = ls.attrs.get('iam_instance_profile_arn');
          const name = ls.attrs.get('iam_instance_profile');
          const pa = arn ?? name;
          if (pa)
            e.push({
              key: this.key('IamInstanceProfile', pa.nameNode, f),
              value: this.map([{ key: this.key(arn ? 'Arn' : 'Name', pa.nameNode, f), value: this.expr(pa.expr, f) }], pa.expr, f),
            });
          this.userData(ls, e, false);
          specs.push(this.map(e, ls.node, f));
        }
        if (specs.length)
          cfg.push({ key: this.key('LaunchSpecifications', b.typeNode, f), value: { kind: 'seq', range: this.range(b.node, f), items: specs } });
        const ltcs: SNode[] = [];
        for (const c of b.blocks.filter((x) => x.type === 'launch_template_config')) {
          const spec = this.sub(c, 'launch_template_specification');
          const ref = this.launchTemplateRef(spec, { id: 'LaunchTemplateId', name: 'LaunchTemplateName' });
          if (spec && ref) ltcs.push(this.map([{ key: this.key('LaunchTemplateSpecification', spec.typeNode, f), value: ref }], c.node, f));
        }
        if (ltcs.length) cfg.push({ key: this.key('LaunchTemplateConfigs', b.typeNode, f), value: { kind: 'seq', range: this.range(b.node, f), items: ltcs } });
        p.push({ key: this.key('SpotFleetRequestConfigData', b.typeNode, f), value: this.map(cfg, b.node, f) });
        break;
      }
      default: {
        // Resource policies.
        const prop =
          type === 'AWS::ECR::Repository' ? 'RepositoryPolicyText' : type === 'AWS::SecretsManager::ResourcePolicy' ? 'ResourcePolicy' : 'PolicyDocument';
        docProp('policy', prop);
      }
    }
    const props: Mutable = this.map(p, b.node, f);
    this.props.set(this.idOf(address) ?? address, props);
    const head = { start: b.node.start, end: child(b.node, 'block_start')?.start ?? b.node.end };
    const r = this.range(b.node, f);
    const entries: SEntry[] = [
      { key: this.scalar('Type', this.range(head, f)), value: this.scalar(type, this.range(head, f)) },
      { key: this.scalar('Properties', r), value: props },
    ];
    return { kind: 'map', range: r, entries };
  }

  /** Attachments and group memberships, folded into what they attach. */
  private attach(b: Block): void {
    const tfType = b.labels[0] ?? '';
    const f = b.file;
    const policyArn = b.attrs.get('policy_arn');
    const targets = (tf: string): SNode[] => {
      const a = b.attrs.get(tf);
      if (!a) return [];
      const v = this.expr(a.expr, f);
      return isSeq(v) ? v.items : [v];
    };
    const resolve = (v: SNode, type: string): string | undefined => {
      // A reference to a resource of the module, or a literal name it declares.
      const e = isMap(v) && v.entries.length === 1 ? v.entries[0] : undefined;
      if (e && e.key.value === 'Ref' && isString(e.value) && this.props.has(e.value.value)) return e.value.value;
      if (e && e.key.value === 'Fn::GetAtt' && isSeq(e.value) && isString(e.value.items[0]) && this.props.has(e.value.items[0].value))
        return e.value.items[0].value;
      if (isString(v)) {
        const nameProp = type === 'aws_iam_role' ? 'RoleName' : type === 'aws_iam_user' ? 'UserName' : 'GroupName';
        for (const [addr, props] of this.props) {
          if (!addr.startsWith(`${type}.`)) continue;
          const n = get(props, nameProp);
          if (isString(n) && (n.value === v.value || v.value.endsWith(`/${n.value}`))) return addr;
        }
      }
      return undefined;
    };
    const push = (addr: string, prop: string, value: SNode, keyAt: HNode) => {
      const props = this.props.get(addr);
      if (!props) return;
      let list = get(props, prop);
      if (!isSeq(list)) {
        list = { kind: 'seq', range: value.range, items: [] };
        props.entries.push({ key: this.key(prop, keyAt, f), value: list });
      }
      (list as SSeq).items.push(value);
    };
    if (tfType === 'aws_iam_group_membership' || tfType === 'aws_iam_user_group_membership') {
      const groups = tfType === 'aws_iam_group_membership' ? targets('group') : targets('groups');
      const users = tfType === 'aws_iam_group_membership' ? targets('users') : targets('user');
      for (const u of users) {
        const addr = resolve(u, 'aws_iam_user');
        if (addr) for (const g of groups) push(addr, 'Groups', g, b.typeNode);
      }
      return;
    }
    if (!policyArn) return;
    const arn = this.expr(policyArn.expr, f);
    const groups: [string, string][] = [
      ['role', 'aws_iam_role'],
      ['roles', 'aws_iam_role'],
      ['user', 'aws_iam_user'],
      ['users', 'aws_iam_user'],
      ['group', 'aws_iam_group'],
      ['groups', 'aws_iam_group'],
    ];
    for (const [tf, type] of groups) {
      for (const t of targets(tf)) {
        const addr = resolve(t, type);
        if (addr) push(addr, 'ManagedPolicyArns', arn, policyArn.nameNode);
      }
    }
  }

  build(): { root: SMap; resourceFile: Map<string, string>; raw: SMap } {
    const resEntries: SEntry[] = [];
    const resourceFile = new Map<string, string>();
    for (const [address, b] of this.resources) {
      const tfType = b.labels[0] ?? '';
      if (!TYPES.get(tfType)) continue;
      const id = this.idOf(address);
      // `count = 0`: no instance exists, nothing to judge.
      if (id === undefined) continue;
      const saved = this.site;
      if (b.file.path !== this.own) this.site = FOREIGN;
      try {
        const node = this.resource(address, b);
        if (!node) continue;
        resourceFile.set(id, b.file.path);
        const head = b.labels[1] !== undefined ? b.node : b.typeNode;
        const keyRange = this.range(b.anchor ?? { start: head.start, end: child(head, 'block_start')?.start ?? head.end }, b.file);
        resEntries.push({ key: this.scalar(id, { start: keyRange.start, end: Math.max(keyRange.start, trimEnd(b.file.text, keyRange)) }), value: node });
      } finally {
        this.site = saved;
      }
    }
    for (const b of this.resources.values()) {
      if (!ATTACHMENTS.has(b.labels[0] ?? '')) continue;
      const saved = this.site;
      if (b.file.path !== this.own) this.site = FOREIGN;
      try {
        this.attach(b);
      } finally {
        this.site = saved;
      }
    }
    const params: SEntry[] = [];
    for (const [name, v] of this.variables) {
      const def = v.attrs.get('default');
      if (!def) continue;
      const saved = this.site;
      if (v.file.path !== this.own) this.site = FOREIGN;
      try {
        const value = this.expr(def.expr, v.file);
        if (value.kind !== 'scalar') continue;
        const r = this.range(v.node, v.file);
        params.push({
          key: this.scalar(`${this.invocation?.prefix ?? ''}var.${name}`, r),
          value: { kind: 'map', range: r, entries: [{ key: this.key('Default', def.nameNode, v.file), value }] },
        });
      } finally {
        this.site = saved;
      }
    }
    // Called modules are loaded when something refers to them (`module.x.y`, while lowering the resources above).
    this.childEntries(resEntries, params, resourceFile);
    const whole = { start: 0, end: 0 };
    const root: SMap = {
      kind: 'map',
      range: whole,
      entries: [
        { key: this.scalar('Parameters', whole), value: { kind: 'map', range: whole, entries: params } },
        { key: this.scalar('Resources', whole), value: { kind: 'map', range: whole, entries: resEntries } },
      ],
    };
    const raw: SMap = { kind: 'map', range: whole, entries: [] };
    for (const p of this.providers) {
      const e: SEntry[] = [];
      for (const a of p.attrs.values()) e.push({ key: this.key(a.name, a.nameNode, a.file), value: this.expr(a.expr, a.file) });
      // Several provider blocks (aliases) are normal: each its own key.
      const alias = p.attrs.get('alias');
      const av = alias ? this.expr(alias.expr, alias.file) : undefined;
      const name = isString(av) ? `provider.aws.${av.value}` : raw.entries.length ? `provider.aws[${raw.entries.length}]` : 'provider.aws';
      raw.entries.push({ key: this.key(name, p.typeNode, p.file), value: this.map(e, p.node, p.file) });
    }
    return { root, resourceFile, raw };
  }
}

/** Every node of a tree at one range (a policy string whose characters cannot be mapped one by one). */
function spanAll(n: SNode, range: Range): SNode {
  if (n.kind === 'scalar') return { ...n, range };
  if (n.kind === 'seq') return { kind: 'seq', range, items: n.items.map((i) => spanAll(i, range)) };
  return { kind: 'map', range, entries: n.entries.map((e) => ({ key: spanAll(e.key, range) as SScalar, value: spanAll(e.value, range) })) };
}

/** The decoded characters of a JSON string literal and each one's offset in the file (for policies written as JSON strings). */
export function jsonStringOffsets(text: string, n: SNode): number[] | undefined {
  if (n.kind !== 'scalar' || typeof n.value !== 'string' || !n.value.includes('{')) return undefined;
  const raw = text.slice(n.range.start, n.range.end);
  if (raw[0] !== '"') return undefined;
  const map: number[] = [];
  const base = n.range.start + 1;
  const inner = raw.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    map.push(base + i);
    // An escape is one decoded code unit (`\u` escapes of a surrogate pair are two escapes).
    if (inner[i] === '\\') i += inner[i + 1] === 'u' ? 5 : 1;
  }
  if (map.length !== n.value.length) return undefined;
  map.push(base + inner.length);
  return map;
}

/** A heredoc's value ends with the newline before its closing marker; the JSON string it came from did not. */
function dropFinalNewline(n: SNode): SNode {
  if (n.kind === 'scalar' && typeof n.value === 'string' && n.value.endsWith('\n')) return { ...n, value: n.value.slice(0, -1) };
  const e = n.kind === 'map' && n.entries.length === 1 ? n.entries[0] : undefined;
  const list = e?.key.value === 'Fn::Join' && e.value.kind === 'seq' ? e.value.items[1] : undefined;
  if (list?.kind === 'seq') {
    const last = list.items[list.items.length - 1];
    if (last) list.items[list.items.length - 1] = dropFinalNewline(last);
  }
  return n;
}

function shift(n: HNode, d: number): HNode {
  return { ...n, start: n.start + d, end: n.end + d, children: n.children.map((c) => shift(c, d)) };
}

function trimEnd(text: string, r: Range): number {
  let e = r.end;
  while (e > r.start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** Smallest indentation of the non-blank lines (HCL's `<<-` strips it). */
function indentOf(s: string): number {
  let min = Infinity;
  for (const line of s.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^[ \t]*/.exec(line);
    min = Math.min(min, m ? m[0].length : 0);
  }
  return min === Infinity ? 0 : min;
}

/** Strips `n` leading characters of every line of `src[a..]`, keeping each kept character's source offset. */
function dedent(raw: string, a: number, n: number): { value: string; map: number[] } {
  let value = '';
  const map: number[] = [];
  let col = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\n') {
      value += c;
      map.push(a + i);
      col = 0;
      continue;
    }
    if (col < n && (c === ' ' || c === '\t')) {
      col++;
      continue;
    }
    col = n;
    value += c;
    map.push(a + i);
  }
  map.push(a + raw.length);
  return { value, map };
}

interface TemplateInfo {
  readonly file: TfFile;
  readonly start: number;
  readonly end: number;
  readonly holes: readonly HNode[];
  readonly strip: boolean;
}

/** The files of a module called from `fromPath` with a local `source`; empty when it cannot be read. */
export type ModuleLoader = (fromPath: string, source: string) => readonly TfFile[];

/** Source offsets of the characters of a dedented heredoc value (or an escaped JSON string of a plan). */
const offsetMaps = new WeakMap<SScalar, number[]>();
/** Values already known for a syntax node: a plan's JSON values, wrapped as HCL nodes. */
const presetValues = new WeakMap<HNode, SNode>();

/** A syntax node that stands for a known value (plan JSON): `expr` returns the value itself. */
export function presetNode(value: SNode, offsets?: number[]): HNode {
  const n: HNode = { type: 'preset', start: value.range.start, end: value.range.end, children: [] };
  presetValues.set(n, value);
  if (offsets && value.kind === 'scalar') offsetMaps.set(value, offsets);
  return n;
}
/** Interpolated templates, for JSON policies with `${...}` inside. */
const templates = new WeakMap<SNode, TemplateInfo>();

export function lowerModule(
  files: readonly TfFile[],
  own: string,
  readFile?: (relative: string) => string | undefined,
  extra: readonly { address: string; block: Block }[] = [],
  parse?: HclParse,
  loadModule?: ModuleLoader,
): Lowered {
  const l = new Lowering(files, own, readFile, extra, parse, loadModule);
  const { root, resourceFile, raw } = l.build();
  return { root, resourceFile, raw };
}
