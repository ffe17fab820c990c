import { defineRule, labelStart, notesSuffix } from '../../src/index.js';
import { accountOf } from '../../src/model/account.js';
import { grantSource } from '../../src/model/account-report.js';
import { instanceRoleEscalation } from '../../src/model/escalation.js';

export default defineRule({
  id: 'instance-role-passrole-escalation',
  meta: {
    summary: 'The role an instance gets can pass any role to a service it can start: anything running on the instance can escalate.',
    why: [
      'Whatever runs on an instance (the application, a dependency, an attacker who found a request forgery bug) can use the instance role: EC2 serves its temporary credentials through the instance metadata service.',
      "If that role may `iam:PassRole` every role to a service, and may start compute of that service with the role it passes (`ec2:RunInstances`, `lambda:CreateFunction` + `lambda:InvokeFunction`, `cloudformation:CreateStack`, `glue:CreateDevEndpoint`, `ecs:RegisterTaskDefinition` + `ecs:RunTask`...), it can launch that compute with the most privileged role in the account and act with it: the instance is as powerful as the account's strongest role.",
      "This is the instance-role case of `privilege-escalation`: the paths of pathfinding.cloud's `new-passrole` category that pass a role (`iam:PassRole`), evaluated on the role's effective permissions (every policy of the template attached to it, AWS managed policies by ARN, Deny statements in any of them, its permissions boundary), reported at the launch setting that hands the role to instances. `privilege-escalation` does not report these paths again for the role; it reports the role's other paths.",
    ].join('\n\n'),
    flagged: [
      "A launch setting whose instance profile's role completes a PassRole path: `iam:PassRole` on every role (for the path's service: `iam:PassedToService` is taken into account) and the path's other permissions on every resource.",
      "An EKS managed node group (`AWS::EKS::Nodegroup`, CDK's `addNodegroupCapacity` and `eks.Nodegroup`, Terraform's `aws_eks_node_group`) whose `NodeRole` completes one: EKS puts that role in the instance profile it creates for the nodes, so it is their instance role (CDK's default node role has only the three EKS worker policies).",
    ],
    notFlagged: [
      'PassRole scoped to named roles or a path, PassRole kept by a condition or a Deny to other services than the path needs, roles whose boundary does not allow it, and profiles, roles or policies outside the template.',
      'Administrator roles (`AdministratorAccess`, `*` on `*`): `admin-access` reports them and says that the instance is an administrator.',
      'The PassRole statement itself: `passrole-wildcard-resource` reports it wherever it is; this rule says that an instance carries it.',
    ],
    fix: [
      'Give the instance role only what the application needs. If it must launch compute, let it pass only the roles that compute needs, to that service:',
      '',
      '```json',
      '{',
      '  "Effect": "Allow",',
      '  "Action": "iam:PassRole",',
      '  "Resource": "arn:aws:iam::123456789012:role/batch-worker",',
      '  "Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }',
      '}',
      '```',
      '',
      "Require IMDSv2 on the instance as well (`imdsv2-not-required`), so the role's credentials cannot be read through a request forgery.",
    ].join('\n'),
    level: 'warning',
    securitySeverity: 8.0,
    tags: ['security', 'iam', 'passrole', 'privilege-escalation', 'ec2'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService',
      'https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html',
      'https://pathfinding.cloud',
    ],
    recommended: true,
    domain: 'launch',
  },
  messages: {
    escalation:
      "{site} gets role {role} (instance profile {profile}), which can pass any role to a service and start it ({paths}; {source} grants {first}){notes}: anything running on the instance can start compute with the account's most privileged role. Scope the PassRole to the roles it needs.",
    createdProfile:
      "{site} gives its instances role {role} ({service} puts it in the instance profile it creates), which can pass any role to a service and start it ({paths}; {source} grants {first}){notes}: anything running on them can start compute with the account's most privileged role. Scope the PassRole to the roles it needs.",
  },
  visit: {
    launch(spec, ctx) {
      const pa = spec.profile;
      if (!pa) return;
      const account = accountOf(ctx.file, ctx.settings.today);
      for (const p of pa.profiles) {
        for (const ref of p.roles) {
          const role = ref.role;
          if (!role) continue;
          const matches = instanceRoleEscalation(account, role);
          const first = matches[0];
          const g = first?.grants[0];
          if (!first || !g) continue;
          ctx.report({
            messageId: p.createdBy ? 'createdProfile' : 'escalation',
            at: pa.key,
            data: {
              site: labelStart(spec),
              role: role.resource.id,
              profile: p.resource.id,
              service: p.createdBy?.service ?? '',
              paths: matches.map((m) => `${m.path.id}: ${m.path.permissions.map((x) => x.action).join(' + ')}`).join(', '),
              source: grantSource(g),
              first: first.path.permissions[0]?.action ?? '',
              notes: notesSuffix(first.grants.flatMap((x) => x.notes)),
            },
            evidence: `${role.resource.id}:${matches.map((m) => m.path.id).join(',')}`,
          });
        }
      }
    },
  },
});
