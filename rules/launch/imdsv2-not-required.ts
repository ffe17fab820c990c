import { defineRule, labelStart, notesSuffix, type LaunchSpec } from '../../src/index.js';

/** Whether the launch template a spec starts from requires IMDSv2 (for the "overrides" message). */
function templateRequires(spec: LaunchSpec): string | undefined {
  const lt = spec.launchTemplate?.target;
  if (!lt || lt === 'unknown') return undefined;
  return lt.setting('tokens').some((s) => s.value?.toLowerCase() === 'required') ? lt.label : undefined;
}

export default defineRule({
  id: 'imdsv2-not-required',
  meta: {
    summary: 'Instances launched with these settings accept IMDSv1: MetadataOptions.HttpTokens is not `required`.',
    why: [
      'An application on EC2 gets its AWS credentials from the role of the instance profile: EC2 assumes the role (its trust policy must allow `ec2.amazonaws.com`) and serves temporary credentials, refreshed before they expire, through the instance metadata service (IMDS) at `http://169.254.169.254/latest/meta-data/iam/security-credentials/<role>`.',
      'With IMDSv1 a single unauthenticated GET returns those credentials, so any server-side request forgery, open proxy or misconfigured reverse proxy on the instance hands them out: the Capital One breach of 2019 went this way.',
      'IMDSv2 requires a session token obtained with a `PUT` (which forwarded GETs and most SSRF cannot send) and limits how far its response travels (`HttpPutResponseHopLimit`).',
      '`HttpTokens: required` turns IMDSv1 off; `optional` or leaving it out keeps it on, unless the AMI is flagged `ImdsSupport: v2.0` or the account (or an Organizations declarative policy) sets an IMDS default that requires v2: a template cannot see either, so iamlint reports what the template itself enforces. If your accounts already require IMDSv2 by default, set `imdsv2AccountDefault: true` in the configuration and only explicit `optional` values are reported.',
      "The rule follows an instance's `LaunchTemplate` to a launch template of the same template; values set on the instance override the template's, field by field, as EC2 does. `HttpEndpoint: disabled` (no IMDS at all) is not reported.",
      "EKS managed node groups (`AWS::EKS::Nodegroup`, CDK's `addNodegroupCapacity` and `eks.Nodegroup`, Terraform's `aws_eks_node_group`) launch their nodes from their `LaunchTemplate`, which is judged as any launch template (and reported there). Without one, EKS creates a launch template with default values of its own, which the template cannot see, so nothing is reported. A launch template that only node groups use and that names no image runs the EKS-optimized AMI of the group's AMI type: Amazon Linux 2023 requires IMDSv2 by default, so an omitted `HttpTokens` is not reported when every such group may run AL2023 (`AmiType: AL2023_*`, or no `AmiType` on Kubernetes 1.30 or later, or on a version the template does not tell: AL2023 is the default there); AL2, Bottlerocket, Windows and custom images follow EC2's defaults.",
    ].join('\n\n'),
    flagged: [
      '`AWS::EC2::Instance`, `AWS::EC2::LaunchTemplate` (`LaunchTemplateData.MetadataOptions`), `AWS::AutoScaling::LaunchConfiguration` and launch-template data files (`RequestLaunchTemplateData`, `--cli-input-json`, `describe-launch-template-versions` output) with `HttpTokens: optional`, or without `HttpTokens` and without a launch template that sets it.',
      'An instance that sets `HttpTokens: optional` over a launch template that requires IMDSv2.',
      '`AWS::EC2::SpotFleet` launch specifications (`LaunchSpecifications`), which cannot set metadata options at all.',
      'In templates, each `Fn::If` branch and parameter default separately.',
    ],
    notFlagged: [
      '`HttpEndpoint: disabled`.',
      'An instance without its own `HttpTokens` that starts from a launch template: the launch template is reported, once, not every instance.',
      'Launch templates outside the template (`LaunchTemplateId` from a parameter or an import), parameters without defaults, and a `--cli-input-json` file with `SourceVersion` that leaves `MetadataOptions` to the source version.',
      'An omitted `HttpTokens` when `imdsv2AccountDefault` is set in the configuration.',
      'EKS node groups themselves: their launch template is reported, and one without a launch template gets the settings EKS chooses.',
      'An omitted `HttpTokens` in a launch template that only Amazon Linux 2023 node groups use (see above).',
      'An omitted `HttpTokens` where every possible `ImageId` is an Amazon Linux 2023 image: AWS\'s public SSM parameters (`/aws/service/ami-amazon-linux-latest/al2023-ami-...`, the ECS- and EKS-optimized AL2023 ones) as a parameter default or `{{resolve:ssm:...}}`, CDK\'s `MachineImage.latestAmazonLinux2023()`, and in Terraform an `aws_ami` lookup with `owners = ["amazon"]` and an `al2023-ami-` name pattern or an `aws_ssm_parameter` of those paths. AL2023 AMIs are registered with `ImdsSupport: v2.0`, so the launch gets `HttpTokens: required` unless the account default is set otherwise (https://docs.aws.amazon.com/linux/al2023/ug/ec2-imds.html, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataOptionsRequest.html); an explicit `optional` is still reported.',
    ],
    fix: [
      'Require IMDSv2 where the instance is defined, and keep the hop limit at 1 (2 when containers on the host call IMDS):',
      '',
      '```yaml',
      'LaunchTemplateData:',
      '  IamInstanceProfile:',
      '    Arn: !GetAtt AppInstanceProfile.Arn',
      '  MetadataOptions:',
      '    HttpTokens: required',
      '    HttpPutResponseHopLimit: 1',
      '```',
      '',
      'Current AWS SDKs and the AWS CLI use IMDSv2 already; check older agents with the `MetadataNoToken` CloudWatch metric before switching. To enforce it account-wide as well, set the account default (`aws ec2 modify-instance-metadata-defaults --http-tokens required`) or deny `ec2:RunInstances` unless `ec2:MetadataHttpTokens` is `required`.',
    ].join('\n'),
    level: 'error',
    securitySeverity: 7.5,
    tags: ['security', 'ec2', 'imds', 'credentials'],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-metadataoptions.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataDefaults.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/al2023.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-ami.html',
    ],
    recommended: true,
    domain: 'launch',
  },
  messages: {
    optional:
      "{site} sets {tokens} to optional{notes}: its instances answer IMDSv1, and any request forgery on them can read the instance role's credentials. Set {tokens} to required.",
    overridesTemplate:
      '{site} sets {tokens} to optional{notes}, overriding {template}, which requires IMDSv2: its instances answer IMDSv1. Remove the override or set it to required.',
    notSet:
      "{site} does not set {tokens}{notes}: unless the AMI or the account default requires IMDSv2, its instances answer IMDSv1 and any request forgery on them can read the instance role's credentials. Set {options}.{tokens} to required.",
    spotFleet:
      '{site} cannot set {options}: its instances answer IMDSv1 unless the account default requires IMDSv2. Use {configs} with a launch template that sets {tokens} to required.',
  },
  visit: {
    launch(spec, ctx) {
      // No IMDS at all: nothing to say. An endpoint we cannot know (a launch template outside the template)
      // leaves an explicit `optional` reported, but not an omission.
      const endpoint = spec.setting('endpoint');
      if (endpoint.some((s) => s.value?.toLowerCase() === 'disabled')) return;
      const endpointUnknown = endpoint.some((s) => s.value === null);
      const accountDefault = ctx.settings.imdsv2AccountDefault === true;
      const evidence = spec.label;
      const names = { tokens: spec.names.tokens, options: spec.names.metadataOptions, configs: spec.names.launchTemplateConfigs };
      if (!spec.hasMetadataOptions) {
        if (!accountDefault && !endpointUnknown) ctx.report({ messageId: 'spotFleet', at: spec.anchor, data: { site: labelStart(spec), ...names }, evidence });
        return;
      }
      for (const s of spec.setting('tokens')) {
        // Settings inherited from a launch template are reported on the launch template.
        if (s.from !== spec || s.value === null) continue;
        const data = { site: labelStart(spec), notes: notesSuffix(s.notes), ...names };
        if (s.value === undefined) {
          if (!accountDefault && !endpointUnknown) ctx.report({ messageId: 'notSet', at: s.at, data, evidence });
        } else if (s.value.toLowerCase() === 'optional') {
          const template = templateRequires(spec);
          if (template) ctx.report({ messageId: 'overridesTemplate', at: s.at, data: { ...data, template }, evidence });
          else ctx.report({ messageId: 'optional', at: s.at, data, evidence });
        }
      }
    },
  },
});
