import type { TSESTree } from '@typescript-eslint/types';
import { isMap, type SEntry, type SMap, type SNode } from '../../model/node.js';
import type { PolicyKind } from '../../model/policy.js';
import type { Range } from '../../model/source.js';
import type { LoweredResource, ResourceGraph } from './cdk-graph.js';
import { keyOfAssumeRolePolicy, rangeOf, type Call, type New } from './cdk-principals.js';
import { CdkStatements, IDENTITY_SINKS } from './cdk-statements.js';
import { propName, staticKey, unwrap, type Node, type Scope } from './scope.js';
import { findProperty, type Values } from './values.js';

/**
 * CDK's IAM constructs (`aws-cdk-lib/aws-iam`, imported under any name) lowered into the resource graph
 * `cdk synth` writes: `iam.Role` → `AWS::IAM::Role` (trust, inline policies, managed policy ARNs,
 * boundary), `addToPolicy`/grants → the principal's `DefaultPolicy` (`AWS::IAM::Policy` naming it),
 * `Policy`/`ManagedPolicy` with their attachments, users, groups, instance profiles, OIDC providers.
 * Documents that reach no construct are kept as free documents, judged as a policy file is.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam-readme.html
 */
export class CdkIam extends CdkStatements {
  private readonly groups = new Map<string, SNode[]>();

  constructor(
    scope: Scope,
    v: Values,
    private readonly graph: ResourceGraph,
  ) {
    super(scope, v);
  }

  private free(
    kind: PolicyKind | 'auto',
    doc: { statements: SNode[] } | { json: SNode } | undefined,
    range: Range,
    resource: string | undefined,
    path: string,
    label: string,
  ): void {
    if (doc) this.graph.free.push({ kind, node: this.docNode(doc, range), resource, path, label });
  }

  /** The IAM principal resource (role, user, group) an expression stands for, when it is lowered in this file. */
  private principalOf(e: Node | undefined): { r: LoweredResource; list: 'Roles' | 'Users' | 'Groups' } | undefined {
    if (!e) return undefined;
    const n = this.v.resolve(e);
    let r = this.graph.of(n);
    // `instance.role`, `asg.role`: the role a launch construct created.
    if (!r && n.type === 'MemberExpression' && propName(n) === 'role') {
      const owner = this.graph.of(this.v.resolve(n.object));
      const roleId = owner ? this.roleOfLaunch.get(owner.id) : undefined;
      r = roleId ? this.graph.get(roleId) : undefined;
    }
    // `instance.addToRolePolicy(...)` on an instance or group: its role.
    if (r && r.type !== 'AWS::IAM::Role' && r.type !== 'AWS::IAM::User' && r.type !== 'AWS::IAM::Group') {
      const roleId = this.roleOfLaunch.get(r.id);
      r = roleId ? this.graph.get(roleId) : undefined;
    }
    if (!r) return undefined;
    const list = r.type === 'AWS::IAM::User' ? 'Users' : r.type === 'AWS::IAM::Group' ? 'Groups' : r.type === 'AWS::IAM::Role' ? 'Roles' : undefined;
    return list ? { r, list } : undefined;
  }

  /** Roles that launch constructs (instances, auto scaling groups, launch templates) use, by the construct's resource id. */
  readonly roleOfLaunch = new Map<string, string>();

  /**
   * Statements attached to one principal (`role.addToPolicy`, grants): CDK writes them into the
   * principal's `DefaultPolicy`, an `AWS::IAM::Policy` attached to it; trust statements go into the role's
   * `AssumeRolePolicyDocument`; resource policies of resources iamlint does not lower are judged alone.
   */
  private addToGroup(kind: PolicyKind, targetExpr: Node | undefined, statements: SNode[], range: Range, label: string): void {
    const targetText = targetExpr ? this.v.text(targetExpr) : '?';
    const principal = kind === 'resource' ? undefined : this.principalOf(targetExpr);
    if (kind === 'trust' && principal?.list === 'Roles') {
      const doc = this.graph.prop(principal.r, 'AssumeRolePolicyDocument');
      const list = this.statementsOf(doc);
      if (list) list.push(...statements);
      else if (!doc) this.graph.set(principal.r, 'AssumeRolePolicyDocument', range, this.docNode({ statements }, range));
      return;
    }
    if (kind !== 'identity') {
      const key = `${kind}\u0000${targetText}`;
      const g = this.groups.get(key);
      if (g) g.push(...statements);
      else {
        const list = [...statements];
        this.groups.set(key, list);
        this.free(kind, { statements: list }, range, targetText, kind === 'trust' ? 'assumeRolePolicy' : 'resourcePolicy', label);
      }
      return;
    }
    const owner = principal?.r.id ?? targetText.replace(/[^A-Za-z0-9]/g, '') ?? 'Principal';
    const id = `${owner}DefaultPolicy`;
    const existing = this.graph.get(id);
    if (existing) {
      this.statementsOf(this.graph.prop(existing, 'PolicyDocument'))?.push(...statements);
      return;
    }
    const r = this.graph.add(id, 'AWS::IAM::Policy', range, range);
    this.graph.set(r, 'PolicyName', range, this.scalar(range, id));
    this.graph.set(r, 'PolicyDocument', range, this.docNode({ statements: [...statements] }, range));
    // A principal iamlint cannot see (a function's role, an imported role): the policy is judged on its own.
    if (principal) this.graph.set(r, principal.list, range, this.seq(range, [this.graph.ref(principal.r.id, range)]));
    else this.graph.set(r, 'Roles', range, this.seq(range, [this.v.unknown(targetExpr ? rangeOf(targetExpr) : range)]));
  }

  // ---------------------------------------------------------------- constructs

  /** Pass 1: every IAM construct of the file gets its resource, so references between them resolve in any order. */
  register(): void {
    for (const n of this.scope.news) {
      const name = this.iamName(n.callee);
      const type =
        name === 'Role' || name === 'User' || name === 'Group' || name === 'Policy' || name === 'ManagedPolicy'
          ? `AWS::IAM::${name}`
          : name === 'InstanceProfile'
            ? 'AWS::IAM::InstanceProfile'
            : name === 'OpenIdConnectProvider' || name === 'OidcProviderNative'
              ? 'AWS::IAM::OIDCProvider'
              : undefined;
      if (!type) continue;
      const a1 = n.arguments[1];
      const idRange = a1 ? rangeOf(a1) : rangeOf(n.callee);
      this.graph.add(this.constructId(n) ?? name ?? 'Resource', type, rangeOf(n), idRange, n);
    }
  }

  /** `[role1, role2]` → `Ref`s of the principals lowered here, Unknown for the others. */
  private principalRefs(e: Node, list: 'Roles' | 'Users' | 'Groups'): SNode[] {
    const n = this.v.resolve(e);
    const els = n.type === 'ArrayExpression' ? n.elements : [n];
    const out: SNode[] = [];
    for (const el of els) {
      if (!el) continue;
      const p = el.type === 'SpreadElement' ? undefined : this.principalOf(el);
      out.push(p && p.list === list ? this.graph.ref(p.r.id, rangeOf(el)) : this.v.unknown(rangeOf(el)));
    }
    return out;
  }

  /** A managed policy expression as the ARN CloudFormation receives. */
  private managedPolicyArn(e: Node): SNode {
    const n = this.v.resolve(e);
    const r = this.graph.of(n);
    if (r?.type === 'AWS::IAM::ManagedPolicy') return this.graph.ref(r.id, rangeOf(e));
    if (n.type === 'CallExpression') {
      const name = this.iamName(n.callee);
      const a0 = n.arguments[0];
      // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.ManagedPolicy.html#static-fromwbrawswbrmanagedwbrpolicywbrnamemanagedpolicyname
      if (name === 'ManagedPolicy.fromAwsManagedPolicyName' && a0 && a0.type !== 'SpreadElement')
        return this.v.symbolicScalar(rangeOf(e), ['arn:', { sym: 'partition' }, ':iam::aws:policy/', ...this.v.parts(a0)]);
      if (name === 'ManagedPolicy.fromManagedPolicyArn' && n.arguments[2] && n.arguments[2].type !== 'SpreadElement') return this.v.node(n.arguments[2]);
      if (name === 'ManagedPolicy.fromManagedPolicyName' && a0) {
        const a2 = n.arguments[2];
        if (a2 && a2.type !== 'SpreadElement')
          return this.v.symbolicScalar(rangeOf(e), ['arn:', { sym: 'partition' }, ':iam::', { sym: 'account' }, ':policy/', ...this.v.parts(a2)]);
      }
    }
    return this.v.unknown(rangeOf(e));
  }

  private role(n: New): void {
    const r = this.graph.of(n);
    if (!r) return;
    const props = this.propsOf(n, 2);
    const binding = this.bindingOf(n);
    const trust: SNode[] = [];
    if (props === 'unknown') {
      this.graph.set(r, 'AssumeRolePolicyDocument', rangeOf(n), this.v.unknown(rangeOf(n)));
    } else if (props) {
      const assumedBy = findProperty(props, 'assumedBy');
      if (assumedBy) {
        const ext = findProperty(props, 'externalIds') ?? findProperty(props, 'externalId');
        const extCond: SNode[] = [];
        if (ext) {
          const er = rangeOf(ext);
          extCond.push({
            kind: 'map',
            range: er,
            entries: [this.entry('StringEquals', er, { kind: 'map', range: er, entries: [this.entry('sts:ExternalId', er, this.v.node(ext))] })],
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
      const inline = findProperty(props, 'inlinePolicies');
      const inl = inline ? this.v.resolve(inline) : undefined;
      if (inl?.type === 'ObjectExpression') {
        const items: SNode[] = [];
        for (const p of inl.properties) {
          if (p.type !== 'Property') continue;
          const name = staticKey(p) ?? '?';
          const doc = this.document(p.value);
          if (!doc) continue;
          const pr = rangeOf(p);
          items.push({
            kind: 'map',
            range: pr,
            entries: [
              this.entry('PolicyName', rangeOf(p.key), this.scalar(rangeOf(p.key), name)),
              this.entry('PolicyDocument', pr, this.docNode(doc, rangeOf(p.value))),
            ],
          });
        }
        if (items.length) this.graph.set(r, 'Policies', rangeOf(inline as Node), this.seq(rangeOf(inline as Node), items));
      } else if (inline) this.graph.set(r, 'Policies', rangeOf(inline), this.v.unknown(rangeOf(inline)));
      this.managedAndBoundary(r, props);
      const roleName = findProperty(props, 'roleName');
      if (roleName) this.graph.set(r, 'RoleName', rangeOf(roleName), this.v.node(roleName));
    }
    trust.push(...this.addedStatements(binding === undefined ? undefined : `${binding}.assumeRolePolicy`));
    if (!this.graph.prop(r, 'AssumeRolePolicyDocument'))
      this.graph.set(r, 'AssumeRolePolicyDocument', rangeOf(n), this.docNode({ statements: trust }, rangeOf(n)));
    this.principalCalls(r, binding, 'Roles');
  }

  /** `managedPolicies` and `permissionsBoundary` of a role or user props. */
  private managedAndBoundary(r: LoweredResource, props: TSESTree.ObjectExpression): void {
    const managed = findProperty(props, 'managedPolicies');
    if (managed)
      this.graph.push(
        r,
        'ManagedPolicyArns',
        rangeOf(managed),
        this.listItems(managed).map((m) => this.managedPolicyArn(m)),
      );
    const boundary = findProperty(props, 'permissionsBoundary');
    if (boundary) this.graph.set(r, 'PermissionsBoundary', rangeOf(boundary), this.managedPolicyArn(boundary));
  }

  /** `x.addManagedPolicy(mp)`, `x.attachInlinePolicy(p)` and, for users and groups, their memberships. */
  private principalCalls(r: LoweredResource, binding: string | undefined, list: 'Roles' | 'Users' | 'Groups'): void {
    for (const { name, call } of this.methodCalls(binding)) {
      const a0 = call.arguments[0];
      if (!a0 || a0.type === 'SpreadElement') continue;
      if (name === 'addManagedPolicy') this.graph.push(r, 'ManagedPolicyArns', rangeOf(call), [this.managedPolicyArn(a0)]);
      else if (name === 'attachInlinePolicy') this.attach(a0, r, list, rangeOf(call));
      else if (list === 'Users' && name === 'addToGroup') this.graph.push(r, 'Groups', rangeOf(call), this.principalRefs(a0, 'Groups'));
      else if (list === 'Groups' && name === 'addUser') {
        const u = this.principalOf(a0);
        if (u?.list === 'Users') this.graph.push(u.r, 'Groups', rangeOf(call), [this.graph.ref(r.id, rangeOf(call))]);
      }
    }
  }

  /** `role.attachInlinePolicy(p)`, `p.attachToRole(role)`: the policy names the principal. */
  private attach(policyExpr: Node, principal: LoweredResource, list: 'Roles' | 'Users' | 'Groups', range: Range): void {
    const p = this.graph.of(this.v.resolve(policyExpr));
    if (p && (p.type === 'AWS::IAM::Policy' || p.type === 'AWS::IAM::ManagedPolicy')) this.graph.push(p, list, range, [this.graph.ref(principal.id, range)]);
  }

  private listItems(e: Node): Node[] {
    const n = this.v.resolve(e);
    if (n.type !== 'ArrayExpression') return [e];
    const out: Node[] = [];
    for (const el of n.elements) if (el && el.type !== 'SpreadElement') out.push(el);
    return out;
  }

  private principalResource(n: New, kind: 'User' | 'Group'): void {
    const r = this.graph.of(n);
    if (!r) return;
    const binding = this.bindingOf(n);
    const props = this.propsOf(n, 2);
    if (props && props !== 'unknown') {
      this.managedAndBoundary(r, props);
      const groups = kind === 'User' ? findProperty(props, 'groups') : undefined;
      if (groups) this.graph.push(r, 'Groups', rangeOf(groups), this.principalRefs(groups, 'Groups'));
    }
    this.principalCalls(r, binding, kind === 'User' ? 'Users' : 'Groups');
  }

  private policy(n: New, name: string): void {
    const r = this.graph.of(n);
    if (!r) return;
    const props = this.propsOf(n, 2);
    const statements: SNode[] = [];
    let json: SNode | undefined;
    if (props && props !== 'unknown') {
      const st = findProperty(props, 'statements');
      if (st) statements.push(...this.statementList(st));
      const d = findProperty(props, 'document');
      const doc = d ? this.document(d) : undefined;
      if (doc && 'statements' in doc) statements.push(...doc.statements);
      else if (doc) json = doc.json;
      for (const [prop, list] of [
        ['roles', 'Roles'],
        ['users', 'Users'],
        ['groups', 'Groups'],
      ] as const) {
        const v = findProperty(props, prop);
        if (v) this.graph.push(r, list, rangeOf(v), this.principalRefs(v, list));
      }
      const pn = findProperty(props, name === 'Policy' ? 'policyName' : 'managedPolicyName');
      if (pn) this.graph.set(r, name === 'Policy' ? 'PolicyName' : 'ManagedPolicyName', rangeOf(pn), this.v.node(pn));
    } else if (props === 'unknown') json = this.v.unknown(rangeOf(n));
    const binding = this.bindingOf(n);
    statements.push(...this.addedStatements(binding));
    for (const { name: m, call } of this.methodCalls(binding)) {
      const a0 = call.arguments[0];
      if (!a0 || a0.type === 'SpreadElement') continue;
      const list = m === 'attachToRole' ? 'Roles' : m === 'attachToUser' ? 'Users' : m === 'attachToGroup' ? 'Groups' : undefined;
      if (list) this.graph.push(r, list, rangeOf(call), this.principalRefs(a0, list));
    }
    if (json) this.graph.set(r, 'PolicyDocument', rangeOf(n), json);
    else this.graph.set(r, 'PolicyDocument', rangeOf(n), this.docNode({ statements }, rangeOf(n)));
    if (name === 'Policy' && !this.graph.prop(r, 'PolicyName')) this.graph.set(r, 'PolicyName', r.keyRange, this.scalar(r.keyRange, r.id));
  }

  /** `new iam.OpenIdConnectProvider(this, id, { url, clientIds })`: the audiences it accepts. */
  private oidcProvider(n: New): void {
    const r = this.graph.of(n);
    const props = this.propsOf(n, 2);
    if (!r || !props || props === 'unknown') return;
    const url = findProperty(props, 'url');
    if (url) this.graph.set(r, 'Url', rangeOf(url), this.v.node(url));
    const ids = findProperty(props, 'clientIds');
    if (ids) this.graph.set(r, 'ClientIdList', rangeOf(ids), this.seq(rangeOf(ids), this.items(ids)));
    const th = findProperty(props, 'thumbprints');
    if (th) this.graph.set(r, 'ThumbprintList', rangeOf(th), this.seq(rangeOf(th), this.items(th)));
  }

  /** `new iam.InstanceProfile(this, id, { role })` (CDK ≥ 2.104). */
  private instanceProfile(n: New): void {
    const r = this.graph.of(n);
    if (!r) return;
    const props = this.propsOf(n, 2);
    const role = props && props !== 'unknown' ? findProperty(props, 'role') : undefined;
    if (role) this.graph.set(r, 'Roles', rangeOf(role), this.seq(rangeOf(role), this.principalRefs(role, 'Roles')));
    else if (props === 'unknown') this.graph.set(r, 'Roles', rangeOf(n), this.v.unknown(rangeOf(n)));
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
        grantee,
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
      // CDK rejects principals in identity policies (`validateForIdentityPolicy`): a statement with
      // principals given to `addToPolicy` is the resource policy of what it is added to (a VPC
      // endpoint, a bucket, a key...).
      const withPrincipal = isMap(st) && st.entries.some((e) => e.key.value === 'Principal' || e.key.value === 'NotPrincipal');
      const kind: PolicyKind = method === 'addToResourcePolicy' || withPrincipal ? 'resource' : 'identity';
      if (st) this.addToGroup(kind, target, [st], rangeOf(c), `${kind === 'resource' ? 'resource policy' : 'policy'} of ${targetText}`);
      return;
    }
    if (method === 'addStatements') {
      // On a document, policy or role bound in this file, the owner collects them (see addedStatements).
      const owner = this.v.resolve(target);
      if (owner.type === 'NewExpression' && this.iamName(owner.callee) !== undefined) return;
      const assume = keyOfAssumeRolePolicy(this.scope, target);
      if (assume !== undefined) {
        const role = this.v.resolve((unwrap(target) as TSESTree.MemberExpression).object);
        if (role.type === 'NewExpression' && this.iamName(role.callee) === 'Role') return;
      }
      const statements = c.arguments.flatMap((a) => (a.type === 'SpreadElement' ? this.statementList(a.argument) : this.statementList(a)));
      this.addToGroup(
        assume !== undefined ? 'trust' : 'identity',
        assume !== undefined ? (unwrap(target) as TSESTree.MemberExpression).object : target,
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
      const lowered = this.graph.of(this.v.resolve(target));
      const resource =
        lowered?.type === 'AWS::IAM::Role'
          ? this.graph.getAtt(lowered.id, 'Arn', rangeOf(target))
          : this.v.symbolicScalar(rangeOf(target), [
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
      this.addToGroup('identity', grantee, [st], rangeOf(c), `policy of ${this.v.text(grantee)}`);
    }
  }

  /** Lowers every IAM construct of the file into the graph; documents that reach none are kept as free documents. */
  lower(): void {
    for (const n of this.scope.news) {
      const name = this.iamName(n.callee);
      if (name === 'Role') this.role(n);
      else if (name === 'User' || name === 'Group') this.principalResource(n, name);
      else if (name === 'Policy' || name === 'ManagedPolicy') this.policy(n, name);
      else if (name === 'InstanceProfile') this.instanceProfile(n);
      else if (name === 'OpenIdConnectProvider' || name === 'OidcProviderNative') this.oidcProvider(n);
      else if (name?.startsWith('Cfn')) this.consumeDocuments(n);
    }
    for (const c of this.scope.calls) this.call(c);
    // Documents and statements that reach no construct we know (a custom construct's props, a helper):
    // judged on their own, as a policy file is.
    for (const n of this.scope.news) {
      if (this.consumed.has(n)) continue;
      const name = this.iamName(n.callee);
      if (name === 'PolicyDocument')
        this.free('auto', this.document(n), rangeOf(n), this.bindingOf(n), 'PolicyDocument', `policy document ${this.bindingOf(n) ?? ''}`.trim());
    }
    for (const c of this.scope.calls) {
      if (this.consumed.has(c)) continue;
      const name = this.iamName(c.callee);
      if (name === 'PolicyDocument.fromJson') this.free('auto', this.document(c), rangeOf(c), this.bindingOf(c), 'PolicyDocument', 'policy document');
    }
    for (const n of [...this.scope.news, ...this.scope.calls]) {
      if (this.consumed.has(n)) continue;
      const name = this.iamName(n.callee);
      if (name !== 'PolicyStatement' && name !== 'PolicyStatement.fromJson') continue;
      const st = this.statementNode(n);
      if (st) this.free('auto', { statements: [st] }, rangeOf(n), this.bindingOf(n), 'PolicyStatement', `policy statement ${this.bindingOf(n) ?? ''}`.trim());
    }
  }

  /** Documents written inside an L1 construct's props are part of it, not free documents. */
  private consumeDocuments(n: New): void {
    const stack: Node[] = [...n.arguments];
    for (let e = stack.pop(); e; e = stack.pop()) {
      const r = this.v.resolve(e);
      if (r.type === 'NewExpression' || r.type === 'CallExpression') {
        const name = this.iamName(r.callee);
        if (name === 'PolicyDocument' || name === 'PolicyDocument.fromJson' || name === 'PolicyStatement' || name === 'PolicyStatement.fromJson') {
          this.consumed.add(r);
          continue;
        }
      }
      if (r.type === 'ObjectExpression') for (const p of r.properties) stack.push(p.type === 'Property' ? p.value : p.argument);
      else if (r.type === 'ArrayExpression') for (const el of r.elements) if (el) stack.push(el.type === 'SpreadElement' ? el.argument : el);
    }
  }

  /** For the L1 lowering: a document expression (`new PolicyDocument`, `fromJson`, JSON) as CloudFormation holds it. */
  documentNode(e: Node): SNode | undefined {
    const doc = this.document(e);
    return doc ? this.docNode(doc, rangeOf(e)) : undefined;
  }

  /** For the L1 lowering: `Ref`/`GetAtt` of constructs lowered here (`role.roleName`, `role.attrArn`, `profile.ref`). */
  referenceTo(e: Node): SNode | undefined {
    const n = unwrap(e);
    if (n.type !== 'MemberExpression') return undefined;
    const p = propName(n);
    const r = this.graph.of(this.v.resolve(n.object));
    if (!r || p === undefined) return undefined;
    const range = rangeOf(e);
    if (p === 'ref' || p === 'roleName' || p === 'instanceProfileName' || p === 'userName' || p === 'groupName' || p === 'launchTemplateId')
      return this.graph.ref(r.id, range);
    if (p === 'roleArn' || p === 'instanceProfileArn' || p === 'attrArn' || p === 'managedPolicyArn') return this.graph.getAtt(r.id, 'Arn', range);
    if (p.startsWith('attr')) return this.graph.getAtt(r.id, p.slice(4), range);
    return undefined;
  }
}
