import { defineRule, display, notesSuffix, passRoleGrants, viaText } from '../../src/index.js';
import { passRoleVerdict } from '../../src/model/passrole.js';

export default defineRule({
  id: 'passrole-wildcard-resource',
  meta: {
    summary: 'iam:PassRole is allowed on every role.',
    why: [
      '`iam:PassRole` lets a principal hand a role to an AWS service (an EC2 instance profile, a Lambda function, a CloudFormation stack...).',
      'Whoever can pass *every* role can pass the most privileged role in the account to a service they control and act with its permissions: one of the classic IAM privilege escalations.',
      'AWS IAM Access Analyzer raises the same warning (`PASS_ROLE_WITH_STAR_IN_RESOURCE`, and its NotAction/NotResource variants).',
      'Only roles of the same account can be passed, so `arn:aws:iam::<account>:role/*` is as broad as `*`.',
    ].join(' '),
    flagged: [
      'An `Allow` statement that grants `iam:PassRole` (exactly, case-insensitively, or through `*`, `iam:*`, `iam:Pass*`, `*:PassRole`, or a `NotAction` that does not exclude it) with `Resource` `*`, `arn:aws:iam::*:role/*`, `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*`, `arn:aws:iam::123456789012:*` or any other pattern that matches every role.',
      'The same with any `NotResource` (it covers every role it does not list).',
      'In templates, both branches of `Fn::If` are checked and the message names the unsafe one; a parameter default is reported as a possible value.',
    ],
    notFlagged: [
      'A prefix that scopes the roles, such as `role/qateam-*` or `role/service-role/*`.',
      'Resources that cannot be roles (`arn:aws:s3:::bucket/*`): they grant no PassRole.',
      'A specific role (`!GetAtt AppRole.Arn`, `!Ref` of a role ARN parameter) and values that cannot be known offline (imports, parameters without defaults).',
      'A grant that every principal holding the policy loses to an explicit Deny of `iam:PassRole` on every role, in this or any other policy of that principal (an `AWS::IAM::Policy` attached to the same role, a group of the user), or to a permissions boundary that does not allow it.',
      'A `*` on `*` statement that makes its principal an administrator: `admin-access` reports it once (administrator includes PassRole).',
    ],
    fix: [
      'List the roles the principal may pass, and say to which service:',
      '',
      '```json',
      '{',
      '  "Effect": "Allow",',
      '  "Action": "iam:PassRole",',
      '  "Resource": "arn:aws:iam::123456789012:role/app-instance-role",',
      '  "Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }',
      '}',
      '```',
    ].join('\n'),
    level: 'error',
    securitySeverity: 8.8,
    tags: ['security', 'iam', 'passrole', 'privilege-escalation'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
    ],
    recommended: true,
    domain: 'passrole',
  },
  messages: {
    allRoles:
      "This statement allows iam:PassRole{via} on every role ('{resource}'){notes}: whoever has it can hand the account's most privileged role to a service they control. List the roles it may pass.",
    notResource:
      'This statement allows iam:PassRole{via} with NotResource, which covers every role it does not list{notes}. Name the roles it may pass in Resource instead.',
  },
  visit: {
    policy(doc, ctx) {
      for (const g of passRoleGrants(doc)) {
        const verdict = passRoleVerdict(ctx.file, doc, g, ctx.settings.today);
        if (verdict === 'admin' || verdict === 'denied') continue;
        const via = viaText(g);
        if (g.notResource) {
          ctx.report({ messageId: 'notResource', at: g.notResource.key, data: { via, notes: notesSuffix(g.statement.notes) } });
          continue;
        }
        for (const v of g.allRoles)
          ctx.report({
            messageId: 'allRoles',
            at: v,
            data: { via, resource: display(v), notes: notesSuffix([...g.statement.notes, ...v.notes]) },
          });
      }
    },
  },
});
