import type { TSESTree } from '@typescript-eslint/types';
import { isAmazonLinux2023Image } from '../../model/launch.js';
import type { SEntry, SNode } from '../../model/node.js';
import type { Range } from '../../model/source.js';
import type { CdkIam } from './cdk-iam.js';
import { entryOf, mapOf, scalarOf, type LoweredResource, type ResourceGraph } from './cdk-graph.js';
import type { L1Lowering } from './cdk-l1.js';
import { propName, unwrap, type Node, type Scope } from './scope.js';
import { findProperty, findPropertyNode, type Values } from './values.js';

type New = TSESTree.NewExpression | TSESTree.CallExpression;

/** Capacity methods that create an auto scaling group from options: ECS `cluster.addCapacity`, EKS `cluster.addAutoScalingGroupCapacity`. */
const CAPACITY_METHODS = new Set(['addCapacity', 'addAutoScalingGroupCapacity']);
type Kind = 'Instance' | 'LaunchTemplate' | 'AutoScalingGroup' | 'Nodegroup';

const TYPES: Record<Kind, string> = {
  Instance: 'AWS::EC2::Instance',
  LaunchTemplate: 'AWS::EC2::LaunchTemplate',
  AutoScalingGroup: 'AWS::AutoScaling::AutoScalingGroup',
  Nodegroup: 'AWS::EKS::Nodegroup',
};

/**
 * The AWS managed policies of the node role CDK creates for a node group without `nodeRole`.
 * https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-eks/lib/managed-nodegroup.ts
 */
const NODE_ROLE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'];

/**
 * A property of an object literal, through spreads of objects written in the file ('unknown' behind a
 * spread of anything else); `at` is where it is used: the spread, for a property that comes from one.
 */
type Found = { readonly p: TSESTree.Property; readonly at?: Range } | 'unknown' | undefined;

function rangeOf(n: Node): Range {
  return { start: n.range[0], end: n.range[1] };
}

/**
 * CDK's EC2 launch constructs lowered as `cdk synth` writes them, so the launch model and every launch
 * rule read them as CloudFormation:
 * - `ec2.Instance` → `AWS::EC2::Instance` with an `AWS::IAM::InstanceProfile` (`<id>InstanceProfile`) for
 *   its role; without `role`, CDK creates `<id>InstanceRole`, trusted by `ec2.amazonaws.com`.
 * - `ec2.LaunchTemplate` → `AWS::EC2::LaunchTemplate`; with `role`, an instance profile for it.
 * - `autoscaling.AutoScalingGroup` → `AWS::AutoScaling::AutoScalingGroup`, launched from its
 *   `launchTemplate`, or from a launch template CDK makes from its own settings (`<id>LaunchTemplate`).
 * - `eks.Nodegroup` and `cluster.addNodegroupCapacity(id, options)` → `AWS::EKS::Nodegroup` with
 *   `NodeRole` (the role's ARN), `LaunchTemplate` from `launchTemplateSpec` (`{Id, Version}`) and
 *   `AmiType`; without `nodeRole`, CDK creates `<id>NodeGroupRole`, trusted by `ec2.amazonaws.com`, with
 *   the AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and AmazonEC2ContainerRegistryReadOnly managed policies.
 * `requireImdsv2: true` is `MetadataOptions.HttpTokens: required` (CDK writes it through a launch
 * template); `httpTokens`/`httpEndpoint`/`httpPutResponseHopLimit` map one to one; `userData` is the
 * rendered script, `Fn::Base64` of its lines.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.Instance.html
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.LaunchTemplate.html
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_eks.Nodegroup.html
 */
export class Ec2Lowering {
  private readonly constructs: { n: New; kind: Kind; r: LoweredResource }[] = [];
  /** IMDSv2 aspects by kind, with the class they are added in (null: outside any class, e.g. the app). */
  private readonly aspects = new Map<string, Set<Node | null>>();
  /** `addCommands` calls by the binding of an `ec2.UserData` object. */
  private readonly commands = new Map<string, TSESTree.CallExpression[]>();

  constructor(
    private readonly scope: Scope,
    private readonly v: Values,
    private readonly graph: ResourceGraph,
    private readonly iam: CdkIam,
    l1: L1Lowering,
  ) {
    l1.userData = (e) => this.userDataNode(e);
  }

  /** `props.key`, following spreads (`{ ...defaults, vpc }`) of objects the file defines. */
  private find(o: TSESTree.ObjectExpression | undefined, key: string, depth = 0): Found {
    if (!o || depth > 8) return o ? 'unknown' : undefined;
    let found: Found;
    for (const p of o.properties) {
      if (
        p.type === 'Property' &&
        p.kind === 'init' &&
        !p.computed &&
        ((p.key.type === 'Identifier' && p.key.name === key) || (p.key.type === 'Literal' && p.key.value === key))
      )
        found = { p };
      else if (p.type === 'SpreadElement') {
        const t = this.v.resolve(p.argument);
        const inner = t.type === 'ObjectExpression' ? this.find(t, key, depth + 1) : 'unknown';
        if (inner !== undefined) found = inner === 'unknown' ? inner : { p: inner.p, at: inner.at ?? rangeOf(p) };
      }
    }
    return found;
  }

  /** `new X(scope, id, props)`, or `cluster.addCapacity(id, options)`. */
  private idArg(n: New): Node | undefined {
    return n.type === 'NewExpression' ? n.arguments[1] : n.arguments[0];
  }

  private propsArg(n: New): Node | undefined {
    return n.type === 'NewExpression' ? n.arguments[2] : n.arguments[1];
  }

  private kindOf(n: New): Kind | undefined {
    if (n.type === 'CallExpression') {
      const callee = unwrap(n.callee);
      const m = callee.type === 'MemberExpression' ? propName(callee) : undefined;
      const id = n.arguments[0];
      // `cluster.addNodegroupCapacity(id, options?)`: a managed node group (options are all optional).
      if (m === 'addNodegroupCapacity' && id?.type === 'Literal' && typeof id.value === 'string') return 'Nodegroup';
      const opts = n.arguments[1] && n.arguments[1].type !== 'SpreadElement' ? this.v.resolve(n.arguments[1]) : undefined;
      // Only the capacity shape (a string id and options with an instance type) is taken as one.
      return m &&
        CAPACITY_METHODS.has(m) &&
        id?.type === 'Literal' &&
        typeof id.value === 'string' &&
        opts?.type === 'ObjectExpression' &&
        findProperty(opts, 'instanceType')
        ? 'AutoScalingGroup'
        : undefined;
    }
    const r = this.scope.ref(n.callee);
    if (r?.module === 'ec2' && (r.name === 'Instance' || r.name === 'LaunchTemplate')) return r.name;
    if (r?.module === 'ec2' && r.name === 'BastionHostLinux') return 'Instance';
    if (r?.module === 'autoscaling' && r.name === 'AutoScalingGroup') return 'AutoScalingGroup';
    if (r?.module === 'eks' && r.name === 'Nodegroup') return 'Nodegroup';
    return undefined;
  }

  /** Pass 1: resources, default roles and profiles, so `instance.addToRolePolicy` finds the role. */
  register(): void {
    for (const n of [...this.scope.news, ...this.scope.calls]) {
      const name = n.type === 'NewExpression' ? this.scope.ref(n.callee) : undefined;
      if (name?.module === 'ec2' && (name.name === 'InstanceRequireImdsv2Aspect' || name.name === 'LaunchTemplateRequireImdsv2Aspect'))
        this.addAspect(name.name, n);
      // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_autoscaling.AutoScalingGroupRequireImdsv2Aspect.html
      if (name?.module === 'autoscaling' && name.name === 'AutoScalingGroupRequireImdsv2Aspect') this.addAspect('LaunchTemplateRequireImdsv2Aspect', n);
      const kind = this.kindOf(n);
      if (!kind) continue;
      const a1 = this.idArg(n);
      const id = a1?.type === 'Literal' && typeof a1.value === 'string' ? a1.value : kind;
      const r = this.graph.add(id, TYPES[kind], rangeOf(n), a1 ? rangeOf(a1) : rangeOf(n.callee), n);
      this.constructs.push({ n, kind, r });
      const props = this.props(n);
      const roleProp = props ? findProperty(props, kind === 'Nodegroup' ? 'nodeRole' : 'role') : undefined;
      if (kind === 'Nodegroup') {
        if (roleProp) {
          const target = this.graph.of(this.v.resolve(roleProp));
          if (target?.type === 'AWS::IAM::Role') this.iam.roleOfLaunch.set(r.id, target.id);
        } else if (!this.propsArg(n) || props) this.nodeRole(n, r);
        continue;
      }
      const usesTemplate = kind === 'AutoScalingGroup' && props && (findProperty(props, 'launchTemplate') || findProperty(props, 'mixedInstancesPolicy'));
      if (!roleProp && kind !== 'LaunchTemplate' && !usesTemplate) {
        // CDK's default instance role: trusted by EC2, no permissions until code adds some.
        const at = rangeOf(n.callee);
        const role = this.graph.add(`${r.id}InstanceRole`, 'AWS::IAM::Role', rangeOf(n), at);
        this.graph.set(role, 'AssumeRolePolicyDocument', at, this.iam.docNode({ statements: [ec2Trust(at)] }, at));
        this.iam.roleOfLaunch.set(r.id, role.id);
        if (this.isBastion(n)) this.bastionPolicy(role, at);
      } else if (roleProp) {
        const target = this.graph.of(this.v.resolve(roleProp));
        if (target?.type === 'AWS::IAM::Role') this.iam.roleOfLaunch.set(r.id, target.id);
      }
    }
    for (const c of this.scope.calls) {
      const callee = unwrap(c.callee);
      if (callee.type !== 'MemberExpression' || propName(callee) !== 'addCommands') continue;
      const key = this.scope.key(callee.object) ?? userDataMember(this.scope, callee.object);
      if (key === undefined) continue;
      const list = this.commands.get(key);
      if (list) list.push(c);
      else this.commands.set(key, [c]);
    }
  }

  /** The node role CDK creates for a node group without `nodeRole`. */
  private nodeRole(n: New, r: LoweredResource): void {
    const at = rangeOf(n.callee);
    const role = this.graph.add(`${r.id}NodeGroupRole`, 'AWS::IAM::Role', rangeOf(n), at);
    this.graph.set(role, 'AssumeRolePolicyDocument', at, this.iam.docNode({ statements: [ec2Trust(at)] }, at));
    this.graph.set(role, 'ManagedPolicyArns', at, {
      kind: 'seq',
      range: at,
      items: NODE_ROLE_POLICIES.map((name) => this.v.symbolicScalar(at, ['arn:', { sym: 'partition' }, ':iam::aws:policy/', name])),
    });
    this.iam.roleOfLaunch.set(r.id, role.id);
  }

  /**
   * A node group's properties as CDK's `Nodegroup` writes its `CfnNodegroup`: `nodeRole: role.roleArn`,
   * `launchTemplate: launchTemplateSpec`, `amiType` as given (CDK guesses an AL2 type from the instance
   * types only without a launch template, where the nodes' IMDS settings are EKS's anyway).
   */
  private lowerNodegroup(n: New, r: LoweredResource, props: TSESTree.ObjectExpression | undefined): void {
    const roleProp = props ? findPropertyNode(props, 'nodeRole') : undefined;
    const roleId = this.iam.roleOfLaunch.get(r.id);
    const at = roleProp ? rangeOf(roleProp) : rangeOf(n.callee);
    const a = this.propsArg(n);
    if (roleId) this.graph.set(r, 'NodeRole', at, this.graph.getAtt(roleId, 'Arn', roleProp ? rangeOf(roleProp.value) : at));
    else if (roleProp) this.graph.set(r, 'NodeRole', at, this.v.unknown(rangeOf(roleProp.value)));
    else if (a && !props) this.graph.set(r, 'NodeRole', rangeOf(a), this.v.unknown(rangeOf(a)));
    if (!props) return;
    const lt = findPropertyNode(props, 'launchTemplateSpec');
    if (lt) {
      const spec = this.v.resolve(lt.value);
      const entries: SEntry[] = [];
      if (spec.type === 'ObjectExpression') {
        for (const [prop, key] of [
          ['id', 'Id'],
          ['version', 'Version'],
        ] as const) {
          const p = findPropertyNode(spec, prop);
          if (p) entries.push(entryOf(key, rangeOf(p.key), this.iam.referenceTo(p.value) ?? this.v.node(p.value)));
        }
      } else entries.push(entryOf('Id', rangeOf(lt.value), this.v.unknown(rangeOf(lt.value))));
      this.graph.set(r, 'LaunchTemplate', rangeOf(lt.key), mapOf(rangeOf(lt.value), entries));
    }
    const ami = findPropertyNode(props, 'amiType');
    if (ami) {
      const e = unwrap(ami.value);
      const member = e.type === 'MemberExpression' ? propName(e) : undefined;
      const parts = this.v.parts(e);
      // `eks.NodegroupAmiType.AL2023_X86_64_STANDARD` is 'AL2023_x86_64_STANDARD', `BOTTLEROCKET_X86_64` 'BOTTLEROCKET_x86_64'.
      const text =
        member && this.scope.ref(e)?.module === 'eks'
          ? member.replace('X86_64', 'x86_64')
          : parts.length === 1 && typeof parts[0] === 'string'
            ? parts[0]
            : undefined;
      const vr = rangeOf(ami.value);
      this.graph.set(r, 'AmiType', rangeOf(ami.key), text === undefined ? this.v.unknown(vr) : scalarOf(vr, text));
    }
  }

  private enclosingClass(n: Node): Node | null {
    for (let p = this.scope.parents.get(n); p; p = this.scope.parents.get(p)) if (p.type === 'ClassDeclaration' || p.type === 'ClassExpression') return p;
    return null;
  }

  private addAspect(kind: string, n: Node): void {
    const set = this.aspects.get(kind) ?? new Set<Node | null>();
    set.add(this.enclosingClass(n));
    this.aspects.set(kind, set);
  }

  /**
   * Whether an aspect covers a construct: one added in the same stack class, or outside any class (on
   * the app, in bin/): an aspect applies to the scope it is added to and everything below it.
   */
  private covered(kind: string, n: Node): boolean {
    const set = this.aspects.get(kind);
    return !!set && (set.has(null) || set.has(this.enclosingClass(n)));
  }

  private isBastion(n: New): boolean {
    return n.type === 'NewExpression' && this.scope.ref(n.callee)?.name === 'BastionHostLinux';
  }

  /** The statement `BastionHostLinux` adds to its role, for Session Manager. https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ec2/lib/bastion-host.ts */
  private bastionPolicy(role: LoweredResource, at: Range): void {
    const st = mapOf(at, [
      entryOf('Effect', at, scalarOf(at, 'Allow')),
      entryOf('Action', at, { kind: 'seq', range: at, items: ['ssmmessages:*', 'ssm:UpdateInstanceInformation', 'ec2messages:*'].map((a) => scalarOf(at, a)) }),
      entryOf('Resource', at, scalarOf(at, '*')),
    ]);
    const p = this.graph.add(`${role.id}DefaultPolicy`, 'AWS::IAM::Policy', at, at);
    this.graph.set(p, 'PolicyName', at, scalarOf(at, p.id));
    this.graph.set(p, 'PolicyDocument', at, this.iam.docNode({ statements: [st] }, at));
    this.graph.set(p, 'Roles', at, { kind: 'seq', range: at, items: [this.graph.ref(role.id, at)] });
  }

  private props(n: New): TSESTree.ObjectExpression | undefined {
    const a = this.propsArg(n);
    if (!a || a.type === 'SpreadElement') return undefined;
    const r = this.v.resolve(a);
    return r.type === 'ObjectExpression' ? r : undefined;
  }

  /** Pass 2: properties. */
  lower(): void {
    for (const { n, kind, r } of this.constructs) {
      const a = this.propsArg(n);
      const props = this.props(n);
      if (kind === 'Nodegroup') {
        this.lowerNodegroup(n, r, props);
        continue;
      }
      if (a && !props) {
        // Props computed elsewhere: settings Unknown, no finding rests on them.
        const at = rangeOf(a);
        const mo = mapOf(at, [entryOf('MetadataOptions', at, this.v.unknown(at))]);
        if (kind === 'LaunchTemplate') this.graph.set(r, 'LaunchTemplateData', at, mo);
        else this.graph.set(r, 'MetadataOptions', at, this.v.unknown(at));
        continue;
      }
      const anchor = rangeOf(n.callee);
      const profile = this.profile(n, r, props);
      const settings: SEntry[] = [];
      const mo = this.metadataOptions(n, kind, props, anchor, this.isBastion(n));
      if (mo) settings.push(mo);
      const ud = props ? findPropertyNode(props, 'userData') : undefined;
      if (ud)
        settings.push(
          entryOf(
            'UserData',
            rangeOf(ud.key),
            this.userDataNode(ud.value) ?? mapOf(rangeOf(ud.value), [entryOf('Fn::Base64', rangeOf(ud.key), this.v.unknown(rangeOf(ud.value)))]),
          ),
        );
      if (kind === 'Instance') {
        if (profile) this.graph.set(r, 'IamInstanceProfile', profile.at, this.graph.ref(profile.id, profile.at));
        for (const s of settings) this.graph.set(r, String(s.key.value), s.key.range, s.value);
      } else if (kind === 'LaunchTemplate') {
        if (profile)
          settings.push(
            entryOf('IamInstanceProfile', profile.at, mapOf(profile.at, [entryOf('Arn', profile.at, this.graph.getAtt(profile.id, 'Arn', profile.at))])),
          );
        this.graph.set(r, 'LaunchTemplateData', rangeOf(n), mapOf(rangeOf(n), settings));
      } else {
        const mip = props ? findProperty(props, 'mixedInstancesPolicy') : undefined;
        const mipObj = mip ? this.v.resolve(mip) : undefined;
        const lt =
          (props ? findProperty(props, 'launchTemplate') : undefined) ??
          (mipObj?.type === 'ObjectExpression' ? findProperty(mipObj, 'launchTemplate') : undefined);
        let ltId: string | undefined;
        if (lt) {
          const target = this.graph.of(this.v.resolve(lt));
          ltId = target?.type === 'AWS::EC2::LaunchTemplate' ? target.id : undefined;
          if (!ltId)
            this.graph.set(r, 'LaunchTemplate', rangeOf(lt), mapOf(rangeOf(lt), [entryOf('LaunchTemplateId', rangeOf(lt), this.v.unknown(rangeOf(lt)))]));
        } else {
          // The launch template CDK makes from the group's own settings.
          const own = this.graph.add(`${r.id}LaunchTemplate`, 'AWS::EC2::LaunchTemplate', rangeOf(n), r.keyRange);
          if (profile)
            settings.push(
              entryOf('IamInstanceProfile', profile.at, mapOf(profile.at, [entryOf('Arn', profile.at, this.graph.getAtt(profile.id, 'Arn', profile.at))])),
            );
          this.graph.set(own, 'LaunchTemplateData', rangeOf(n), mapOf(rangeOf(n), settings));
          ltId = own.id;
        }
        if (ltId) {
          const at = lt ? rangeOf(lt) : r.keyRange;
          const spec = mapOf(at, [entryOf('LaunchTemplateId', at, this.graph.ref(ltId, at))]);
          if (mip && lt) {
            // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-autoscaling-autoscalinggroup-mixedinstancespolicy.html
            const mr = rangeOf(mip);
            this.graph.set(
              r,
              'MixedInstancesPolicy',
              mr,
              mapOf(mr, [entryOf('LaunchTemplate', at, mapOf(at, [entryOf('LaunchTemplateSpecification', at, spec)]))]),
            );
          } else this.graph.set(r, 'LaunchTemplate', at, spec);
        }
      }
    }
  }

  /** The instance profile CDK creates for the construct's role. */
  private profile(n: New, r: LoweredResource, props: TSESTree.ObjectExpression | undefined): { id: string; at: Range } | undefined {
    const roleProp = props ? findPropertyNode(props, 'role') : undefined;
    const roleId = this.iam.roleOfLaunch.get(r.id);
    if (!roleProp && !roleId) return undefined;
    if (r.type === 'AWS::AutoScaling::AutoScalingGroup' && props && (findProperty(props, 'launchTemplate') || findProperty(props, 'mixedInstancesPolicy')))
      return undefined;
    const at = roleProp ? rangeOf(roleProp) : rangeOf(n.callee);
    const profile = this.graph.add(`${r.id}InstanceProfile`, 'AWS::IAM::InstanceProfile', rangeOf(n), at);
    const role = roleId ? this.graph.ref(roleId, roleProp ? rangeOf(roleProp.value) : at) : this.v.unknown(rangeOf((roleProp as TSESTree.Property).value));
    this.graph.set(profile, 'Roles', at, { kind: 'seq', range: at, items: [role] });
    return { id: profile.id, at };
  }

  private metadataOptions(n: New, kind: Kind, o: TSESTree.ObjectExpression | undefined, anchor: Range, bastion: boolean): SEntry | undefined {
    const fields: SEntry[] = [];
    let keyRange: Range | undefined;
    let spreadUnknown = false;
    const read = (prop: string, map: (s: string) => string | undefined): { at: Range; node: SNode } | undefined => {
      const f = this.find(o, prop);
      if (f === 'unknown') spreadUnknown = true;
      if (!f || f === 'unknown') return undefined;
      const p = f.p;
      keyRange ??= f.at ?? rangeOf(p.key);
      const e = unwrap(p.value);
      const member = e.type === 'MemberExpression' ? propName(e) : undefined;
      const parts = this.v.parts(e);
      const text = member && this.scope.ref(e)?.module === 'ec2' ? member : parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
      const mapped = text === undefined ? undefined : map(text);
      const at = f.at ?? rangeOf(p.value);
      return { at, node: mapped === undefined ? this.v.unknown(at) : scalarOf(at, mapped) };
    };
    const require = read('requireImdsv2', (s) => (s === 'true' ? 'required' : s === 'false' ? '' : undefined));
    const tokens = read('httpTokens', (s) => s.toLowerCase());
    const requireValue = require?.node.kind === 'scalar' ? require.node.value : undefined;
    if (require && (requireValue === 'required' || requireValue === null)) fields.push(entryOf('HttpTokens', require.at, require.node));
    else if (tokens) fields.push(entryOf('HttpTokens', tokens.at, tokens.node));
    else if (this.covered(kind === 'Instance' ? 'InstanceRequireImdsv2Aspect' : 'LaunchTemplateRequireImdsv2Aspect', n)) {
      // An aspect in this file requires IMDSv2 on every instance / launch template of its scope.
      // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.InstanceRequireImdsv2Aspect.html
      fields.push(entryOf('HttpTokens', anchor, scalarOf(anchor, 'required')));
    } else if (spreadUnknown && o) {
      // A spread of props from elsewhere may set it.
      const at = rangeOf(o);
      fields.push(entryOf('HttpTokens', at, this.v.unknown(at)));
    } else if (o && (amazonLinux2023(o, this.scope, this.v) || (bastion && this.find(o, 'machineImage') === undefined))) {
      // A bastion host without `machineImage` runs Amazon Linux 2023 when the project's
      // `@aws-cdk/aws-ec2:bastionHostUseAmazonLinux2023ByDefault` flag (cdk.json) is on, which this file does not tell.
      // Amazon Linux 2023 AMIs are registered with ImdsSupport v2.0: without a setting, IMDSv2 is required.
      // https://docs.aws.amazon.com/linux/al2023/ug/ec2-imds.html
      fields.push(entryOf('HttpTokens', anchor, this.v.unknown(anchor)));
    }
    const endpoint = read('httpEndpoint', (s) => (s === 'true' ? 'enabled' : s === 'false' ? 'disabled' : s.toLowerCase()));
    if (endpoint) fields.push(entryOf('HttpEndpoint', endpoint.at, endpoint.node));
    const hop = read('httpPutResponseHopLimit', (s) => s);
    if (hop) fields.push(entryOf('HttpPutResponseHopLimit', hop.at, hop.node));
    if (fields.length === 0 && !keyRange) return undefined;
    const at = keyRange ?? anchor;
    return entryOf('MetadataOptions', at, mapOf(at, fields));
  }

  /** The script an `ec2.UserData` renders: `Fn::Base64` of its lines joined with newlines. */
  userDataNode(e: Node): SNode | undefined {
    const n = this.v.resolve(e);
    const at = rangeOf(e);
    if (n.type !== 'CallExpression') return undefined;
    const name = this.scope.ref(n.callee)?.name;
    const items: SNode[] = [];
    if (name === 'UserData.custom') {
      const a0 = n.arguments[0];
      if (!a0 || a0.type === 'SpreadElement') return undefined;
      items.push(this.v.node(a0));
    } else if (name === 'UserData.forLinux') {
      items.push(scalarOf(rangeOf(n), '#!/bin/bash\n'));
    } else if (name === 'UserData.forWindows') {
      items.push(scalarOf(rangeOf(n), '<powershell>'));
    } else return undefined;
    const key = bindingOfInit(this.scope, n);
    for (const c of key !== undefined ? (this.commands.get(key) ?? []) : []) {
      for (const a of c.arguments) {
        if (a.type === 'SpreadElement') items.push(this.v.unknown(rangeOf(a)));
        else items.push(this.v.node(a), scalarOf(rangeOf(a), '\n'));
      }
    }
    const join = mapOf(at, [entryOf('Fn::Join', at, { kind: 'seq', range: at, items: [scalarOf(at, ''), { kind: 'seq', range: at, items }] })]);
    return mapOf(at, [entryOf('Fn::Base64', at, join)]);
  }
}

function ec2Trust(at: Range): SNode {
  return mapOf(at, [
    entryOf('Effect', at, scalarOf(at, 'Allow')),
    entryOf('Action', at, scalarOf(at, 'sts:AssumeRole')),
    entryOf('Principal', at, mapOf(at, [entryOf('Service', at, scalarOf(at, 'ec2.amazonaws.com'))])),
  ]);
}

/** `instance.userData.addCommands(...)`: keyed as `instance.userData`. */
function userDataMember(scope: Scope, e: Node): string | undefined {
  const n = unwrap(e);
  if (n.type !== 'MemberExpression' || propName(n) !== 'userData') return undefined;
  const base = scope.key(n.object);
  return base === undefined ? undefined : `${base}.userData`;
}

/** The name a `UserData.forLinux()` call is bound to. */
function bindingOfInit(scope: Scope, n: Node): string | undefined {
  const p = scope.parents.get(n);
  if (p?.type === 'VariableDeclarator' && p.init === n && p.id.type === 'Identifier') return scope.key(p.id);
  if (p?.type === 'AssignmentExpression' && p.right === n) return scope.key(p.left);
  if (p?.type === 'PropertyDefinition' && p.value === n && !p.computed && p.key.type === 'Identifier') return `this.${p.key.name}`;
  return undefined;
}

function amazonLinux2023(o: TSESTree.ObjectExpression, scope: Scope, v: Values): boolean {
  const img = findProperty(o, 'machineImage');
  if (!img) return false;
  const n = v.resolve(img);
  if (n.type !== 'CallExpression' && n.type !== 'NewExpression') return false;
  const name = scope.ref(n.callee)?.name ?? '';
  if (
    name === 'MachineImage.latestAmazonLinux2023' ||
    name === 'AmazonLinux2023ImageSsmParameter' ||
    name === 'AmazonLinux2023Image' ||
    name === 'EcsOptimizedImage.amazonLinux2023'
  )
    return true;
  const arg = n.arguments[0];
  if (name === 'MachineImage.fromSsmParameter' && arg && arg.type !== 'SpreadElement') {
    // AWS's public parameters for Amazon Linux 2023 AMIs, as the launch model reads them from templates.
    const parts = v.parts(arg);
    return parts.length === 1 && typeof parts[0] === 'string' && isAmazonLinux2023Image(parts[0]);
  }
  const props = arg && arg.type !== 'SpreadElement' ? v.resolve(arg) : undefined;
  const gen = props?.type === 'ObjectExpression' ? findProperty(props, 'generation') : undefined;
  const genName = gen ? scope.ref(gen)?.name : undefined;
  return genName === 'AmazonLinuxGeneration.AMAZON_LINUX_2023';
}
