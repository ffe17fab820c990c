import { grantsAction } from './actions.js';
import type { Evaluator } from './intrinsics.js';
import { get, getEntry, isMap, isSeq, isString, scalarString, singleKey, type SEntry, type SNode, type SScalar } from './node.js';
import type { PolicyDocument } from './policy.js';
import type { LineIndex } from './source.js';
import type { Resource, Template } from './template.js';
import { trustStatements } from './trust.js';
import { userDataSegments, type UserDataSegment } from './userdata.js';
import { known, type Val } from './value.js';

/**
 * Where EC2 instances get their launch settings, whatever the input: a CloudFormation instance, launch
 * template, launch configuration or Spot Fleet launch specification, or a launch-template data file
 * (`RequestLaunchTemplateData`). The graph inside one template is followed: instance → launch template
 * → instance profile → role → its trust policy and policies. What leaves the template is Unknown.
 */
export type LaunchKind = 'instance' | 'launchTemplate' | 'launchConfiguration' | 'spotFleet' | 'dataFile';

/** The IMDS settings of `MetadataOptions`. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateInstanceMetadataOptionsRequest.html */
export const IMDS_FIELDS = { tokens: 'HttpTokens', endpoint: 'HttpEndpoint', hopLimit: 'HttpPutResponseHopLimit' } as const;
export type ImdsField = keyof typeof IMDS_FIELDS;

/** One possible value of an IMDS setting (one per `Fn::If` branch). */
export interface Setting {
  /** The literal value; undefined when nothing sets it (the AMI's or the account's default applies); null when it cannot be known offline. */
  readonly value: string | undefined | null;
  /** The value when written; else the `MetadataOptions` key, or the spec's anchor. */
  readonly at: SNode;
  readonly notes: readonly string[];
  /** The spec whose settings decide: the spec itself, or the launch template it starts from. */
  readonly from: LaunchSpec;
}

export interface UserData {
  readonly key: SScalar;
  readonly node: SNode;
  /** The decoded texts (computed on first use, then kept). */
  segments(): readonly UserDataSegment[];
}

export interface ProfileAttachment {
  readonly key: SScalar;
  readonly node: SNode;
  /** The instance profiles of this template it names (several only through `Fn::If`). */
  readonly profiles: readonly InstanceProfile[];
  /** Some alternative names a profile outside the template, or one that cannot be known. */
  readonly unknown: boolean;
}

export interface LaunchSpec {
  readonly kind: LaunchKind;
  /** For messages: "instance Web", "launch template AppTemplate", "this launch template data". */
  readonly label: string;
  readonly resource: Resource | undefined;
  /** Path from the resource (or the file's root) to the settings, e.g. `Properties.LaunchTemplateData`. */
  readonly path: string;
  /** Where a finding about a setting nobody wrote points: the resource's logical id, or the data's key. */
  readonly anchor: SNode;
  /** Spot Fleet launch specifications have no `MetadataOptions`. */
  readonly hasMetadataOptions: boolean;
  readonly metadataOptions: SEntry | undefined;
  readonly profile: ProfileAttachment | undefined;
  readonly userData: UserData | undefined;
  /** The launch template this spec starts from: a spec of this template, 'unknown' (outside it), or undefined (none). */
  readonly launchTemplate: { readonly node: SNode; readonly target: LaunchSpec | 'unknown' } | undefined;
  /** Template resources that launch instances from this spec (instances, Auto Scaling groups, fleets). */
  readonly usedBy: readonly string[];
  /** The possible values of an IMDS setting, after following the launch template (instance values win, field by field). */
  setting(field: ImdsField): readonly Setting[];
}

export interface Role {
  readonly resource: Resource;
  readonly trust: readonly PolicyDocument[];
  /** Identity policies of this template that apply to the role: inline, `AWS::IAM::Policy`/`RolePolicy` naming it, managed policies of the template it attaches. */
  readonly policies: readonly PolicyDocument[];
  /** `ManagedPolicyArns` entries that are not policies of this template (AWS managed policies, imports...). */
  readonly managedPolicyArns: readonly Val[];
  readonly permissionsBoundary: boolean;
}

export interface RoleRef {
  readonly node: SNode;
  /** The role of this template, or undefined when it is outside the template or cannot be known. */
  readonly role: Role | undefined;
}

export interface InstanceProfile {
  readonly resource: Resource;
  readonly rolesEntry: SEntry | undefined;
  readonly roles: readonly RoleRef[];
  /** The fewest and most roles over the `Fn::If` branches; undefined when the list cannot be known. */
  readonly roleCount: { readonly min: number; readonly max: number } | undefined;
  /** Template resources that use the profile: launch specs first ("instance Web"), then any other reference. */
  readonly attachedTo: readonly string[];
}

export interface LaunchModel {
  readonly specs: readonly LaunchSpec[];
  readonly profiles: readonly InstanceProfile[];
}

export const NO_LAUNCH: LaunchModel = { specs: [], profiles: [] };

const PROFILE = 'AWS::IAM::InstanceProfile';
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const ROLE = 'AWS::IAM::Role';

interface Alt {
  readonly node: SNode | undefined;
  readonly notes: readonly string[];
}

/** `Fn::If` alternatives at a structural position, keeping `AWS::NoValue` as an absent alternative. */
function alternatives(ev: Evaluator, n: SNode | undefined, notes: readonly string[]): Alt[] {
  if (n === undefined || ev.isNoValue(n)) return [{ node: undefined, notes }];
  const e = singleKey(n);
  if (ev.template && e?.key.value === 'Fn::If' && isSeq(e.value) && e.value.items.length === 3) {
    const [c, a, b] = e.value.items;
    const cond = (c && c.kind === 'scalar' ? scalarString(c) : undefined) ?? '?';
    return [...alternatives(ev, a, [...notes, `when condition ${cond} is true`]), ...alternatives(ev, b, [...notes, `when condition ${cond} is false`])];
  }
  return [{ node: n, notes }];
}

class Spec implements LaunchSpec {
  launchTemplate: { node: SNode; target: LaunchSpec | 'unknown' } | undefined;
  readonly usedBy: string[] = [];
  readonly metadataOptions: SEntry | undefined;
  readonly userData: UserData | undefined;
  profile: ProfileAttachment | undefined;
  private readonly cache = new Map<ImdsField, Setting[]>();

  constructor(
    readonly kind: LaunchKind,
    readonly label: string,
    readonly resource: Resource | undefined,
    readonly path: string,
    readonly anchor: SNode,
    readonly data: SNode | undefined,
    private readonly ev: Evaluator,
    lines: LineIndex,
    /** A data file that changes a source version: what it leaves out comes from that version. */
    private readonly inherits = false,
  ) {
    this.hasMetadataOptions = kind !== 'spotFleet';
    this.metadataOptions = this.hasMetadataOptions ? getEntry(data, 'MetadataOptions') : undefined;
    const ud = getEntry(data, 'UserData');
    if (ud) {
      let segs: UserDataSegment[] | undefined;
      this.userData = { key: ud.key, node: ud.value, segments: () => (segs ??= userDataSegments(ud.value, ev, lines)) };
    }
  }

  readonly hasMetadataOptions: boolean;

  setting(field: ImdsField): readonly Setting[] {
    let out = this.cache.get(field);
    if (!out) this.cache.set(field, (out = this.compute(field)));
    return out;
  }

  private inherit(out: Setting[], at: SNode, notes: readonly string[], field: ImdsField): void {
    const lt = this.launchTemplate;
    if (!lt) out.push({ value: this.inherits ? null : undefined, at, notes, from: this });
    else if (lt.target === 'unknown') out.push({ value: null, at: lt.node, notes, from: this });
    else for (const s of lt.target.setting(field)) out.push({ ...s, notes: [...notes, ...s.notes] });
  }

  private compute(field: ImdsField): Setting[] {
    const out: Setting[] = [];
    const mo = this.metadataOptions;
    if (!mo) {
      this.inherit(out, this.anchor, [], field);
      return out;
    }
    for (const b of alternatives(this.ev, mo.value, [])) {
      if (b.node === undefined) {
        this.inherit(out, mo.key, b.notes, field);
        continue;
      }
      if (!isMap(b.node)) {
        out.push({ value: null, at: b.node, notes: b.notes, from: this });
        continue;
      }
      const e = getEntry(b.node, IMDS_FIELDS[field]);
      for (const vb of alternatives(this.ev, e?.value, b.notes)) {
        if (vb.node === undefined) {
          this.inherit(out, mo.key, vb.notes, field);
          continue;
        }
        for (const v of this.ev.str(vb.node, vb.notes))
          out.push({ value: known(v) ?? null, at: vb.node.kind === 'scalar' ? vb.node : v.node, notes: v.notes, from: this });
      }
    }
    return out;
  }
}

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
    for (const m of tpl.matchAll(/\$\{([^}!.]+)(?:\.[^}]*)?\}/g)) out.add((m[1] ?? '').trim());
  }
  for (const x of n.entries) mentions(x.value, out);
}

class Graph {
  private readonly profilesById = new Map<string, InstanceProfile & { attachedTo: string[] }>();
  private readonly profileNames = new Map<string, Resource>();
  private readonly templateNames = new Map<string, Resource>();
  private readonly configNames = new Map<string, Resource>();
  private readonly roleNames = new Map<string, Resource>();
  private readonly roles = new Map<string, Role>();
  private readonly specsByTemplate = new Map<string, Spec>();
  private readonly specsByConfig = new Map<string, Spec>();
  private readonly specs: Spec[] = [];

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
      }
    }
    this.attach();
    return { specs: this.specs, profiles: [...this.profilesById.values()] };
  }

  private spec(kind: LaunchKind, label: string, r: Resource, path: string, data: SNode | undefined, anchor: SNode = r.keyNode): Spec {
    const s = new Spec(kind, label, r, path, anchor, data, this.ev, this.lines);
    const pe = getEntry(data, 'IamInstanceProfile');
    if (pe) s.profile = this.attachment(pe);
    this.specs.push(s);
    return s;
  }

  /** The launch template a `{LaunchTemplateId | LaunchTemplateName, Version}` names, when it is one of this template's. */
  private launchTemplate(ref: SNode): Spec | undefined {
    const found = new Set<Spec>();
    let unknown = false;
    for (const b of alternatives(this.ev, ref, [])) {
      const idOrName = get(b.node, 'LaunchTemplateId') ?? get(b.node, 'LaunchTemplateName');
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
    const owners = new Set<string>([r.id]);
    const names = (n: SNode | undefined) => this.ev.list(n).some((v) => namedResource(v, ROLE, this.roleNames, this.t) === r);
    for (const p of this.t.resources.values()) {
      if ((p.type === 'AWS::IAM::Policy' || p.type === 'AWS::IAM::ManagedPolicy') && names(get(p.properties, 'Roles'))) owners.add(p.id);
      if (p.type === 'AWS::IAM::RolePolicy' && names(get(p.properties, 'RoleName'))) owners.add(p.id);
    }
    const managedPolicyArns: Val[] = [];
    for (const v of this.ev.list(get(r.properties, 'ManagedPolicyArns'))) {
      const last = v.parts.length === 1 ? v.parts[0] : undefined;
      if (last && typeof last !== 'string' && last.sym === 'resource' && last.type === 'AWS::IAM::ManagedPolicy') owners.add(last.resource);
      else managedPolicyArns.push(v);
    }
    const role: Role = {
      resource: r,
      trust: this.policies.filter((d) => d.kind === 'trust' && d.origin.resource === r.id),
      policies: this.policies.filter((d) => d.kind === 'identity' && d.origin.resource !== undefined && owners.has(d.origin.resource)),
      managedPolicyArns,
      permissionsBoundary: get(r.properties, 'PermissionsBoundary') !== undefined,
    };
    this.roles.set(r.id, role);
    return role;
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
      for (const id of seen) this.profilesById.get(id)?.attachedTo.push(`${r.type} ${r.id}`);
    }
  }
}

/** Launch specs and instance profiles of a template. */
export function templateLaunch(t: Template, ev: Evaluator, policies: readonly PolicyDocument[], lines: LineIndex): LaunchModel {
  const hasAny = [...t.resources.values()].some((r) =>
    /^AWS::(EC2::(Instance|LaunchTemplate|SpotFleet|EC2Fleet)|AutoScaling::|IAM::InstanceProfile)/.test(r.type),
  );
  return hasAny ? new Graph(t, ev, policies, lines).build() : NO_LAUNCH;
}

/** Members of `RequestLaunchTemplateData`. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RequestLaunchTemplateData.html */
const LAUNCH_TEMPLATE_DATA_KEYS = new Set([
  'BlockDeviceMappings',
  'CapacityReservationSpecification',
  'CpuOptions',
  'CreditSpecification',
  'DisableApiStop',
  'DisableApiTermination',
  'EbsOptimized',
  'ElasticGpuSpecifications',
  'ElasticInferenceAccelerators',
  'EnclaveOptions',
  'HibernationOptions',
  'IamInstanceProfile',
  'ImageId',
  'InstanceInitiatedShutdownBehavior',
  'InstanceMarketOptions',
  'InstanceRequirements',
  'InstanceType',
  'KernelId',
  'KeyName',
  'LicenseSpecifications',
  'MaintenanceOptions',
  'MetadataOptions',
  'Monitoring',
  'NetworkInterfaces',
  'NetworkPerformanceOptions',
  'Operator',
  'Placement',
  'PrivateDnsNameOptions',
  'RamDiskId',
  'SecurityGroupIds',
  'SecurityGroups',
  'TagSpecifications',
  'UserData',
]);
/** Members only launch settings have: a map made of these and nothing else is launch-template data. */
const LAUNCH_SETTINGS = ['ImageId', 'InstanceType', 'MetadataOptions', 'IamInstanceProfile', 'UserData', 'InstanceRequirements'];
/** Around `LaunchTemplateData` in `create-launch-template(-version) --cli-input-json` and `get-launch-template-data` output. */
const CLI_INPUT_KEYS = new Set([
  'LaunchTemplateData',
  'LaunchTemplateName',
  'LaunchTemplateId',
  'VersionDescription',
  'SourceVersion',
  'ClientToken',
  'DryRun',
  'TagSpecifications',
  'Operator',
  'ResolveAlias',
]);

function isLaunchData(n: SNode | undefined): boolean {
  if (!isMap(n) || n.entries.length < 2) return false;
  if (!n.entries.every((e) => LAUNCH_TEMPLATE_DATA_KEYS.has(String(e.key.value)))) return false;
  if (!LAUNCH_SETTINGS.some((k) => get(n, k) !== undefined)) return false;
  const mo = get(n, 'MetadataOptions');
  const ud = get(n, 'UserData');
  return (mo === undefined || isMap(mo)) && (ud === undefined || isString(ud));
}

/**
 * Launch-template data files, recognised by content in the three shapes kept in repositories: the bare
 * `RequestLaunchTemplateData` (`--launch-template-data file://...`), the `--cli-input-json` shape
 * (`LaunchTemplateName` + `LaunchTemplateData`), and `describe-launch-template-versions` output
 * (`LaunchTemplateVersions[].LaunchTemplateData`).
 */
export function dataFileLaunch(root: SNode, ev: Evaluator, lines: LineIndex): LaunchSpec[] {
  if (!isMap(root)) return [];
  const name = (n: SNode | undefined) => {
    const s = get(n, 'LaunchTemplateName');
    return isString(s) ? s.value : undefined;
  };
  const versions = get(root, 'LaunchTemplateVersions');
  if (isSeq(versions)) {
    const out: LaunchSpec[] = [];
    versions.items.forEach((item, i) => {
      const d = getEntry(item, 'LaunchTemplateData');
      if (!d || !isMap(d.value)) return;
      const vn = get(item, 'VersionNumber');
      const n = name(item);
      const label = `${vn?.kind === 'scalar' ? `version ${String(vn.value)}` : 'a version'} of launch template ${n ?? '(unnamed)'}`;
      out.push(new Spec('dataFile', label, undefined, `LaunchTemplateVersions[${i}].LaunchTemplateData`, d.key, d.value, ev, lines));
    });
    return out;
  }
  const d = getEntry(root, 'LaunchTemplateData');
  if (d && isMap(d.value) && root.entries.every((e) => CLI_INPUT_KEYS.has(String(e.key.value)))) {
    const n = name(root);
    const label = n ? `launch template ${n}` : 'this launch template data';
    return [new Spec('dataFile', label, undefined, 'LaunchTemplateData', d.key, d.value, ev, lines, get(root, 'SourceVersion') !== undefined)];
  }
  if (isLaunchData(root)) return [new Spec('dataFile', 'this launch template data', undefined, '', root, root, ev, lines)];
  return [];
}

/** A principal's text, `ec2.${AWS::URLSuffix}` (CDK's spelling) read as `ec2.amazonaws.com`; undefined when not known. */
function principalText(v: Val): string | undefined {
  let s = '';
  for (const p of v.parts) {
    if (typeof p === 'string') s += p;
    else if (p.sym === 'urlSuffix') s += 'amazonaws.com';
    else return undefined;
  }
  return s;
}

/** The service principals that EC2 assumes an instance profile's role with (`.cn` in the China Regions). */
const EC2_SERVICES = ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'];

/**
 * Whether EC2 can assume a role, from its trust policies: true when an Allow statement lets
 * `ec2.amazonaws.com` (or `.cn`) call `sts:AssumeRole`; 'unknown' when some principal or action cannot
 * be read; the services it does allow, for messages.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
 */
export function ec2CanAssume(role: Role): { verdict: boolean | 'unknown'; services: string[] } {
  if (role.trust.length === 0) return { verdict: 'unknown', services: [] };
  let unknown = false;
  const services = new Set<string>();
  for (const doc of role.trust) {
    // A document we could not read (a parameter, an unknown Effect) may allow anything.
    if (doc.statements.length === 0 || doc.statements.some((st) => st.effect === undefined)) unknown = true;
    for (const st of trustStatements(doc)) {
      const g = grantsAction(st, 'sts:AssumeRole').granted;
      if (g === 'unknown' || st.principal?.unknown || st.notPrincipal) unknown = true;
      if (g !== true) continue;
      for (const e of st.principal?.entries ?? []) {
        const text = principalText(e.val);
        if (e.type === 'Service') {
          if (text === undefined) unknown = true;
          else if (EC2_SERVICES.includes(text.toLowerCase())) return { verdict: true, services: [text] };
          else services.add(text);
        } else if ((e.type === 'AWS' || e.type === '*') && (text === '*' || (text === undefined && e.type === '*'))) {
          // Everyone, services included.
          unknown = true;
        }
      }
    }
  }
  return { verdict: unknown ? 'unknown' : false, services: [...services] };
}

/** A spec's label at the start of a sentence: "Instance Web", "This launch template data". */
export function labelStart(spec: LaunchSpec): string {
  return spec.label.charAt(0).toUpperCase() + spec.label.slice(1);
}

/** The logical location of a finding about a spec's field (`field` relative to the spec's settings), for `ctx.report`. */
export function specLocation(spec: LaunchSpec, field: string): { resource?: string; path: string } {
  const path = [spec.path, field].filter(Boolean).join('.');
  return spec.resource ? { resource: spec.resource.id, path } : { path };
}
