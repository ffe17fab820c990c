import type { TSESTree } from '@typescript-eslint/types';
import { UNKNOWN_KEY } from '../../model/code.js';
import type { SEntry, SNode, SScalar } from '../../model/node.js';
import type { Range } from '../../model/source.js';
import { mergeParts, UNKNOWN, type Part, type Sym } from '../../model/value.js';
import { propName, staticKey, unwrap, type Node, type Scope } from './scope.js';

const ACCOUNT: Sym = { sym: 'account' };
const PARTITION: Sym = { sym: 'partition' };
const REGION: Sym = { sym: 'region' };

/** `Stack.of(this).account`, `this.account` (in a stack), `Aws.ACCOUNT_ID`: what they stand for. */
const STACK_PROPS: Record<string, Sym> = {
  account: ACCOUNT,
  partition: PARTITION,
  region: REGION,
  urlSuffix: { sym: 'urlSuffix' },
  stackName: { sym: 'stackName' },
};
const AWS_PSEUDO: Record<string, Sym> = { ACCOUNT_ID: ACCOUNT, PARTITION, REGION, URL_SUFFIX: { sym: 'urlSuffix' }, STACK_NAME: { sym: 'stackName' } };

/**
 * CDK attributes that are the ARN of a specific resource, by the resource type they belong to. A
 * role's ARN is a specific role; any other `...Arn` attribute is a resource that is not a role.
 */
const ARN_ATTRIBUTES: Record<string, string> = {
  roleArn: 'AWS::IAM::Role',
  userArn: 'AWS::IAM::User',
  groupArn: 'AWS::IAM::Group',
  managedPolicyArn: 'AWS::IAM::ManagedPolicy',
  instanceProfileArn: 'AWS::IAM::InstanceProfile',
  openIdConnectProviderArn: 'AWS::IAM::OIDCProvider',
  samlProviderArn: 'AWS::IAM::SAMLProvider',
  bucketArn: 'AWS::S3::Bucket',
  functionArn: 'AWS::Lambda::Function',
  tableArn: 'AWS::DynamoDB::Table',
  topicArn: 'AWS::SNS::Topic',
  queueArn: 'AWS::SQS::Queue',
  keyArn: 'AWS::KMS::Key',
  secretArn: 'AWS::SecretsManager::Secret',
  stateMachineArn: 'AWS::StepFunctions::StateMachine',
  streamArn: 'AWS::Kinesis::Stream',
  logGroupArn: 'AWS::Logs::LogGroup',
  repositoryArn: 'AWS::ECR::Repository',
  clusterArn: 'AWS::ECS::Cluster',
  parameterArn: 'AWS::SSM::Parameter',
};

/** Past this depth of bindings and nesting a value is Unknown (cycles, generated code). */
const MAX_DEPTH = 24;

function rangeOf(n: Node): Range {
  return { start: n.range[0], end: n.range[1] };
}

/**
 * Turns expressions into the source tree the policy model reads. Literals, arrays and object literals
 * become scalars, sequences and maps with the range of the literal; names bound once are followed to
 * their value, and then every node takes the range of the name where it is used (a constant shared by
 * two statements is reported in each statement, not twice at the constant).
 */
export class Values {
  /** Parts of scalars whose value code computes; read by CodeEvaluator. */
  readonly symbolic = new WeakMap<SNode, readonly Part[]>();

  constructor(
    readonly scope: Scope,
    private readonly hooks: { readonly memberParts?: (m: TSESTree.MemberExpression, depth: number) => Part[] | undefined } = {},
  ) {}

  scalar(range: Range, value: string | number | boolean | null, text?: string): SScalar {
    return text === undefined ? { kind: 'scalar', range, value } : { kind: 'scalar', range, value, text };
  }

  /** A scalar for a computed value: a plain string scalar when every part is known. */
  symbolicScalar(range: Range, parts: readonly Part[]): SScalar {
    const merged = mergeParts(parts);
    if (merged.length === 1 && typeof merged[0] === 'string') return this.scalar(range, merged[0]);
    const s: SScalar = { kind: 'scalar', range, value: null };
    this.symbolic.set(s, merged);
    return s;
  }

  unknown(range: Range): SScalar {
    return this.symbolicScalar(range, [UNKNOWN]);
  }

  /** Follows a name (or `this.x`) bound once to its value; undefined otherwise. */
  follow(e: Node): Node | undefined {
    const key = this.scope.key(e);
    return key === undefined ? undefined : this.scope.init(key);
  }

  /** The expression a value comes from, through bindings (`const x = [...]; f(x)` → the array). */
  resolve(e: Node, depth = 0): Node {
    let n = unwrap(e);
    for (let d = depth; d < MAX_DEPTH; d++) {
      const next = this.follow(n);
      if (!next) return n;
      n = unwrap(next);
    }
    return n;
  }

  /** An expression as a tree; `at` overrides every range (the use site of a followed name). */
  node(e: Node, at?: Range, depth = 0): SNode {
    const n = unwrap(e);
    const range = at ?? rangeOf(n);
    if (depth > MAX_DEPTH) return this.unknown(range);
    switch (n.type) {
      case 'Literal':
        if (typeof n.value === 'string' || typeof n.value === 'boolean' || n.value === null) return this.scalar(range, n.value);
        if (typeof n.value === 'number') return this.scalar(range, n.value, n.raw);
        return this.unknown(range);
      case 'ArrayExpression': {
        const items: SNode[] = [];
        for (const el of n.elements) {
          if (!el) continue;
          if (el.type === 'SpreadElement') {
            const target = this.resolve(el.argument, depth + 1);
            if (target.type === 'ArrayExpression') {
              const inner = this.node(target, at ?? rangeOf(el), depth + 1);
              if (inner.kind === 'seq') items.push(...inner.items);
              continue;
            }
            items.push(this.unknown(at ?? rangeOf(el)));
            continue;
          }
          items.push(this.node(el, at, depth + 1));
        }
        return { kind: 'seq', range, items };
      }
      case 'ObjectExpression':
        return { kind: 'map', range, entries: this.entries(n, at, depth) };
      case 'Identifier':
      case 'MemberExpression': {
        const next = this.follow(n);
        if (next) return this.node(next, range, depth + 1);
        if (n.type === 'MemberExpression') {
          // A member of a literal object or array bound to a name: `config.roleArn`, `ARNS[0]`.
          const obj = this.resolve(n.object, depth + 1);
          const p = propName(n) ?? (n.computed && n.property.type === 'Literal' && typeof n.property.value === 'number' ? String(n.property.value) : undefined);
          if (p !== undefined && obj.type === 'ObjectExpression') {
            const prop = findProperty(obj, p);
            if (prop) return this.node(prop, range, depth + 1);
          }
          if (p !== undefined && obj.type === 'ArrayExpression' && /^\d+$/.test(p)) {
            const el = obj.elements[Number(p)];
            if (el && el.type !== 'SpreadElement') return this.node(el, range, depth + 1);
          }
        }
        return this.symbolicScalar(range, this.parts(n, depth));
      }
      default:
        return this.symbolicScalar(range, this.parts(n, depth));
    }
  }

  private entries(o: TSESTree.ObjectExpression, at: Range | undefined, depth: number): SEntry[] {
    const out: SEntry[] = [];
    for (const p of o.properties) {
      if (p.type === 'SpreadElement') {
        const target = this.resolve(p.argument, depth + 1);
        if (target.type === 'ObjectExpression') out.push(...this.entries(target, at ?? rangeOf(p), depth + 1));
        else out.push({ key: this.scalar(at ?? rangeOf(p), UNKNOWN_KEY), value: this.unknown(at ?? rangeOf(p)) });
        continue;
      }
      if (p.kind !== 'init' || p.method) continue;
      const keyRange = at ?? rangeOf(p.key);
      let key = staticKey(p);
      if (key === undefined) {
        const kp = mergeParts(this.parts(p.key, depth + 1));
        key = kp.length === 1 && typeof kp[0] === 'string' ? kp[0] : UNKNOWN_KEY;
      }
      out.push({ key: this.scalar(keyRange, key), value: this.node(p.value, at, depth + 1) });
    }
    return out;
  }

  /** A string value as literal text and symbols; Unknown where code computes what we cannot know. */
  parts(e: Node, depth = 0): Part[] {
    const n = unwrap(e);
    if (depth > MAX_DEPTH) return [UNKNOWN];
    switch (n.type) {
      case 'Literal':
        if (typeof n.value === 'string') return [n.value];
        if (typeof n.value === 'number') return [n.raw];
        if (typeof n.value === 'boolean') return [String(n.value)];
        return [UNKNOWN];
      case 'TemplateLiteral': {
        const out: Part[] = [];
        n.quasis.forEach((q, i) => {
          out.push(q.value.cooked ?? q.value.raw);
          const ex = n.expressions[i];
          if (ex) out.push(...this.parts(ex, depth + 1));
        });
        return mergeParts(out);
      }
      case 'BinaryExpression':
        if (n.operator === '+') return mergeParts([...this.parts(n.left, depth + 1), ...this.parts(n.right, depth + 1)]);
        return [UNKNOWN];
      case 'Identifier': {
        const next = this.follow(n);
        return next ? this.parts(next, depth + 1) : [UNKNOWN];
      }
      case 'MemberExpression':
        return this.memberParts(n, depth);
      default:
        return [UNKNOWN];
    }
  }

  private memberParts(m: TSESTree.MemberExpression, depth: number): Part[] {
    const next = this.follow(m);
    if (next) return this.parts(next, depth + 1);
    const p = propName(m);
    if (p === undefined) return [UNKNOWN];
    const hooked = this.hooks.memberParts?.(m, depth);
    if (hooked) return hooked;
    const obj = unwrap(m.object);
    // `Aws.ACCOUNT_ID`, `cdk.Aws.PARTITION`
    const ref = this.scope.ref(m);
    if (ref?.module === 'core' && ref.name?.startsWith('Aws.')) return [AWS_PSEUDO[ref.name.slice(4)] ?? UNKNOWN];
    // `Stack.of(this).account`, `this.account` in a stack
    const stackProp = STACK_PROPS[p];
    if (stackProp) {
      if (obj.type === 'ThisExpression' && this.scope.stackThis.has(obj)) return [stackProp];
      if (obj.type === 'CallExpression' && this.scope.ref(obj.callee)?.name === 'Stack.of') return [stackProp];
      const bound = this.resolve(obj, depth + 1);
      if (bound.type === 'CallExpression' && this.scope.ref(bound.callee)?.name === 'Stack.of') return [stackProp];
    }
    // A member of a literal object bound to a name.
    const target = this.resolve(obj, depth + 1);
    if (target.type === 'ObjectExpression') {
      const prop = findProperty(target, p);
      return prop ? this.parts(prop, depth + 1) : [UNKNOWN];
    }
    const type = ARN_ATTRIBUTES[p];
    if (type !== undefined || /Arn$/.test(p)) {
      // A specific resource: its ARN is not a pattern (`role.roleArn`, `props.table.tableArn`).
      return [{ sym: 'resource', resource: this.text(obj), type: type ?? `(${p})`, attr: 'Arn' }];
    }
    return [UNKNOWN];
  }

  /** A short, stable name for an expression in messages: `this.role`, `props.role`, `role`. */
  text(e: Node): string {
    const n = unwrap(e);
    if (n.type === 'Identifier') return n.name;
    if (n.type === 'ThisExpression') return 'this';
    if (n.type === 'MemberExpression') {
      const p = propName(n);
      return p === undefined ? `${this.text(n.object)}[…]` : `${this.text(n.object)}.${p}`;
    }
    if (n.type === 'CallExpression') return `${this.text(n.callee)}(…)`;
    if (n.type === 'NewExpression') return `new ${this.text(n.callee)}(…)`;
    return '…';
  }
}

/** The value of a property of an object literal (the last one wins, as in JavaScript). */
export function findProperty(o: TSESTree.ObjectExpression, key: string): Node | undefined {
  let found: Node | undefined;
  for (const p of o.properties) {
    if (p.type === 'Property' && p.kind === 'init' && staticKey(p) === key) found = p.value;
    else if (p.type === 'SpreadElement') found = undefined;
  }
  return found;
}

/** The property node itself (for edits that remove it). */
export function findPropertyNode(o: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const p of o.properties) if (p.type === 'Property' && p.kind === 'init' && staticKey(p) === key) found = p;
  return found;
}
