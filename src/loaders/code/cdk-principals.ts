import type { TSESTree } from '@typescript-eslint/types';
import { UNKNOWN_KEY } from '../../model/code.js';
import { isMap, type SEntry, type SMap, type SNode, type SScalar } from '../../model/node.js';
import type { Range } from '../../model/source.js';
import type { Part } from '../../model/value.js';
import { propName, unwrap, type Node, type Scope } from './scope.js';
import { findProperty, type Values } from './values.js';

export type New = TSESTree.NewExpression;
export type Call = TSESTree.CallExpression;

export const ASSUME = 'sts:AssumeRole';
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
const SAML = 'sts:AssumeRoleWithSAML';

/** One principal as CDK renders it in a statement: `Principal` entries, the conditions it brings, and the assume action. */
export interface Principal {
  readonly entries: readonly { readonly type: string; readonly node: SNode }[];
  readonly conditions: readonly SNode[];
  readonly action: string;
  readonly at: Range;
}

export function rangeOf(n: Node): Range {
  return { start: n.range[0], end: n.range[1] };
}

/**
 * Reading CDK IAM expressions: principals (`new iam.ServicePrincipal(...)`, `CompositePrincipal`,
 * `withConditions`...) rendered as the `Principal` and `Condition` blocks CDK synthesizes, and the
 * helpers every CDK reader shares (props, method calls on a binding, construct ids).
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam-readme.html#principals
 */
export class CdkPrincipals {
  /** Method calls by the binding they are made on (`role.addToPolicy(...)` under `role`'s key). */
  protected readonly callsOn = new Map<string, Call[]>();

  constructor(
    protected readonly scope: Scope,
    protected readonly v: Values,
  ) {
    for (const c of scope.calls) {
      const callee = unwrap(c.callee);
      if (callee.type !== 'MemberExpression') continue;
      const key = scope.key(callee.object) ?? keyOfAssumeRolePolicy(scope, callee.object);
      if (key === undefined) continue;
      const list = this.callsOn.get(key);
      if (list) list.push(c);
      else this.callsOn.set(key, [c]);
    }
  }

  protected iamName(e: Node): string | undefined {
    const r = this.scope.ref(e);
    return r?.module === 'iam' ? r.name : undefined;
  }

  protected scalar(range: Range, value: string): SScalar {
    return this.v.scalar(range, value);
  }

  protected entry(key: string, keyRange: Range, value: SNode): SEntry {
    return { key: this.scalar(keyRange, key), value };
  }

  protected seq(range: Range, items: SNode[]): SNode {
    return { kind: 'seq', range, items };
  }

  /** The items of a list value: an array literal's elements, or the value itself (Unknown if code computes it). */
  protected items(e: Node): SNode[] {
    const n = this.v.node(e);
    return n.kind === 'seq' ? n.items : [n];
  }

  /** Call arguments as list items, spreads of known arrays included. */
  protected argItems(args: readonly TSESTree.CallExpressionArgument[]): SNode[] {
    const out: SNode[] = [];
    for (const a of args) {
      if (a.type === 'SpreadElement') out.push(...this.items(a.argument));
      else out.push(this.v.node(a));
    }
    return out;
  }

  protected propsOf(n: New | Call, index: number): TSESTree.ObjectExpression | 'unknown' | undefined {
    const a = n.arguments[index];
    if (!a) return undefined;
    if (a.type === 'SpreadElement') return 'unknown';
    const r = this.v.resolve(a);
    return r.type === 'ObjectExpression' ? r : 'unknown';
  }

  protected bindingOf(n: Node): string | undefined {
    const p = this.scope.parents.get(n);
    if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier' && p.init === n) return this.scope.key(p.id);
    if (p?.type === 'AssignmentExpression' && p.right === n) return this.scope.key(p.left);
    if (p?.type === 'PropertyDefinition' && p.value === n && !p.computed && p.key.type === 'Identifier') return `this.${p.key.name}`;
    if (p && (p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression' || p.type === 'TSSatisfiesExpression')) return this.bindingOf(p);
    return undefined;
  }

  protected constructId(n: New): string | undefined {
    const a = n.arguments[1];
    if (a?.type === 'Literal' && typeof a.value === 'string') return a.value;
    return this.bindingOf(n);
  }

  protected methodCalls(key: string | undefined): { name: string; call: Call; callee: TSESTree.MemberExpression }[] {
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

  protected principals(e: Node, depth = 0): Principal[] {
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

  protected samlArn(e: Node): Part[] {
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
  protected principalMap(ps: readonly Principal[], range: Range): SMap {
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
  protected conditionMap(sources: readonly SNode[], range: Range): SMap | undefined {
    if (sources.length === 0) return undefined;
    const entries: SEntry[] = [];
    for (const s of sources) {
      if (isMap(s)) entries.push(...s.entries);
      else entries.push(this.entry(UNKNOWN_KEY, s.range, s));
    }
    return { kind: 'map', range, entries };
  }
}

/** `role.assumeRolePolicy` (or `?.`) → `role.assumeRolePolicy`, the key its `addStatements` calls are indexed under. */
export function keyOfAssumeRolePolicy(scope: Scope, e: Node): string | undefined {
  const n = unwrap(e);
  if (n.type !== 'MemberExpression' || propName(n) !== 'assumeRolePolicy') return undefined;
  const base = scope.key(n.object);
  return base === undefined ? undefined : `${base}.assumeRolePolicy`;
}
