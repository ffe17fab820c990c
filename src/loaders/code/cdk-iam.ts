import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { UNKNOWN_KEY } from '../../model/code.js';
import type { Evaluator } from '../../model/intrinsics.js';
import { isMap, type SEntry, type SMap, type SNode, type SScalar } from '../../model/node.js';
import { buildPolicy, type PolicyDocument, type PolicyKind } from '../../model/policy.js';
import type { Range } from '../../model/source.js';
import type { Part } from '../../model/value.js';
import { documentKind } from '../policy-file.js';
import { bindingKey, propName, unwrap, type Node, type Scope } from './scope.js';
import { findProperty, type Values } from './values.js';

type New = TSESTree.NewExpression;
type Call = TSESTree.CallExpression;

const ASSUME = 'sts:AssumeRole';
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
const SAML = 'sts:AssumeRoleWithSAML';

/** Methods that add statements to the policy of the object they are called on (a role, user, group, function...). */
const IDENTITY_SINKS = new Set(['addToPolicy', 'addToPrincipalPolicy', 'addToRolePolicy']);
/** `PolicyStatement` methods that change it; with READ_ONLY, the only uses that keep a statement in view. */
const STATEMENT_MUTATORS = new Set([
  'addActions',
  'addNotActions',
  'addResources',
  'addNotResources',
  'addAllResources',
  'addPrincipals',
  'addNotPrincipals',
  'addAnyPrincipal',
  'addArnPrincipal',
  'addAwsAccountPrincipal',
  'addAccountRootPrincipal',
  'addServicePrincipal',
  'addFederatedPrincipal',
  'addCanonicalUserPrincipal',
  'addCondition',
  'addConditions',
  'addAccountCondition',
  'addSourceAccountCondition',
  'addSourceArnCondition',
]);
const READ_ONLY = new Set([
  'toStatementJson',
  'toJSON',
  'toString',
  'copy',
  'validateForAnyPolicy',
  'validateForIdentityPolicy',
  'validateForResourcePolicy',
  'freeze',
]);

/** One principal as CDK renders it in a statement: `Principal` entries, the conditions it brings, and the assume action. */
interface Principal {
  readonly entries: readonly { readonly type: string; readonly node: SNode }[];
  readonly conditions: readonly SNode[];
  readonly action: string;
  readonly at: Range;
}

interface Pending {
  readonly kind: PolicyKind | 'auto';
  readonly statements: SNode[];
  /** A JSON document (L1 constructs, `fromJson`) used as is. */
  readonly json?: SNode;
  readonly range: Range;
  readonly resource: string | undefined;
  readonly path: string;
  readonly label: string;
}

function rangeOf(n: Node): Range {
  return { start: n.range[0], end: n.range[1] };
}

/**
 * CDK's IAM constructs (`aws-cdk-lib/aws-iam`, imported under any name) as IAM policy documents:
 * statements, principals and documents are rendered the way CDK synthesizes them, into the same
 * `PolicyDocument` the JSON and CloudFormation loaders build, with ranges on the TypeScript source.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam-readme.html
 */
export class CdkIam {
  private readonly consumed = new Set<Node>();
  private readonly statementCache = new Map<Node, SMap>();
  private readonly callsOn = new Map<string, Call[]>();
  private readonly groups = new Map<string, Pending>();
  private readonly pending: Pending[] = [];

  constructor(
    private readonly scope: Scope,
    private readonly v: Values,
  ) {
    for (const c of scope.calls) {
      const callee = unwrap(c.callee);
      if (callee.type !== 'MemberExpression') continue;
      const key = bindingKey(callee.object) ?? keyOfAssumeRolePolicy(callee.object);
      if (key === undefined) continue;
      const list = this.callsOn.get(key);
      if (list) list.push(c);
      else this.callsOn.set(key, [c]);
    }
  }

  /** `iam.X` → 'X' when the expression names a member of aws-iam. */
  private iamName(e: Node): string | undefined {
    const r = this.scope.ref(e);
    return r?.module === 'iam' ? r.name : undefined;
  }

  private scalar(range: Range, value: string): SScalar {
    return this.v.scalar(range, value);
  }

  private entry(key: string, keyRange: Range, value: SNode): SEntry {
    return { key: this.scalar(keyRange, key), value };
  }

  private seq(range: Range, items: SNode[]): SNode {
    return { kind: 'seq', range, items };
  }

  /** The items of a list value: an array literal's elements, or the value itself (Unknown if code computes it). */
  private items(e: Node): SNode[] {
    const n = this.v.node(e);
    return n.kind === 'seq' ? n.items : [n];
  }

  /** Call arguments as list items, spreads of known arrays included. */
  private argItems(args: readonly TSESTree.CallExpressionArgument[]): SNode[] {
    const out: SNode[] = [];
    for (const a of args) {
      if (a.type === 'SpreadElement') out.push(...this.items(a.argument));
      else out.push(this.v.node(a));
    }
    return out;
  }

  private propsOf(n: New | Call, index: number): TSESTree.ObjectExpression | 'unknown' | undefined {
    const a = n.arguments[index];
    if (!a) return undefined;
    if (a.type === 'SpreadElement') return 'unknown';
    const r = this.v.resolve(a);
    return r.type === 'ObjectExpression' ? r : 'unknown';
  }

  private bindingOf(n: Node): string | undefined {
    const p = this.scope.parents.get(n);
    if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier' && p.init === n) return p.id.name;
    if (p?.type === 'AssignmentExpression' && p.right === n) return bindingKey(p.left);
    if (p?.type === 'PropertyDefinition' && p.value === n && !p.computed && p.key.type === 'Identifier') return `this.${p.key.name}`;
    if (p && (p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression' || p.type === 'TSSatisfiesExpression')) return this.bindingOf(p);
    return undefined;
  }

  private constructId(n: New): string | undefined {
    const a = n.arguments[1];
    if (a?.type === 'Literal' && typeof a.value === 'string') return a.value;
    return this.bindingOf(n);
  }

  private methodCalls(key: string | undefined): { name: string; call: Call; callee: TSESTree.MemberExpression }[] {
    if (key === undefined) return [];
    const out: { name: string; call: Call; callee: TSESTree.MemberExpression }[] = [];
    for (const call of this.callsOn.get(key) ?? []) {
      const callee = unwrap(call.callee) as TSESTree.MemberExpression;
      const name = propName(callee);
      if (name !== undefined) out.push({ name, call, callee });
    }
    return out;
  }

  // ---------------------------------------------------------------- principals

  private principals(e: Node, depth = 0): Principal[] {
    const at = rangeOf(unwrap(e));
    const unknownPrincipal: Principal[] = [{ entries: [{ type: 'AWS', node: this.v.unknown(at) }], conditions: [], action: ASSUME, at }];
    if (depth > 8) return unknownPrincipal;
    const n = this.v.resolve(e);
    const one = (type: string, node: SNode, conditions: SNode[] = [], action = ASSUME): Principal[] => [{ entries: [{ type, node }], conditions, action, at }];
    const cond = (a: Node | undefined): SNode[] => (a && a.type !== 'SpreadElement' ? [this.v.node(a)] : []);
    if (n.type === 'NewExpression') {
      const name = this.iamName(n.callee);
      const [a0, a1, a2] = n.arguments;
      const arg = (a: Node | undefined) => (a && a.type !== 'SpreadElement' ? a : undefined);
      switch (name) {
        case 'AnyPrincipal':
        case 'StarPrincipal':
          return one('AWS', this.scalar(at, '*'));
        case 'ArnPrincipal':
          return arg(a0) ? one('AWS', this.v.node(a0 as Node)) : unknownPrincipal;
        case 'AccountPrincipal':
          return arg(a0)
            ? one('AWS', this.v.symbolicScalar(at, ['arn:', { sym: 'partition' }, ':iam::', ...this.v.parts(a0 as Node), ':root']))
            : unknownPrincipal;
        case 'AccountRootPrincipal':
          return one('AWS', this.v.symbolicScalar(at, ['arn:', { sym: 'partition' }, ':iam::', { sym: 'account' }, ':root']));
        case 'ServicePrincipal': {
          const opts = arg(a1) ? this.v.resolve(a1 as Node) : undefined;
          const c = opts?.type === 'ObjectExpression' ? findProperty(opts, 'conditions') : undefined;
          return arg(a0) ? one('Service', this.v.node(a0 as Node), cond(c)) : unknownPrincipal;
        }
        case 'FederatedPrincipal': {
          const action = a2 && a2.type !== 'SpreadElement' ? this.v.parts(a2) : [ASSUME];
          const act = action.length === 1 && typeof action[0] === 'string' ? action[0] : ASSUME;
          return arg(a0) ? one('Federated', this.v.node(a0 as Node), cond(a1), act) : unknownPrincipal;
        }
        case 'WebIdentityPrincipal':
          return arg(a0) ? one('Federated', this.v.node(a0 as Node), cond(a1), WEB_IDENTITY) : unknownPrincipal;
        case 'OpenIdConnectPrincipal':
          return arg(a0)
            ? one('Federated', this.v.symbolicScalar(rangeOf(a0 as Node), this.providerArn(a0 as Node)), cond(a1), WEB_IDENTITY)
            : unknownPrincipal;
        case 'SamlPrincipal':
        case 'SamlConsolePrincipal':
          return arg(a0) ? one('Federated', this.v.symbolicScalar(rangeOf(a0 as Node), this.samlArn(a0 as Node)), cond(a1), SAML) : unknownPrincipal;
        case 'OrganizationPrincipal': {
          if (!arg(a0)) return unknownPrincipal;
          const orgCond: SNode = {
            kind: 'map',
            range: at,
            entries: [this.entry('StringEquals', at, { kind: 'map', range: at, entries: [this.entry('aws:PrincipalOrgID', at, this.v.node(a0 as Node))] })],
          };
          return one('AWS', this.scalar(at, '*'), [orgCond]);
        }
        case 'CanonicalUserPrincipal':
          return arg(a0) ? one('CanonicalUser', this.v.node(a0 as Node)) : unknownPrincipal;
        case 'CompositePrincipal':
          return n.arguments.flatMap((a) => (a.type === 'SpreadElement' ? unknownPrincipal : this.principals(a, depth + 1)));
        case 'PrincipalWithConditions':
          return arg(a0) ? this.principals(a0 as Node, depth + 1).map((p) => ({ ...p, conditions: [...p.conditions, ...cond(a1)] })) : unknownPrincipal;
        case 'SessionTagsPrincipal':
          return arg(a0) ? this.principals(a0 as Node, depth + 1) : unknownPrincipal;
        default:
          return unknownPrincipal;
      }
    }
    if (n.type === 'CallExpression') {
      const callee = unwrap(n.callee);
      if (callee.type === 'MemberExpression') {
        const m = propName(callee);
        const a0 = n.arguments[0];
        if (m === 'withConditions') return this.principals(callee.object, depth + 1).map((p) => ({ ...p, conditions: [...p.conditions, ...cond(a0)] }));
        if (m === 'withSessionTags') return this.principals(callee.object, depth + 1);
      }
    }
    return unknownPrincipal;
  }

  /** An OIDC provider's ARN: spelled out when the provider's URL or ARN is written in this file. */
  providerArn(e: Node): Part[] {
    const n = this.v.resolve(e);
    if (n.type === 'NewExpression') {
      const name = this.iamName(n.callee);
      if (name === 'OpenIdConnectProvider' || name === 'OidcProviderNative') {
        const props = this.propsOf(n, 2);
        const url = props && props !== 'unknown' ? findProperty(props, 'url') : undefined;
        const parts = url ? this.v.parts(url) : undefined;
        const s = parts && parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html: the ARN ends with the issuer host and path.
        if (s && /^https:\/\/[^\s/]/.test(s))
          return ['arn:', { sym: 'partition' }, ':iam::', { sym: 'account' }, `:oidc-provider/${s.slice(8).replace(/\/+$/, '')}`];
      }
      return [{ sym: 'resource', resource: this.v.text(e), type: 'AWS::IAM::OIDCProvider', attr: 'Arn' }];
    }
    if (n.type === 'CallExpression') {
      const name = this.iamName(n.callee);
      if (name === 'OpenIdConnectProvider.fromOpenIdConnectProviderArn' || name === 'OidcProviderNative.fromOidcProviderArn') {
        const arn = n.arguments[2];
        if (arn && arn.type !== 'SpreadElement') return this.v.parts(arn);
      }
    }
    return [{ sym: 'unknown' }];
  }

  private samlArn(e: Node): Part[] {
    const n = this.v.resolve(e);
    if (n.type === 'CallExpression' && this.iamName(n.callee) === 'SamlProvider.fromSamlProviderArn') {
      const arn = n.arguments[2];
      if (arn && arn.type !== 'SpreadElement') return this.v.parts(arn);
    }
    return [{ sym: 'resource', resource: this.v.text(e), type: 'AWS::IAM::SAMLProvider', attr: 'Arn' }];
  }

  /** `provider.openIdConnectProviderArn` / `.openIdConnectProviderIssuer` of a provider written in this file. */
  memberParts(m: TSESTree.MemberExpression): Part[] | undefined {
    const p = propName(m);
    if (p === 'openIdConnectProviderArn' || p === 'oidcProviderArn') {
      const parts = this.providerArn(m.object);
      return parts.length === 1 && typeof parts[0] !== 'string' && parts[0]?.sym === 'unknown' ? undefined : parts;
    }
    if (p === 'openIdConnectProviderIssuer' || p === 'oidcProviderIssuer') {
      const arn = this.providerArn(m.object);
      const last = arn[arn.length - 1];
      if (typeof last === 'string') {
        const i = last.indexOf(':oidc-provider/');
        if (i >= 0) return [last.slice(i + ':oidc-provider/'.length)];
      }
      return [{ sym: 'unknown' }];
    }
    return undefined;
  }

  /** A `Principal` map from principals: entries grouped by type, in order. */
  private principalMap(ps: readonly Principal[], range: Range): SMap {
    const byType = new Map<string, { keyRange: Range; items: SNode[] }>();
    for (const p of ps)
      for (const e of p.entries) {
        const g = byType.get(e.type);
        if (g) g.items.push(e.node);
        else byType.set(e.type, { keyRange: p.at, items: [e.node] });
      }
    return { kind: 'map', range, entries: [...byType].map(([type, g]) => this.entry(type, g.keyRange, this.seq(range, g.items))) };
  }

  /** Conditions from several places (the statement, its principals, `externalIds`) merged into one block. */
  private conditionMap(sources: readonly SNode[], range: Range): SMap | undefined {
    if (sources.length === 0) return undefined;
    const entries: SEntry[] = [];
    for (const s of sources) {
      if (isMap(s)) entries.push(...s.entries);
      else entries.push(this.entry(UNKNOWN_KEY, s.range, s));
    }
    return { kind: 'map', range, entries };
  }

  // ---------------------------------------------------------------- statements

  private effectNode(e: Node): SNode {
    const name = this.iamName(e);
    if (name === 'Effect.ALLOW') return this.scalar(rangeOf(e), 'Allow');
    if (name === 'Effect.DENY') return this.scalar(rangeOf(e), 'Deny');
    return this.v.node(e);
  }

  /** `new PolicyStatement({...})` with every later `addActions`/`addCondition`/... on the name it is bound to. */
  private statement(n: New): SMap {
    const cached = this.statementCache.get(n);
    if (cached) return cached;
    const range = rangeOf(n);
    const props = this.propsOf(n, 0);
    const lists: Record<'Action' | 'NotAction' | 'Resource' | 'NotResource', { keyRange: Range; items: SNode[] } | undefined> = {
      Action: undefined,
      NotAction: undefined,
      Resource: undefined,
      NotResource: undefined,
    };
    const add = (k: keyof typeof lists, keyRange: Range, items: SNode[]) => {
      const l = lists[k];
      if (l) l.items.push(...items);
      else lists[k] = { keyRange, items: [...items] };
    };
    let effect: SNode = this.scalar(rangeOf(n.callee), 'Allow');
    let effectKey = rangeOf(n.callee);
    let sid: SEntry | undefined;
    const principals: Principal[] = [];
    const notPrincipals: Principal[] = [];
    let principalKey: Range | undefined;
    let notPrincipalKey: Range | undefined;
    const conditions: SNode[] = [];
    let conditionKey: Range | undefined;
    if (props === 'unknown') {
      // Properties computed elsewhere: nothing can be said about this statement.
      effect = this.v.unknown(range);
    } else if (props) {
      for (const p of props.properties) {
        if (p.type !== 'Property') {
          effect = this.v.unknown(range);
          continue;
        }
        const key = p.key.type === 'Identifier' && !p.computed ? p.key.name : undefined;
        const kr = rangeOf(p.key);
        switch (key) {
          case 'effect':
            effect = this.effectNode(p.value);
            effectKey = kr;
            break;
          case 'actions':
            add('Action', kr, this.items(p.value));
            break;
          case 'notActions':
            add('NotAction', kr, this.items(p.value));
            break;
          case 'resources':
            add('Resource', kr, this.items(p.value));
            break;
          case 'notResources':
            add('NotResource', kr, this.items(p.value));
            break;
          case 'principals':
            principalKey = kr;
            principals.push(...this.principalList(p.value));
            break;
          case 'notPrincipals':
            notPrincipalKey = kr;
            notPrincipals.push(...this.principalList(p.value));
            break;
          case 'conditions':
            conditionKey = kr;
            conditions.push(this.v.node(p.value));
            break;
          case 'sid':
            sid = this.entry('Sid', kr, this.v.node(p.value));
            break;
          default:
            break;
        }
      }
    }
    const binding = this.bindingOf(n);
    for (const { name, call, callee } of this.methodCalls(binding)) {
      const kr = rangeOf(callee.property);
      const args = call.arguments;
      const a0 = args[0] && args[0].type !== 'SpreadElement' ? args[0] : undefined;
      const a1 = args[1] && args[1].type !== 'SpreadElement' ? args[1] : undefined;
      const cr = rangeOf(call);
      switch (name) {
        case 'addActions':
          add('Action', kr, this.argItems(args));
          break;
        case 'addNotActions':
          add('NotAction', kr, this.argItems(args));
          break;
        case 'addResources':
          add('Resource', kr, this.argItems(args));
          break;
        case 'addNotResources':
          add('NotResource', kr, this.argItems(args));
          break;
        case 'addAllResources':
          add('Resource', kr, [this.scalar(cr, '*')]);
          break;
        case 'addPrincipals':
          principalKey ??= kr;
          for (const a of args) principals.push(...(a.type === 'SpreadElement' ? this.principalList(a.argument) : this.principals(a)));
          break;
        case 'addNotPrincipals':
          notPrincipalKey ??= kr;
          for (const a of args) notPrincipals.push(...(a.type === 'SpreadElement' ? this.principalList(a.argument) : this.principals(a)));
          break;
        case 'addAnyPrincipal':
          principalKey ??= kr;
          principals.push({ entries: [{ type: 'AWS', node: this.scalar(cr, '*') }], conditions: [], action: ASSUME, at: cr });
          break;
        case 'addArnPrincipal':
          principalKey ??= kr;
          if (a0) principals.push({ entries: [{ type: 'AWS', node: this.v.node(a0) }], conditions: [], action: ASSUME, at: cr });
          break;
        case 'addAwsAccountPrincipal':
          principalKey ??= kr;
          if (a0)
            principals.push({
              entries: [{ type: 'AWS', node: this.v.symbolicScalar(cr, ['arn:', { sym: 'partition' }, ':iam::', ...this.v.parts(a0), ':root']) }],
              conditions: [],
              action: ASSUME,
              at: cr,
            });
          break;
        case 'addAccountRootPrincipal':
          principalKey ??= kr;
          principals.push({
            entries: [{ type: 'AWS', node: this.v.symbolicScalar(cr, ['arn:', { sym: 'partition' }, ':iam::', { sym: 'account' }, ':root']) }],
            conditions: [],
            action: ASSUME,
            at: cr,
          });
          break;
        case 'addServicePrincipal':
          principalKey ??= kr;
          if (a0) principals.push({ entries: [{ type: 'Service', node: this.v.node(a0) }], conditions: [], action: ASSUME, at: cr });
          break;
        case 'addFederatedPrincipal':
          principalKey ??= kr;
          if (a0) principals.push({ entries: [{ type: 'Federated', node: this.v.node(a0) }], conditions: a1 ? [this.v.node(a1)] : [], action: ASSUME, at: cr });
          break;
        case 'addCanonicalUserPrincipal':
          principalKey ??= kr;
          if (a0) principals.push({ entries: [{ type: 'CanonicalUser', node: this.v.node(a0) }], conditions: [], action: ASSUME, at: cr });
          break;
        case 'addCondition': {
          conditionKey ??= kr;
          if (!a0 || !a1) break;
          const op = this.v.parts(a0);
          const opKey = op.length === 1 && typeof op[0] === 'string' ? op[0] : UNKNOWN_KEY;
          conditions.push({ kind: 'map', range: cr, entries: [this.entry(opKey, rangeOf(a0), this.v.node(a1))] });
          break;
        }
        case 'addConditions':
          conditionKey ??= kr;
          if (a0) conditions.push(this.v.node(a0));
          break;
        case 'addAccountCondition':
        case 'addSourceAccountCondition':
        case 'addSourceArnCondition': {
          // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.PolicyStatement.html#addwbraccountwbrconditionaccountid
          conditionKey ??= kr;
          if (!a0) break;
          const [op, key] =
            name === 'addAccountCondition'
              ? ['StringEquals', 'sts:ExternalId']
              : name === 'addSourceAccountCondition'
                ? ['StringEquals', 'aws:SourceAccount']
                : ['ArnEquals', 'aws:SourceArn'];
          conditions.push({
            kind: 'map',
            range: cr,
            entries: [this.entry(op, kr, { kind: 'map', range: cr, entries: [this.entry(key, kr, this.v.node(a0))] })],
          });
          break;
        }
        default:
          break;
      }
    }
    // A statement handed to code we cannot see may get conditions there: its conditions are Unknown.
    if (binding !== undefined && this.escapes(binding)) conditions.push(this.v.unknown(range));
    const entries: SEntry[] = [this.entry('Effect', effectKey, effect)];
    if (sid) entries.push(sid);
    for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      const l = lists[k];
      if (l) entries.push(this.entry(k, l.keyRange, this.seq(l.keyRange, l.items)));
    }
    if (principals.length) entries.push(this.entry('Principal', principalKey ?? range, this.principalMap(principals, principalKey ?? range)));
    if (notPrincipals.length) entries.push(this.entry('NotPrincipal', notPrincipalKey ?? range, this.principalMap(notPrincipals, notPrincipalKey ?? range)));
    const allConditions = [...conditions, ...principals.flatMap((p) => p.conditions)];
    const cm = this.conditionMap(allConditions, conditionKey ?? range);
    if (cm) entries.push(this.entry('Condition', conditionKey ?? range, cm));
    const node: SMap = { kind: 'map', range, entries };
    this.statementCache.set(n, node);
    return node;
  }

  private principalList(e: Node, depth = 0): Principal[] {
    const n = this.v.resolve(e);
    if (n.type === 'ArrayExpression' && depth < 8)
      return n.elements.flatMap((el) => (!el ? [] : el.type === 'SpreadElement' ? this.principalList(el.argument, depth + 1) : this.principals(el)));
    return this.principals(e);
  }

  /** Whether a name bound to a statement is used anywhere but where iamlint can follow it. */
  private escapes(key: string): boolean {
    for (const ref of this.scope.references.get(key) ?? []) {
      const p = this.scope.parents.get(ref);
      if (!p) continue;
      if (p.type === 'MemberExpression' && p.object === ref) {
        const m = propName(p);
        const gp = this.scope.parents.get(p);
        const called = gp?.type === 'CallExpression' && gp.callee === p;
        if (m !== undefined && (STATEMENT_MUTATORS.has(m) || READ_ONLY.has(m) || !called)) continue;
        return true;
      }
      if (p.type === 'ArrayExpression') continue;
      if (p.type === 'CallExpression' && p.callee !== ref) {
        const callee = unwrap(p.callee);
        const m = callee.type === 'MemberExpression' ? propName(callee) : undefined;
        if (m !== undefined && (IDENTITY_SINKS.has(m) || m === 'addStatements' || m === 'addToResourcePolicy')) continue;
        return true;
      }
      if (p.type === 'VariableDeclarator' || p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression') continue;
      return true;
    }
    return false;
  }

  /** A statement expression: `new PolicyStatement`, `PolicyStatement.fromJson`, a JSON object, through names. */
  private statementNode(e: Node): SNode | undefined {
    const n = this.v.resolve(e);
    if (n.type === 'NewExpression' && this.iamName(n.callee) === 'PolicyStatement') {
      this.consumed.add(n);
      return this.statement(n);
    }
    if (n.type === 'CallExpression' && this.iamName(n.callee) === 'PolicyStatement.fromJson') {
      this.consumed.add(n);
      const a = n.arguments[0];
      return a && a.type !== 'SpreadElement' ? this.v.node(a) : undefined;
    }
    if (n.type === 'ObjectExpression') return this.v.node(n);
    return undefined;
  }

  private statementList(e: Node, depth = 0): SNode[] {
    const n = this.v.resolve(e);
    // A spread of itself (`const a = [...a]`) or generated nesting: past a few levels, nothing more is read.
    if (depth > 8) return [];
    if (n.type === 'ArrayExpression')
      return n.elements.flatMap((el) => (!el ? [] : el.type === 'SpreadElement' ? this.statementList(el.argument, depth + 1) : (this.statementNode(el) ?? [])));
    const one = this.statementNode(e);
    return one ? [one] : [];
  }

  /** Statements added by `addStatements` on a binding (a document, a policy, a role's `assumeRolePolicy`). */
  private addedStatements(key: string | undefined): SNode[] {
    const out: SNode[] = [];
    for (const { name, call } of this.methodCalls(key)) {
      if (name !== 'addStatements') continue;
      for (const a of call.arguments) out.push(...(a.type === 'SpreadElement' ? this.statementList(a.argument) : this.statementList(a)));
    }
    return out;
  }

  /**
   * A document expression: `new PolicyDocument({statements})` (with later `addStatements`),
   * `PolicyDocument.fromJson(json)`, or a JSON object (L1 properties take IAM JSON as is).
   */
  private document(e: Node): { statements: SNode[] } | { json: SNode } | undefined {
    const n = this.v.resolve(e);
    if (n.type === 'NewExpression' && this.iamName(n.callee) === 'PolicyDocument') {
      this.consumed.add(n);
      const props = this.propsOf(n, 0);
      const st = props && props !== 'unknown' ? findProperty(props, 'statements') : undefined;
      return { statements: [...(st ? this.statementList(st) : []), ...this.addedStatements(this.bindingOf(n))] };
    }
    if (n.type === 'CallExpression' && this.iamName(n.callee) === 'PolicyDocument.fromJson') {
      this.consumed.add(n);
      const a = n.arguments[0];
      return a && a.type !== 'SpreadElement' ? { json: this.v.node(a) } : undefined;
    }
    if (n.type === 'ObjectExpression') return { json: this.v.node(n) };
    return undefined;
  }

  private addDocument(
    kind: PolicyKind | 'auto',
    doc: { statements: SNode[] } | { json: SNode } | undefined,
    range: Range,
    resource: string | undefined,
    path: string,
    label: string,
  ): void {
    if (!doc) return;
    this.pending.push({ kind, range, resource, path, label, ...('json' in doc ? { json: doc.json, statements: [] } : { statements: doc.statements }) });
  }

  /** Statements attached to one principal (`role.addToPolicy`, grants): one document per target, as CDK's default policy. */
  private addToGroup(kind: PolicyKind, target: string, statements: SNode[], range: Range, label: string): void {
    // The document CDK writes for them: the principal's DefaultPolicy, a role's trust policy, a resource policy.
    const path = kind === 'identity' ? 'DefaultPolicy' : kind === 'trust' ? 'assumeRolePolicy' : 'resourcePolicy';
    const key = `${kind}\u0000${target}`;
    const g = this.groups.get(key);
    if (g) {
      g.statements.push(...statements);
      return;
    }
    const p: Pending = { kind, statements: [...statements], range, resource: target, path, label };
    this.groups.set(key, p);
    this.pending.push(p);
  }

  // ---------------------------------------------------------------- constructs

  private role(n: New): void {
    const props = this.propsOf(n, 2);
    const id = this.constructId(n);
    const label = `role ${id ?? this.v.text(n.callee)}`;
    const binding = this.bindingOf(n);
    if (props && props !== 'unknown') {
      const assumedBy = findProperty(props, 'assumedBy');
      const trust: SNode[] = [];
      if (assumedBy) {
        const ext = findProperty(props, 'externalIds') ?? findProperty(props, 'externalId');
        const extCond: SNode[] = [];
        if (ext) {
          const r = rangeOf(ext);
          extCond.push({
            kind: 'map',
            range: r,
            entries: [this.entry('StringEquals', r, { kind: 'map', range: r, entries: [this.entry('sts:ExternalId', r, this.v.node(ext))] })],
          });
        }
        // CDK writes one statement per principal of a CompositePrincipal, each with its own assume action.
        for (const p of this.principals(assumedBy)) {
          const cm = this.conditionMap([...p.conditions, ...extCond], p.at);
          const entries: SEntry[] = [
            this.entry('Effect', p.at, this.scalar(p.at, 'Allow')),
            this.entry('Action', p.at, this.scalar(p.at, p.action)),
            this.entry('Principal', p.at, this.principalMap([p], p.at)),
          ];
          if (cm) entries.push(this.entry('Condition', p.at, cm));
          trust.push({ kind: 'map', range: p.at, entries });
        }
      }
      trust.push(...this.addedStatements(binding === undefined ? undefined : `${binding}.assumeRolePolicy`));
      if (trust.length) this.addDocument('trust', { statements: trust }, rangeOf(n), id, 'assumeRolePolicy', `trust policy of ${label}`);
      const inline = findProperty(props, 'inlinePolicies');
      const inl = inline ? this.v.resolve(inline) : undefined;
      if (inl?.type === 'ObjectExpression') {
        for (const p of inl.properties) {
          if (p.type !== 'Property') continue;
          const name = !p.computed && p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : '?';
          this.addDocument('identity', this.document(p.value), rangeOf(p.value), id, `inlinePolicies.${name}`, `inline policy '${name}' of ${label}`);
        }
      }
    }
  }

  private policy(n: New, name: string): void {
    const props = this.propsOf(n, 2);
    const id = this.constructId(n);
    const statements: SNode[] = [];
    if (props && props !== 'unknown') {
      const st = findProperty(props, 'statements');
      if (st) statements.push(...this.statementList(st));
      const d = findProperty(props, 'document');
      const doc = d ? this.document(d) : undefined;
      if (doc && 'statements' in doc) statements.push(...doc.statements);
      else if (doc) this.addDocument('identity', doc, rangeOf(n), id, 'document', `${name} ${id ?? ''}`.trim());
    }
    statements.push(...this.addedStatements(this.bindingOf(n)));
    if (statements.length) this.addDocument('identity', { statements }, rangeOf(n), id, 'statements', `${name} ${id ?? ''}`.trim());
  }

  /** L1 constructs take IAM JSON: `CfnRole`, `CfnPolicy`, `CfnManagedPolicy`, `CfnUser`, `CfnGroup`, `Cfn*Policy`. */
  private cfn(n: New, name: string): void {
    const props = this.propsOf(n, 2);
    if (!props || props === 'unknown') return;
    const id = this.constructId(n);
    const label = `${name} ${id ?? ''}`.trim();
    if (name === 'CfnRole') {
      const trust = findProperty(props, 'assumeRolePolicyDocument');
      if (trust) this.addDocument('trust', this.document(trust), rangeOf(trust), id, 'assumeRolePolicyDocument', `trust policy of ${label}`);
    }
    const pd = findProperty(props, 'policyDocument');
    if (pd) this.addDocument('identity', this.document(pd), rangeOf(pd), id, 'policyDocument', label);
    const policies = findProperty(props, 'policies');
    const list = policies ? this.v.resolve(policies) : undefined;
    if (list?.type === 'ArrayExpression') {
      list.elements.forEach((el, i) => {
        const item = el && el.type !== 'SpreadElement' ? this.v.resolve(el) : undefined;
        if (item?.type !== 'ObjectExpression') return;
        const doc = findProperty(item, 'policyDocument');
        const pn = findProperty(item, 'policyName');
        const pname = pn?.type === 'Literal' ? String(pn.value) : undefined;
        if (doc)
          this.addDocument(
            'identity',
            this.document(doc),
            rangeOf(doc),
            id,
            `policies[${i}].policyDocument`,
            `inline policy${pname ? ` '${pname}'` : ''} of ${label}`,
          );
      });
    }
  }

  /** `x.addToPolicy(st)`, `x.addStatements(st)`, `x.grantPassRole(g)`, `Grant.addToPrincipal({...})`. */
  private call(c: Call): void {
    const callee = unwrap(c.callee);
    const iam = this.iamName(callee);
    if (iam === 'Grant.addToPrincipal' || iam === 'Grant.addToPrincipalOrResource' || iam === 'Grant.addToPrincipalAndResource') {
      const props = this.propsOf(c, 0);
      if (!props || props === 'unknown') return;
      const grantee = findProperty(props, 'grantee');
      const entries: SEntry[] = [this.entry('Effect', rangeOf(callee), this.scalar(rangeOf(callee), 'Allow'))];
      for (const [prop, key] of [
        ['actions', 'Action'],
        ['resourceArns', 'Resource'],
        ['conditions', 'Condition'],
      ] as const) {
        const v = findProperty(props, prop);
        const p = props.properties.find((q) => q.type === 'Property' && !q.computed && q.key.type === 'Identifier' && q.key.name === prop) as
          TSESTree.Property | undefined;
        if (v) entries.push(this.entry(key, p ? rangeOf(p.key) : rangeOf(v), key === 'Condition' ? this.v.node(v) : this.seq(rangeOf(v), this.items(v))));
      }
      this.addToGroup(
        'identity',
        grantee ? this.v.text(grantee) : '?',
        [{ kind: 'map', range: rangeOf(c), entries }],
        rangeOf(c),
        `policy of ${grantee ? this.v.text(grantee) : 'the grantee'}`,
      );
      return;
    }
    if (callee.type !== 'MemberExpression') return;
    const method = propName(callee);
    if (method === undefined) return;
    const target = callee.object;
    const targetText = this.v.text(target);
    if (IDENTITY_SINKS.has(method) || method === 'addToResourcePolicy') {
      const a = c.arguments[0];
      const st = a && a.type !== 'SpreadElement' ? this.statementNode(a) : undefined;
      const kind: PolicyKind = method === 'addToResourcePolicy' ? 'resource' : 'identity';
      if (st) this.addToGroup(kind, targetText, [st], rangeOf(c), `${kind === 'resource' ? 'resource policy' : 'policy'} of ${targetText}`);
      return;
    }
    if (method === 'addStatements') {
      // On a document, policy or role bound in this file, the owner collects them (see addedStatements).
      const owner = this.v.resolve(target);
      if (owner.type === 'NewExpression' && this.iamName(owner.callee) !== undefined) return;
      const assume = keyOfAssumeRolePolicy(target);
      if (assume !== undefined) {
        const role = this.v.resolve((unwrap(target) as TSESTree.MemberExpression).object);
        if (role.type === 'NewExpression' && this.iamName(role.callee) === 'Role') return;
      }
      const statements = c.arguments.flatMap((a) => (a.type === 'SpreadElement' ? this.statementList(a.argument) : this.statementList(a)));
      this.addToGroup(
        assume !== undefined ? 'trust' : 'identity',
        targetText,
        statements,
        rangeOf(c),
        `${assume !== undefined ? 'trust policy' : 'policy'} of ${targetText}`,
      );
      return;
    }
    if (method === 'grantPassRole' || method === 'grant') {
      // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.Role.html#grantwbrpasswbrrolegrantee
      const grantee = c.arguments[0];
      if (!grantee || grantee.type === 'SpreadElement') return;
      const kr = rangeOf(callee.property);
      const actions = method === 'grantPassRole' ? [this.scalar(kr, 'iam:PassRole')] : this.argItems(c.arguments.slice(1));
      if (actions.length === 0) return;
      const resource = this.v.symbolicScalar(rangeOf(target), [
        { sym: 'resource', resource: targetText, type: method === 'grantPassRole' ? 'AWS::IAM::Role' : undefined, attr: 'Arn' },
      ]);
      const st: SMap = {
        kind: 'map',
        range: rangeOf(c),
        entries: [
          this.entry('Effect', kr, this.scalar(kr, 'Allow')),
          this.entry('Action', kr, this.seq(kr, actions)),
          this.entry('Resource', rangeOf(target), this.seq(rangeOf(target), [resource])),
        ],
      };
      this.addToGroup('identity', this.v.text(grantee), [st], rangeOf(c), `policy of ${this.v.text(grantee)}`);
    }
  }

  /** Every policy document of the file. */
  documents(ev: Evaluator): PolicyDocument[] {
    for (const n of this.scope.news) {
      const name = this.iamName(n.callee);
      if (name === 'Role') this.role(n);
      else if (name === 'Policy' || name === 'ManagedPolicy') this.policy(n, name);
      else if (name && /^Cfn(Role|Policy|ManagedPolicy|User|Group|RolePolicy|UserPolicy|GroupPolicy)$/.test(name)) this.cfn(n, name);
    }
    for (const c of this.scope.calls) this.call(c);
    // Documents and statements that reach no construct we know (a custom construct's props, a helper):
    // judged on their own, as a policy file is.
    for (const n of this.scope.news) {
      if (this.consumed.has(n)) continue;
      const name = this.iamName(n.callee);
      if (name === 'PolicyDocument')
        this.addDocument('auto', this.document(n), rangeOf(n), this.bindingOf(n), 'PolicyDocument', `policy document ${this.bindingOf(n) ?? ''}`.trim());
    }
    for (const c of this.scope.calls) {
      if (this.consumed.has(c)) continue;
      const name = this.iamName(c.callee);
      if (name === 'PolicyDocument.fromJson') this.addDocument('auto', this.document(c), rangeOf(c), this.bindingOf(c), 'PolicyDocument', 'policy document');
    }
    for (const n of [...this.scope.news, ...this.scope.calls]) {
      if (this.consumed.has(n)) continue;
      const name = this.iamName(n.callee);
      if (name !== 'PolicyStatement' && name !== 'PolicyStatement.fromJson') continue;
      const st = this.statementNode(n);
      if (st)
        this.addDocument('auto', { statements: [st] }, rangeOf(n), this.bindingOf(n), 'PolicyStatement', `policy statement ${this.bindingOf(n) ?? ''}`.trim());
    }
    const out: PolicyDocument[] = [];
    for (const p of this.pending) {
      const node: SNode = p.json ?? { kind: 'map', range: p.range, entries: [this.entry('Statement', p.range, this.seq(p.range, p.statements))] };
      const origin = { ...(p.resource !== undefined ? { resource: p.resource } : {}), path: p.path, label: p.label };
      const doc = buildPolicy(node, ev, p.kind === 'auto' ? 'identity' : p.kind, origin);
      out.push(p.kind === 'auto' ? { ...doc, kind: documentKind(doc) } : doc);
    }
    return out;
  }
}

/** `role.assumeRolePolicy` (or `?.`) → `role.assumeRolePolicy`, the key its `addStatements` calls are indexed under. */
function keyOfAssumeRolePolicy(e: Node): string | undefined {
  const n = unwrap(e);
  if (n.type !== 'MemberExpression' || propName(n) !== 'assumeRolePolicy') return undefined;
  const base = bindingKey(n.object);
  return base === undefined ? undefined : `${base}.assumeRolePolicy`;
}
