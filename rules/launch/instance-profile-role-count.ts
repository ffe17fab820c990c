import { defineRule } from '../../src/index.js';

export default defineRule({
  id: 'instance-profile-role-count',
  meta: {
    summary: 'An instance profile without exactly one role.',
    why: [
      "An instance profile is the container that carries a role to an EC2 instance: EC2 assumes the profile's role and serves its temporary credentials through the instance metadata service.",
      'A profile holds exactly one role. With none, instances that use it get no credentials; with more than one, CloudFormation fails to create it (IAM allows one role per instance profile, and this quota cannot be raised).',
    ].join('\n\n'),
    flagged: ['`AWS::IAM::InstanceProfile` whose `Roles` is missing or empty, or lists more than one role (in every `Fn::If` branch).'],
    notFlagged: ['`Roles` from a list parameter or another value that cannot be known offline, and a count that differs by `Fn::If` branch.'],
    fix: [
      'Give the profile the one role its instances need; put permissions that differ per workload in separate roles and profiles:',
      '',
      '```yaml',
      'AppInstanceProfile:',
      '  Type: AWS::IAM::InstanceProfile',
      '  Properties:',
      '    Roles:',
      '      - !Ref AppRole',
      '```',
    ].join('\n'),
    level: 'error',
    securitySeverity: 2.0,
    tags: ['correctness', 'iam', 'ec2'],
    references: [
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-instanceprofile.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
    ],
    recommended: true,
    domain: 'launch',
  },
  messages: {
    noRole: 'Instance profile {profile} has no role: instances that use it get no AWS credentials. Add the one role they need to {roles}.',
    tooManyRoles: 'Instance profile {profile} lists {count} roles, but an instance profile holds exactly one: CloudFormation cannot create it. Keep one role.',
  },
  visit: {
    template(t, ctx) {
      for (const p of ctx.file.launch.profiles) {
        const count = p.roleCount;
        if (!count) continue;
        const at = p.rolesEntry?.key ?? p.resource.keyNode;
        const base = {
          at,
          data: { profile: p.resource.id, count: count.min, roles: t.dialect === 'terraform' ? 'role' : 'Roles' },
        };
        if (count.max === 0) ctx.report({ ...base, messageId: 'noRole' });
        else if (count.min > 1) ctx.report({ ...base, messageId: 'tooManyRoles' });
      }
    },
  },
});
