import { defineRule, labelStart, notesSuffix } from '../../src/index.js';

export default defineRule({
  id: 'imds-hop-limit',
  meta: {
    summary: 'MetadataOptions.HttpPutResponseHopLimit is above 2: IMDSv2 tokens travel further than anything on the instance needs.',
    why: [
      "The instance role's temporary credentials are served by the instance metadata service; with IMDSv2 a caller first gets a session token with a `PUT`, and the IP packets of that response carry a TTL of `HttpPutResponseHopLimit`.",
      'A hop limit of 1 keeps the token on the instance itself. Containers on the host that reach IMDS through a bridge network (Docker, ECS on EC2, EKS pods without IRSA) need 2. Anything higher lets a token be obtained from further away (a forwarding proxy or a misrouted network), which is exactly what IMDSv2 was designed to stop.',
      'AWS recommends 1, or 2 where containers call IMDS; AMIs flagged `ImdsSupport: v2.0` default to 2.',
      'EKS managed node groups say the same: "If any containers that you deploy to the node group use the Instance Metadata Service Version 2, make sure to set the Metadata response hop limit to 2 in your launch template", and EKS sets it in the launch template it creates for a group without one. AL2023 nodes default to 1, so that pods cannot reach the credentials of the node role; give pods their own role (EKS Pod Identity, IRSA) rather than raising it. A launch template that node groups use is judged as any other: 2 is never reported, above 2 is.',
    ].join('\n\n'),
    flagged: [
      '`HttpPutResponseHopLimit` above 2 in an instance, launch template (one that EKS node groups use included), launch configuration or launch-template data file, including each `Fn::If` branch and parameter default.',
    ],
    notFlagged: [
      'Values of 1 or 2, an omitted hop limit (EC2 defaults to 1, or 2 for `ImdsSupport: v2.0` AMIs) and parameters without defaults.',
      'A hop limit an instance inherits from its launch template (reported on the launch template).',
      'Any hop limit when `HttpEndpoint` is `disabled`.',
      'EKS node groups without a launch template (EKS sets the hop limit in the launch template it creates).',
    ],
    fix: [
      'Use 1, or 2 when containers on the host call IMDS; give containers their own role instead where the platform allows (ECS task roles, EKS IRSA or Pod Identity):',
      '',
      '```yaml',
      'MetadataOptions:',
      '  HttpTokens: required',
      '  HttpPutResponseHopLimit: 2',
      '```',
    ].join('\n'),
    level: 'warning',
    securitySeverity: 4.0,
    tags: ['security', 'ec2', 'imds'],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-v2-how-it-works.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-metadataoptions.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/al2023.html',
    ],
    recommended: true,
    domain: 'launch',
  },
  messages: {
    tooHigh:
      "{site} sets {field} to {hops}{notes}: IMDSv2 tokens, and so the instance role's credentials, reach {hops} network hops from the instance. Use 1, or 2 when containers on the host call IMDS.",
  },
  visit: {
    launch(spec, ctx) {
      if (spec.setting('endpoint').some((s) => s.value?.toLowerCase() === 'disabled')) return;
      for (const s of spec.setting('hopLimit')) {
        if (s.from !== spec || typeof s.value !== 'string') continue;
        const hops = Number(s.value);
        if (!Number.isFinite(hops) || hops <= 2) continue;
        ctx.report({
          messageId: 'tooHigh',
          at: s.at,
          data: { site: labelStart(spec), field: spec.names.hopLimit, hops, notes: notesSuffix(s.notes) },
          evidence: `${spec.label}:${hops}`,
        });
      }
    },
  },
});
