import { grantsAction } from './actions.js';
import type { SEntry, SNode, SScalar } from './node.js';
import type { PolicyDocument } from './policy.js';
import type { Resource } from './template.js';
import { trustStatements } from './trust.js';
import type { UserDataSegment } from './userdata.js';
import type { Val } from './value.js';

export { dataFileLaunch } from './launch-data-file.js';
export { templateLaunch } from './launch-graph.js';

/**
 * Where EC2 instances get their launch settings, whatever the input: a CloudFormation instance, launch
 * template, launch configuration or Spot Fleet launch specification, an EKS managed node group, or a
 * launch-template data file (`RequestLaunchTemplateData`). The graph inside one template is followed:
 * instance → launch template → instance profile → role → its trust policy and policies (a node group:
 * its launch template, and its `NodeRole`, which EKS puts in an instance profile it creates). What
 * leaves the template is Unknown.
 */
export type LaunchKind = 'instance' | 'launchTemplate' | 'launchConfiguration' | 'spotFleet' | 'nodegroup' | 'dataFile';

/** The IMDS settings of `MetadataOptions`. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateInstanceMetadataOptionsRequest.html */
export const IMDS_FIELDS = { tokens: 'HttpTokens', endpoint: 'HttpEndpoint', hopLimit: 'HttpPutResponseHopLimit' } as const;
export type ImdsField = keyof typeof IMDS_FIELDS;

/**
 * AWS's public SSM parameters for Amazon Linux 2023 images (general purpose, ECS- and EKS-optimized),
 * as a parameter default or a `{{resolve:ssm:...}}` reference, and the Terraform lowering's name for an
 * `aws_ami` lookup of Amazon's AL2023 images.
 * https://docs.aws.amazon.com/linux/al2023/ug/ec2.html
 */
const AL2023_IMAGE =
  /^(\{\{resolve:ssm:)?\/aws\/service\/(ami-amazon-linux-latest\/al2023-ami-|ecs\/optimized-ami\/amazon-linux-2023\/|eks\/optimized-ami\/[^/]+\/amazon-linux-2023\/)|^al2023-ami \(/;

export function isAmazonLinux2023Image(imageId: string): boolean {
  return AL2023_IMAGE.test(imageId);
}

/** Launch-setting fields as the user wrote them, for messages: CloudFormation's names, or Terraform's. */
export interface LaunchNames {
  readonly metadataOptions: string;
  readonly tokens: string;
  readonly endpoint: string;
  readonly hopLimit: string;
  /** Where a Spot Fleet request takes launch templates. */
  readonly launchTemplateConfigs: string;
  /** The resource type of a launch template. */
  readonly launchTemplate: string;
}

export const CLOUDFORMATION_NAMES: LaunchNames = {
  metadataOptions: 'MetadataOptions',
  tokens: 'HttpTokens',
  endpoint: 'HttpEndpoint',
  hopLimit: 'HttpPutResponseHopLimit',
  launchTemplateConfigs: 'LaunchTemplateConfigs',
  launchTemplate: 'AWS::EC2::LaunchTemplate',
};

/** https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/launch_template#metadata-options */
export const TERRAFORM_NAMES: LaunchNames = {
  metadataOptions: 'metadata_options',
  tokens: 'http_tokens',
  endpoint: 'http_endpoint',
  hopLimit: 'http_put_response_hop_limit',
  launchTemplateConfigs: 'launch_template_config',
  launchTemplate: 'aws_launch_template',
};

/** One possible value of an IMDS setting (one per `Fn::If` branch). */
export interface Setting {
  /**
   * The literal value; undefined when nothing sets it (EC2's default applies: the AMI's or the account's);
   * null when it cannot be known offline (a launch template outside the file, the launch template EKS
   * creates for a node group, an AMI documented to require IMDSv2 whose setting an account default may change).
   */
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
  /** After `segments()`: why some of it was not decoded (over the file's decoding budget, a gzip bomb), if so. */
  overLimit(): string | undefined;
}

export interface ProfileAttachment {
  /** The property that names the profile (`IamInstanceProfile`), or the role (a node group's `NodeRole`). */
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
  /** Field names for messages, in the language of the file. */
  readonly names: LaunchNames;
  /** Spot Fleet launch specifications have no `MetadataOptions`. */
  readonly hasMetadataOptions: boolean;
  readonly metadataOptions: SEntry | undefined;
  readonly profile: ProfileAttachment | undefined;
  readonly userData: UserData | undefined;
  /** The launch template this spec starts from: a spec of this template, 'unknown' (outside it), or undefined (none). */
  readonly launchTemplate: { readonly node: SNode; readonly target: LaunchSpec | 'unknown' } | undefined;
  /** Template resources that launch instances from this spec (instances, Auto Scaling groups, fleets, EKS node groups). */
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
  /**
   * Set for the instance profile a service creates from a role the template names: an EKS managed node
   * group's `NodeRole` (a role ARN; EKS makes the profile itself). `resource` is then the resource that
   * names the role, `rolesEntry` that property (`path` from the resource), and `roleCount` is undefined.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-nodegroup.html#cfn-eks-nodegroup-noderole
   */
  readonly createdBy?: { readonly service: string; readonly path: string };
}

export interface LaunchModel {
  readonly specs: readonly LaunchSpec[];
  readonly profiles: readonly InstanceProfile[];
}

export const NO_LAUNCH: LaunchModel = { specs: [], profiles: [] };

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
