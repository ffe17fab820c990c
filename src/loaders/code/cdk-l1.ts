import type { TSESTree } from '@typescript-eslint/types';
import type { SEntry, SNode } from '../../model/node.js';
import type { Range } from '../../model/source.js';
import type { CdkIam } from './cdk-iam.js';
import { entryOf, mapOf, type ResourceGraph } from './cdk-graph.js';
import { propName, staticKey, unwrap, type Module, type Node, type Scope } from './scope.js';
import type { Values } from './values.js';

type New = TSESTree.NewExpression;

/** CloudFormation service namespaces of the CDK modules iamlint reads. */
const NAMESPACE: Partial<Record<Module, string>> = { iam: 'IAM', ec2: 'EC2', autoscaling: 'AutoScaling', eks: 'EKS' };

/** L1 props that take an IAM policy document: JSON as written, or a `PolicyDocument`. */
const DOCUMENT_PROPS = new Set(['assumeRolePolicyDocument', 'policyDocument']);

/** `cdk.Fn.x(...)` → the intrinsic CloudFormation receives. https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.Fn.html */
const FN: Record<string, string> = {
  base64: 'Fn::Base64',
  join: 'Fn::Join',
  sub: 'Fn::Sub',
  select: 'Fn::Select',
  split: 'Fn::Split',
  getAtt: 'Fn::GetAtt',
  ref: 'Ref',
  importValue: 'Fn::ImportValue',
  findInMap: 'Fn::FindInMap',
  conditionIf: 'Fn::If',
};

const MAX_DEPTH = 24;

function rangeOf(n: Node): Range {
  return { start: n.range[0], end: n.range[1] };
}

function capitalize(k: string): string {
  return k.length ? k[0]!.toUpperCase() + k.slice(1) : k;
}

/**
 * L1 constructs (`new ec2.CfnLaunchTemplate(this, 'Lt', {...})`) are CloudFormation resources written in
 * camelCase: `Cfn<Name>` of module `aws-<svc>` is `AWS::<SVC>::<Name>`, and each property is its
 * CloudFormation name with the first letter lowered, at every level of the props (CDK's generated
 * `cfnProperties` do exactly this). Policy documents inside are JSON and keep their keys.
 */
export class L1Lowering {
  constructor(
    private readonly scope: Scope,
    private readonly v: Values,
    private readonly graph: ResourceGraph,
    private readonly iam: CdkIam,
  ) {}

  /** Pass 1: the resource of every L1 construct, so references between constructs resolve. */
  register(): void {
    for (const n of this.scope.news) {
      const t = this.typeOf(n);
      if (!t) continue;
      const a1 = n.arguments[1];
      const id = a1?.type === 'Literal' && typeof a1.value === 'string' ? a1.value : t.name.slice(3);
      this.graph.add(id, t.type, rangeOf(n), a1 ? rangeOf(a1) : rangeOf(n.callee), n);
    }
  }

  private typeOf(n: New): { type: string; name: string } | undefined {
    const r = this.scope.ref(n.callee);
    const ns = r && NAMESPACE[r.module];
    if (!ns || !r.name?.startsWith('Cfn') || r.name.includes('.')) return undefined;
    return { type: `AWS::${ns}::${r.name.slice(3)}`, name: r.name };
  }

  /** Pass 2: the properties. */
  lower(): void {
    for (const n of this.scope.news) {
      const r = this.graph.of(n);
      if (!r || !this.typeOf(n)) continue;
      const a2 = n.arguments[2];
      if (!a2) continue;
      if (a2.type === 'SpreadElement') {
        this.graph.set(r, 'Fn::Unknown', rangeOf(a2), this.v.unknown(rangeOf(a2)));
        continue;
      }
      const props = this.v.resolve(a2);
      if (props.type !== 'ObjectExpression') {
        // Properties computed elsewhere: every property is Unknown.
        const node = r.node.entries.find((e) => e.key.value === 'Properties');
        if (node) r.node.entries.splice(r.node.entries.indexOf(node), 1, entryOf('Properties', rangeOf(a2), this.v.unknown(rangeOf(a2))));
        continue;
      }
      for (const e of this.entries(props, 0)) this.graph.set(r, String(e.key.value), e.key.range, e.value);
    }
  }

  private entries(o: TSESTree.ObjectExpression, depth: number): SEntry[] {
    const out: SEntry[] = [];
    for (const p of o.properties) {
      if (p.type === 'SpreadElement') {
        const t = this.v.resolve(p.argument);
        if (t.type === 'ObjectExpression' && depth < MAX_DEPTH) out.push(...this.entries(t, depth + 1));
        else out.push(entryOf('Fn::Unknown', rangeOf(p), this.v.unknown(rangeOf(p))));
        continue;
      }
      const k = staticKey(p);
      if (k === undefined) {
        out.push(entryOf('Fn::Unknown', rangeOf(p.key), this.v.unknown(rangeOf(p))));
        continue;
      }
      const value = DOCUMENT_PROPS.has(k) ? (this.iam.documentNode(p.value) ?? this.v.node(p.value)) : this.value(p.value, depth + 1);
      out.push(entryOf(capitalize(k), rangeOf(p.key), value));
    }
    return out;
  }

  /** A property value: structs get CloudFormation's key names; references to constructs of the file become `Ref`/`GetAtt`. */
  value(e: Node, depth = 0): SNode {
    if (depth > MAX_DEPTH) return this.v.unknown(rangeOf(e));
    const ref = this.iam.referenceTo(e);
    if (ref) return ref;
    const n = this.v.resolve(e);
    if (n.type === 'ObjectExpression') return mapOf(rangeOf(e), this.entries(n, depth + 1));
    if (n.type === 'ArrayExpression') {
      const items: SNode[] = [];
      for (const el of n.elements) {
        if (!el) continue;
        if (el.type === 'SpreadElement') items.push(this.v.unknown(rangeOf(el)));
        else items.push(this.value(el, depth + 1));
      }
      return { kind: 'seq', range: rangeOf(e), items };
    }
    if (n.type === 'CallExpression') {
      const callee = unwrap(n.callee);
      const name = this.scope.ref(callee)?.name;
      const fn = name?.startsWith('Fn.') ? FN[name.slice(3)] : undefined;
      if (fn) {
        const args = n.arguments.map((a) => (a.type === 'SpreadElement' ? this.v.unknown(rangeOf(a)) : this.value(a, depth + 1)));
        const arg: SNode = args.length === 1 && fn !== 'Fn::Join' && fn !== 'Fn::GetAtt' ? (args[0] as SNode) : { kind: 'seq', range: rangeOf(e), items: args };
        return mapOf(rangeOf(e), [entryOf(fn, rangeOf(callee), arg)]);
      }
      if (callee.type === 'MemberExpression' && propName(callee) === 'render') {
        // `userData.render()` of an `ec2.UserData` written in this file.
        const ud = this.userData?.(callee.object);
        if (ud) return ud;
      }
    }
    return this.v.node(e);
  }

  /** Set by the EC2 lowering: the script an `ec2.UserData` object renders. */
  userData: ((e: Node) => SNode | undefined) | undefined;
}
