import { defineRule, labelStart } from '../../src/index.js';

export default defineRule({
  id: 'launch-configuration-deprecated',
  meta: {
    summary: 'An Auto Scaling launch configuration: a legacy resource that new accounts cannot create.',
    why: [
      'Launch configurations are the legacy way to tell Amazon EC2 Auto Scaling how to launch instances. They receive no instance types released after 31 December 2022, and accounts created on or after 1 October 2024 cannot create them at all, by any method including CloudFormation: a template with one fails to deploy there.',
      'Launch templates replace them, with versions, mixed instance types and Spot, and every `MetadataOptions` field (a launch configuration cannot set `InstanceMetadataTags`, and changing its settings replaces it).',
    ].join('\n\n'),
    flagged: ['Every `AWS::AutoScaling::LaunchConfiguration` resource.'],
    notFlagged: ['Auto Scaling groups that use a launch template or a mixed instances policy.'],
    fix: [
      'Replace the launch configuration with an `AWS::EC2::LaunchTemplate` and point the group at it:',
      '',
      '```yaml',
      'AppGroup:',
      '  Type: AWS::AutoScaling::AutoScalingGroup',
      '  Properties:',
      '    LaunchTemplate:',
      '      LaunchTemplateId: !Ref AppLaunchTemplate',
      '      Version: !GetAtt AppLaunchTemplate.LatestVersionNumber',
      '```',
      '',
      'AWS documents the migration, including a console action that copies a launch configuration into a launch template.',
    ].join('\n'),
    level: 'note',
    securitySeverity: 1.0,
    tags: ['maintenance', 'ec2', 'autoscaling'],
    references: [
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/LaunchConfiguration.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/migrate-to-launch-templates.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/migrate-launch-configurations-with-cloudformation.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-autoscaling-launchconfiguration.html',
    ],
    recommended: true,
    domain: 'launch',
  },
  messages: {
    deprecated:
      '{site} is legacy: accounts created since 1 October 2024 cannot create launch configurations, and they get no new instance types. Use an {replacement} instead.',
  },
  visit: {
    launch(spec, ctx) {
      if (spec.kind !== 'launchConfiguration') return;
      ctx.report({
        messageId: 'deprecated',
        at: spec.anchor,
        data: { site: labelStart(spec), replacement: spec.names.launchTemplate },
      });
    },
  },
});
