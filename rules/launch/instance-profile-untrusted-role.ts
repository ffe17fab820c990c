import { defineRule, ec2CanAssume } from '../../src/index.js';

export default defineRule({
  id: 'instance-profile-untrusted-role',
  meta: {
    summary: 'The role of an instance profile cannot be assumed by EC2: instances that use the profile get no credentials.',
    why: [
      "The chain that gives an application on EC2 its credentials is: a role whose trust policy allows `ec2.amazonaws.com` to call `sts:AssumeRole` → an instance profile that holds the role → an instance (or a launch template or launch configuration) that names the profile → the instance metadata service (IMDSv2) that serves the role's temporary credentials, refreshed before they expire.",
      'If the role does not trust `ec2.amazonaws.com` (`ec2.amazonaws.com.cn` in the China Regions), EC2 cannot assume it: the instance starts, but `iam/security-credentials/` is empty and every SDK call fails, usually after someone has "fixed" it by adding access keys to the instance. A role written for Lambda or ECS and reused in an instance profile is the usual cause.',
    ].join('\n\n'),
    flagged: [
      'An `AWS::IAM::InstanceProfile` whose role (a role of the same template, named by `!Ref` or by its `RoleName`) has a trust policy without an `Allow` of `sts:AssumeRole` to `ec2.amazonaws.com`: an error when an instance, launch template, launch configuration or other resource of the template uses the profile, a warning when nothing in the template does (it may be attached elsewhere).',
      "The `NodeRole` of an EKS managed node group (CloudFormation, CDK, Terraform) with such a trust policy: EKS puts the node role in the instance profile it creates for the nodes, and the node role's trust policy must allow `ec2.amazonaws.com`.",
    ],
    notFlagged: [
      'Roles outside the template, trust policies that cannot be read offline (a parameter, an unknown principal), and trust policies that allow everyone (`"*"`), which `trust-wildcard-principal` reports.',
      "`ec2.${AWS::URLSuffix}` (the CDK's spelling) counts as `ec2.amazonaws.com`.",
    ],
    fix: [
      'Let EC2 assume the role; keep other principals only if they need it:',
      '',
      '```yaml',
      'AppRole:',
      '  Type: AWS::IAM::Role',
      '  Properties:',
      '    AssumeRolePolicyDocument:',
      '      Version: "2012-10-17"',
      '      Statement:',
      '        - Effect: Allow',
      '          Principal: { Service: ec2.amazonaws.com }',
      '          Action: sts:AssumeRole',
      '```',
      '',
      'If the role was meant for another service, give the instances a role of their own instead.',
    ].join('\n'),
    level: 'error',
    securitySeverity: 2.0,
    tags: ['correctness', 'iam', 'ec2', 'trust'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html',
    ],
    recommended: true,
    domain: 'launch',
  },
  messages: {
    attached:
      'Role {role} of instance profile {profile} cannot be assumed by EC2 (its trust policy allows {services}): it is used by {users}, whose instances get no AWS credentials. Allow ec2.amazonaws.com to call sts:AssumeRole in its trust policy.',
    createdProfile:
      'Role {role} cannot be assumed by EC2 (its trust policy allows {services}), but {users} gives it to its instances: {service} puts it in the instance profile it creates, and the instances get no AWS credentials. Allow ec2.amazonaws.com to call sts:AssumeRole in its trust policy.',
    unattached:
      'Role {role} of instance profile {profile} cannot be assumed by EC2 (its trust policy allows {services}): any instance that uses this profile gets no AWS credentials. Allow ec2.amazonaws.com to call sts:AssumeRole in its trust policy.',
  },
  visit: {
    template(_t, ctx) {
      for (const p of ctx.file.launch.profiles) {
        const seen = new Set<string>();
        for (const ref of p.roles) {
          const role = ref.role;
          if (!role || seen.has(role.resource.id)) continue;
          seen.add(role.resource.id);
          const c = ec2CanAssume(role);
          if (c.verdict !== false) continue;
          const users = p.attachedTo.length > 3 ? `${p.attachedTo.slice(0, 3).join(', ')} and ${p.attachedTo.length - 3} more` : p.attachedTo.join(', ');
          ctx.report({
            messageId: p.createdBy ? 'createdProfile' : p.attachedTo.length ? 'attached' : 'unattached',
            at: ref.node,
            data: {
              role: role.resource.id,
              profile: p.resource.id,
              services: c.services.length ? `only ${c.services.join(', ')}` : 'no AWS service',
              users,
              service: p.createdBy?.service ?? '',
            },
            evidence: role.resource.id,
            ...(p.attachedTo.length ? {} : { level: 'warning' as const }),
          });
        }
      }
    },
  },
});
