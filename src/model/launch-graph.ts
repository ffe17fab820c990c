import { subReferences, type Evaluator } from './intrinsics.js';
import { get, getEntry, isMap, isSeq, isString, singleKey, type SEntry, type SNode } from './node.js';
import type { InstanceProfile, LaunchKind, LaunchModel, ProfileAttachment, Role, RoleRef } from './launch.js';
import { isAmazonLinux2023Image, NO_LAUNCH, TERRAFORM_NAMES } from './launch.js';
import { alternatives, Spec } from './launch-spec.js';
import type { PolicyDocument } from './policy.js';
import type { LineIndex } from './source.js';
import { resourceLabel, type Resource, type Template } from './template.js';
import { known, type Val } from './value.js';

const PROFILE = 'AWS::IAM::InstanceProfile';
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const ROLE = 'AWS::IAM::Role';
const NODEGROUP = 'AWS::EKS::Nodegroup';
const CLUSTER = 'AWS::EKS::Cluster';

function literalName(r: Resource, prop: string): string | undefined {
  const n = get(r.properties, prop);
  return isString(n) ? n.value : undefined;
}

/**
 * The resource of `type` a value names: `!Ref R`, `!GetAtt R.Arn`, an ARN ending in `${R}`, or a
 * literal name (or ARN) equal to the name a resource of the template declares.
 */
function namedResource(v: Val, type: string, byName: ReadonlyMap<string, Resource>, t: Template | undefined): Resource | undefined {
  const last = v.parts[v.parts.length - 1];
  if (last !== undefined && typeof last !== 'string' && last.sym === 'resource') {
    const before = v.parts.slice(0, -1);
    if (last.type === type && before.every((p) => typeof p === 'string' || p.sym === 'partition' || p.sym === 'account'))
      return t?.resources.get(last.resource);
    return undefined;
  }
  const s = known(v);
  if (s === undefined) return undefined;
  return byName.get(s.startsWith('arn:') ? s.slice(s.lastIndexOf('/') + 1) : s);
}

/** Every resource a node mentions through `Ref`, `Fn::GetAtt` or `Fn::Sub`. */
function mentions(n: SNode, out: Set<string>): void {
  if (n.kind === 'scalar') return;
  if (n.kind === 'seq') {
    for (const i of n.items) mentions(i, out);
    return;
  }
  const e = singleKey(n);
  if (e && e.key.value === 'Ref' && isString(e.value)) out.add(e.value.value);
  else if (e && e.key.value === 'Fn::GetAtt') {
    const a = e.value;
    if (isString(a)) out.add(a.value.split('.')[0] ?? '');
    else if (isSeq(a) && isString(a.items[0])) out.add(a.items[0].value);
  } else if (e && e.key.value === 'Fn::Sub') {
    const tpl = isString(e.value) ? e.value.value : isSeq(e.value) && isString(e.value.items[0]) ? e.value.items[0].value : '';
    for (const ref of subReferences(tpl)) if (!ref.name.startsWith('!')) out.add((ref.name.split('.')[0] ?? '').trim());
  }
  for (const x of n.entries) mentions(x.value, out);
}

class Graph {
  private readonly profilesById = new Map<string, InstanceProfile & { attachedTo: string[] }>();
  private readonly profileNames = new Map<string, Resource>();
  private readonly templateNames = new Map<string, Resource>();
  private readonly configNames = new Map<string, Resource>();
  private readonly roleNames = new Map<string, Resource>();
  private readonly clusterNames = new Map<string, Resource>();
  /** The instance profiles EKS creates for node groups' `NodeRole`. */
  private readonly createdProfiles: (InstanceProfile & { attachedTo: string[] })[] = [];
  /** Launch templates of this template that node groups use, with those node groups. */
  private readonly nodegroupsOf = new Map<Spec, Resource[]>();
  private readonly roles = new Map<string, Role>();
  private readonly specsByTemplate = new Map<string, Spec>();
  private readonly specsByConfig = new Map<string, Spec>();
  private readonly specs: Spec[] = [];
  private owners: Map<string, string[]> | undefined;
  private byOrigin: Map<string, PolicyDocument[]> | undefined;
  private readonly order = new Map<PolicyDocument, number>();

  constructor(
    private readonly t: Template,
    private readonly ev: Evaluator,
    private readonly policies: readonly PolicyDocument[],
    private readonly lines: LineIndex,
  ) {
    for (const r of t.resources.values()) {
      const add = (m: Map<string, Resource>, prop: string) => {
        const n = literalName(r, prop);
        if (n) m.set(n, r);
      };
      if (r.type === PROFILE) add(this.profileNames, 'InstanceProfileName');
      else if (r.type === LAUNCH_TEMPLATE) add(this.templateNames, 'LaunchTemplateName');
      else if (r.type === 'AWS::AutoScaling::LaunchConfiguration') add(this.configNames, 'LaunchConfigurationName');
      else if (r.type === ROLE) add(this.roleNames, 'RoleName');
      else if (r.type === CLUSTER) add(this.clusterNames, 'Name');
    }
  }

  build(): LaunchModel {
    const t = this.t;
    for (const r of t.resources.values()) if (r.type === PROFILE) this.profilesById.set(r.id, this.profile(r));
    for (const r of t.resources.values()) {
      if (r.type === LAUNCH_TEMPLATE) {
        const data = getEntry(r.properties, 'LaunchTemplateData');
        const s = this.spec('launchTemplate', `launch template ${r.id}`, r, 'Properties.LaunchTemplateData', data?.value);
        this.specsByTemplate.set(r.id, s);
      } else if (r.type === 'AWS::AutoScaling::LaunchConfiguration') {
        this.specsByConfig.set(r.id, this.spec('launchConfiguration', `launch configuration ${r.id}`, r, 'Properties', r.properties));
      }
    }
    for (const r of t.resources.values()) {
      const p = r.properties;
      if (r.type === 'AWS::EC2::Instance') {
        const s = this.spec('instance', `instance ${r.id}`, r, 'Properties', p);
        const lt = get(p, 'LaunchTemplate');
        if (lt) {
          const target = this.launchTemplate(lt);
          s.launchTemplate = { node: lt, target: target ?? 'unknown' };
          target?.usedBy.push(s.label);
        }
      } else if (r.type === 'AWS::AutoScaling::AutoScalingGroup') {
        const label = `Auto Scaling group ${r.id}`;
        const mip = get(get(p, 'MixedInstancesPolicy'), 'LaunchTemplate');
        const refs = [get(p, 'LaunchTemplate'), get(mip, 'LaunchTemplateSpecification')];
        const overrides = get(mip, 'Overrides');
        if (isSeq(overrides)) for (const o of overrides.items) refs.push(get(o, 'LaunchTemplateSpecification'));
        for (const ref of refs) if (ref) this.launchTemplate(ref)?.usedBy.push(label);
        const lc = get(p, 'LaunchConfigurationName');
        if (lc)
          for (const v of this.ev.str(lc)) {
            const target = namedResource(v, 'AWS::AutoScaling::LaunchConfiguration', this.configNames, t);
            if (target) this.specsByConfig.get(target.id)?.usedBy.push(label);
          }
      } else if (r.type === 'AWS::EC2::SpotFleet' || r.type === 'AWS::EC2::EC2Fleet') {
        const config = r.type === 'AWS::EC2::SpotFleet' ? get(p, 'SpotFleetRequestConfigData') : p;
        const base = r.type === 'AWS::EC2::SpotFleet' ? 'Properties.SpotFleetRequestConfigData' : 'Properties';
        const label = `${r.type === 'AWS::EC2::SpotFleet' ? 'Spot Fleet' : 'EC2 Fleet'} ${r.id}`;
        const ltc = get(config, 'LaunchTemplateConfigs');
        if (isSeq(ltc)) for (const c of ltc.items) this.launchTemplate(get(c, 'LaunchTemplateSpecification') ?? c)?.usedBy.push(label);
        const specs = get(config, 'LaunchSpecifications');
        if (isSeq(specs))
          specs.items.forEach((item, i) => {
            if (isMap(item)) this.spec('spotFleet', `${label} launch specification ${i + 1}`, r, `${base}.LaunchSpecifications[${i}]`, item, item);
          });
      } else if (r.type === NODEGROUP) {
        this.nodegroup(r);
      }
    }
    this.nodeImageDefaults();
    this.attach();
    return { specs: this.specs, profiles: [...this.profilesById.values(), ...this.createdProfiles] };
  }

  /**
   * An EKS managed node group. Its nodes launch from its `LaunchTemplate` (`{Id | Name, Version}`), which
   * EKS copies, or from a launch template EKS creates "automatically with default values" when it has
   * none: those defaults are EKS's, not the template's, so every IMDS setting is then Unknown (EKS
   * documents only that it sets the hop limit for containers, and that AL2023 nodes require IMDSv2).
   * Its `NodeRole` (a role ARN) is the nodes' role: EKS puts it in an instance profile it creates.
   * https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-nodegroup.html
   */
  private nodegroup(r: Resource): void {
    const s = new Spec('nodegroup', `EKS node group ${r.id}`, r, 'Properties', r.keyNode, undefined, this.ev, this.lines, true);
    if (this.t.dialect === 'terraform') s.names = TERRAFORM_NAMES;
    this.specs.push(s);
    const lt = get(r.properties, 'LaunchTemplate');
    if (lt) {
      const target = this.launchTemplate(lt, 'Id', 'Name');
      s.launchTemplate = { node: lt, target: target ?? 'unknown' };
      if (target) {
        target.usedBy.push(s.label);
        const list = this.nodegroupsOf.get(target);
        if (list) list.push(r);
        else this.nodegroupsOf.set(target, [r]);
      }
    }
    const e = getEntry(r.properties, 'NodeRole');
    if (!e) return;
    const roles: RoleRef[] = [];
    const seen = new Set<string>();
    let unknown = false;
    for (const b of alternatives(this.ev, e.value, [])) {
      if (!b.node) continue;
      for (const v of this.ev.str(b.node, b.notes)) {
        const role = namedResource(v, ROLE, this.roleNames, this.t);
        if (!role) unknown = true;
        else if (seen.has(role.id)) continue;
        else seen.add(role.id);
        roles.push({ node: b.node, role: role && this.role(role) });
      }
    }
    const profile = {
      resource: r,
      rolesEntry: e,
      roles,
      roleCount: undefined,
      attachedTo: [s.label],
      createdBy: { service: 'EKS', path: 'Properties.NodeRole' },
    };
    this.createdProfiles.push(profile);
    s.profile = { key: e.key, node: e.value, profiles: [profile], unknown };
  }

  /**
   * A launch template that only node groups use and that names no image: the nodes run the EKS-optimized
   * AMI of the group's AMI type. "AL2023 requires IMDSv2 by default" (an `HttpTokens` the template leaves
   * out is not IMDSv1 there, unless an account default says otherwise), while the other AMI types follow
   * EC2's defaults. https://docs.aws.amazon.com/eks/latest/userguide/al2023.html
   */
  private nodeImageDefaults(): void {
    for (const [lt, groups] of this.nodegroupsOf) {
      // Used by an instance or an Auto Scaling group as well, or with an image of its own: EC2's defaults apply.
      if (lt.usedBy.length !== groups.length || get(lt.data, 'ImageId') !== undefined) continue;
      if (groups.every((g) => this.mayRunAl2023(g))) lt.unsetUnknown.add('tokens');
    }
  }

  /**
   * Whether every alternative of a node group's AMI type may be Amazon Linux 2023: `AL2023_*`, a value
   * unknown offline, or none on Kubernetes 1.30 or later (or a version the template does not tell), where
   * "any newly created managed node groups ... will automatically default to using AL2023".
   * https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-ami.html
   */
  private mayRunAl2023(g: Resource): boolean {
    for (const b of alternatives(this.ev, get(g.properties, 'AmiType'), [])) {
      if (b.node === undefined) {
        if (this.before130(g)) return false;
        continue;
      }
      for (const v of this.ev.str(b.node, b.notes)) {
        const s = known(v);
        if (s !== undefined && !/^AL2023_/i.test(s)) return false;
      }
    }
    return true;
  }

  /** Whether a node group's Kubernetes version is known to be before 1.30: its `Version`, else its cluster's (a node group is created at its cluster's version). */
  private before130(g: Resource): boolean {
    let version = get(g.properties, 'Version');
    if (!version) {
      const name = get(g.properties, 'ClusterName');
      for (const v of name ? this.ev.str(name) : []) version ??= get(namedResource(v, CLUSTER, this.clusterNames, this.t)?.properties, 'Version');
    }
    // A version written as a number is not read: YAML and JSON make `1.30` the number 1.3.
    if (!version || (version.kind === 'scalar' && typeof version.value === 'number')) return false;
    return this.ev.str(version).some((v) => {
      const m = /^(\d+)\.(\d+)$/.exec(known(v) ?? '');
      return !!m && Number(m[1]) * 1000 + Number(m[2]) < 1030;
    });
  }

  private spec(kind: LaunchKind, label: string, r: Resource, path: string, data: SNode | undefined, anchor: SNode = r.keyNode): Spec {
    const s = new Spec(kind, label, r, path, anchor, data, this.ev, this.lines);
    if (this.t.dialect === 'terraform') s.names = TERRAFORM_NAMES;
    const pe = getEntry(data, 'IamInstanceProfile');
    if (pe) s.profile = this.attachment(pe);
    if (this.runsAl2023(data)) s.unsetUnknown.add('tokens');
    this.specs.push(s);
    return s;
  }

  /**
   * Whether every possible `ImageId` is an Amazon Linux 2023 image. AL2023 AMIs are registered with
   * `ImdsSupport: v2.0`: a launch that leaves `HttpTokens` out gets `required`, unless the account
   * default says otherwise, which the file does not tell; so the omission is not judged (as for CDK's
   * `MachineImage.latestAmazonLinux2023()`).
   * https://docs.aws.amazon.com/linux/al2023/ug/ec2-imds.html
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataOptionsRequest.html
   */
  private runsAl2023(data: SNode | undefined): boolean {
    const image = get(data, 'ImageId');
    if (!image) return false;
    let any = false;
    for (const b of alternatives(this.ev, image, [])) {
      if (b.node === undefined) return false;
      for (const v of this.ev.str(b.node, b.notes)) {
        const s = known(v);
        if (s === undefined || !isAmazonLinux2023Image(s)) return false;
        any = true;
      }
    }
    return any;
  }

  /**
   * The launch template a `{LaunchTemplateId | LaunchTemplateName, Version}` (a node group's `{Id | Name,
   * Version}`) names, when it is one of this template's.
   */
  private launchTemplate(ref: SNode, idKey = 'LaunchTemplateId', nameKey = 'LaunchTemplateName'): Spec | undefined {
    const found = new Set<Spec>();
    let unknown = false;
    for (const b of alternatives(this.ev, ref, [])) {
      const idOrName = get(b.node, idKey) ?? get(b.node, nameKey);
      if (!idOrName) {
        if (b.node) unknown = true;
        continue;
      }
      for (const v of this.ev.str(idOrName)) {
        const r = namedResource(v, LAUNCH_TEMPLATE, this.templateNames, this.t);
        const s = r && this.specsByTemplate.get(r.id);
        if (s) found.add(s);
        else unknown = true;
      }
    }
    return !unknown && found.size === 1 ? [...found][0] : undefined;
  }

  private attachment(e: SEntry): ProfileAttachment {
    const profiles = new Set<InstanceProfile>();
    let unknown = false;
    for (const b of alternatives(this.ev, e.value, [])) {
      if (!b.node) continue;
      // Launch templates and Spot Fleet take `{Arn | Name}`; instances and launch configurations a string.
      const fn = singleKey(b.node)?.key.value;
      const intrinsic = typeof fn === 'string' && (fn === 'Ref' || fn.startsWith('Fn::'));
      const n = isMap(b.node) && !intrinsic ? (get(b.node, 'Arn') ?? get(b.node, 'Name')) : b.node;
      if (!n) continue;
      for (const v of this.ev.str(n)) {
        const r = namedResource(v, PROFILE, this.profileNames, this.t);
        const p = r && this.profilesById.get(r.id);
        if (p) profiles.add(p);
        else unknown = true;
      }
    }
    return { key: e.key, node: e.value, profiles: [...profiles], unknown };
  }

  private profile(r: Resource): InstanceProfile & { attachedTo: string[] } {
    const rolesEntry = getEntry(r.properties, 'Roles');
    const roles: RoleRef[] = [];
    let min = Infinity;
    let max = 0;
    let countable = true;
    for (const b of alternatives(this.ev, rolesEntry?.value, [])) {
      if (b.node === undefined) {
        min = 0;
        continue;
      }
      if (!isSeq(b.node)) {
        countable = false;
        continue;
      }
      let lo = 0;
      let hi = 0;
      for (const item of b.node.items) {
        const alts = alternatives(this.ev, item, b.notes);
        const present = alts.filter((a) => a.node !== undefined);
        if (present.length === alts.length) lo++;
        if (present.length > 0) hi++;
        for (const a of present) {
          for (const v of this.ev.str(a.node as SNode, a.notes)) {
            const role = namedResource(v, ROLE, this.roleNames, this.t);
            roles.push({ node: item, role: role && this.role(role) });
          }
        }
      }
      min = Math.min(min, lo);
      max = Math.max(max, hi);
    }
    return { resource: r, rolesEntry, roles, roleCount: countable && min !== Infinity ? { min, max } : undefined, attachedTo: [] };
  }

  private role(r: Resource): Role {
    const cached = this.roles.get(r.id);
    if (cached) return cached;
    const owners = new Set<string>([r.id, ...(this.policyOwners().get(r.id) ?? [])]);
    const managedPolicyArns: Val[] = [];
    for (const v of this.ev.list(get(r.properties, 'ManagedPolicyArns'))) {
      const last = v.parts.length === 1 ? v.parts[0] : undefined;
      if (last && typeof last !== 'string' && last.sym === 'resource' && last.type === 'AWS::IAM::ManagedPolicy') owners.add(last.resource);
      else managedPolicyArns.push(v);
    }
    const role: Role = {
      resource: r,
      trust: (this.documents().get(r.id) ?? []).filter((d) => d.kind === 'trust'),
      // In template order, as the documents come.
      policies: [...owners]
        .flatMap((id) => (this.documents().get(id) ?? []).filter((d) => d.kind === 'identity'))
        .sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0)),
      managedPolicyArns,
      permissionsBoundary: get(r.properties, 'PermissionsBoundary') !== undefined,
    };
    this.roles.set(r.id, role);
    return role;
  }

  /**
   * The `AWS::IAM::Policy`, `ManagedPolicy` and `RolePolicy` resources that name each role of this
   * template, read once for all roles: asking every resource for every role is quadratic.
   */
  private policyOwners(): Map<string, string[]> {
    if (this.owners) return this.owners;
    const out = new Map<string, string[]>();
    const add = (n: SNode | undefined, owner: string) => {
      const seen = new Set<string>();
      for (const v of this.ev.list(n)) {
        const role = namedResource(v, ROLE, this.roleNames, this.t);
        if (!role || seen.has(role.id)) continue;
        seen.add(role.id);
        const list = out.get(role.id);
        if (list) list.push(owner);
        else out.set(role.id, [owner]);
      }
    };
    for (const p of this.t.resources.values()) {
      if (p.type === 'AWS::IAM::Policy' || p.type === 'AWS::IAM::ManagedPolicy') add(get(p.properties, 'Roles'), p.id);
      else if (p.type === 'AWS::IAM::RolePolicy') add(get(p.properties, 'RoleName'), p.id);
    }
    return (this.owners = out);
  }

  /** The policy documents of the template by the resource they come from, in template order. */
  private documents(): Map<string, PolicyDocument[]> {
    if (this.byOrigin) return this.byOrigin;
    const out = new Map<string, PolicyDocument[]>();
    this.policies.forEach((d, i) => this.order.set(d, i));
    for (const d of this.policies) {
      const id = d.origin.resource;
      if (id === undefined) continue;
      const list = out.get(id);
      if (list) list.push(d);
      else out.set(id, [d]);
    }
    return (this.byOrigin = out);
  }

  /** Who uses each instance profile: launch specs, then any other resource that mentions it (Batch, Beanstalk, EMR...). */
  private attach(): void {
    if (this.profilesById.size === 0) return;
    for (const s of this.specs) for (const p of s.profile?.profiles ?? []) this.profilesById.get(p.resource.id)?.attachedTo.push(s.label);
    const launchTypes = new Set([LAUNCH_TEMPLATE, 'AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::Instance', 'AWS::EC2::SpotFleet', PROFILE]);
    for (const r of this.t.resources.values()) {
      if (launchTypes.has(r.type) || !r.properties) continue;
      const seen = new Set<string>();
      mentions(r.properties, seen);
      for (const id of seen) this.profilesById.get(id)?.attachedTo.push(resourceLabel(r, this.t.dialect));
    }
  }
}

/** Launch specs and instance profiles of a template. */
export function templateLaunch(t: Template, ev: Evaluator, policies: readonly PolicyDocument[], lines: LineIndex): LaunchModel {
  const hasAny = [...t.resources.values()].some((r) =>
    /^AWS::(EC2::(Instance|LaunchTemplate|SpotFleet|EC2Fleet)|AutoScaling::|IAM::InstanceProfile|EKS::Nodegroup)/.test(r.type),
  );
  return hasAny ? new Graph(t, ev, policies, lines).build() : NO_LAUNCH;
}
