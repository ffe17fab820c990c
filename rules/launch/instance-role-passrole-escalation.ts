import { defineRule, display, labelStart, notesSuffix, roleEscalation, specLocation, viaText } from '../../src/index.js';

export default defineRule({
  id: 'instance-role-passrole-escalation',
  meta: {
    summary: 'The role an instance gets can pass any role to a service it can start: anything running on the instance can escalate.',
    why: [
      'Whatever runs on an instance (the application, a dependency, an attacker who found a request forgery bug) can use the instance role: EC2 serves its temporary credentials through the instance metadata service.',
      "If that role may `iam:PassRole` every role, and may start compute that runs with a role it passes (`ec2:RunInstances`, `lambda:CreateFunction`, `cloudformation:CreateStack`, `glue:CreateDevEndpoint`, `ecs:RegisterTaskDefinition`...), it can launch that compute with the most privileged role in the account and act with it: the instance is as powerful as the account's strongest role. This is one of the best-known IAM privilege escalations.",
      "The rule follows the template's graph: instance, launch template, launch configuration or Spot Fleet → instance profile → role → the role's inline policies, the `AWS::IAM::Policy` and managed policies of the template attached to it, and the AWS managed policy `AdministratorAccess`.",
    ].join('\n\n'),
    flagged: [
      "A launch setting whose instance profile's role allows `iam:PassRole` on every role (`*`, `role/*`, `NotResource`) together with an action that starts compute with a role, from the curated table of such actions.",
      'A role with the AWS managed policy `AdministratorAccess`.',
    ],
    notFlagged: [
      'PassRole scoped to named roles or a path, roles with a permissions boundary (which may cap both), and profiles, roles or policies outside the template.',
      'A role whose policies deny `iam:PassRole` on every role without conditions.',
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
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html',
    ],
    recommended: true,
    domain: 'launch',
  },
  messages: {
    escalation:
      "{site} gets role {role} (instance profile {profile}), which allows iam:PassRole{via} on every role ('{resource}') and {action}{notes}: anything running on the instance can start compute with the account's most privileged role. Scope the PassRole to the roles it needs.",
    administrator:
      '{site} gets role {role} (instance profile {profile}), which has AdministratorAccess: anything running on the instance, or anyone who reads its credentials, controls the account. Give the instance role only what the application needs.',
  },
  visit: {
    launch(spec, ctx) {
      const pa = spec.profile;
      if (!pa) return;
      const base = { at: pa.key, ...specLocation(spec, 'IamInstanceProfile') };
      for (const p of pa.profiles) {
        for (const ref of p.roles) {
          const role = ref.role;
          if (!role) continue;
          const data = { site: labelStart(spec), role: role.resource.id, profile: p.resource.id };
          const e = roleEscalation(role);
          if (!e) continue;
          if (e.kind === 'administrator') {
            ctx.report({ ...base, messageId: 'administrator', data, evidence: role.resource.id });
            continue;
          }
          const g = e.grant;
          const resource = g.notResource
            ? 'NotResource'
            : display(g.allRoles[0] ?? g.statement.resource?.values[0] ?? { node: role.resource.node, parts: ['*'], notes: [] });
          ctx.report({
            ...base,
            messageId: 'escalation',
            data: { ...data, via: viaText(g), resource, action: e.action, notes: notesSuffix(g.statement.notes) },
            evidence: `${role.resource.id}:${e.action}`,
          });
        }
      }
    },
  },
});
