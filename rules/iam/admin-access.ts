import { defineRule, grantsInThisFile, inThisFile, notesSuffix } from '../../src/index.js';
import { accountOf } from '../../src/model/account.js';
import { adminAccess } from '../../src/model/account-risks.js';
import { assumableFromOutside, grantSource, grantTarget, isInstanceRole, labelStart } from '../../src/model/account-report.js';

export default defineRule({
  id: 'admin-access',
  meta: {
    summary: 'A principal is an administrator: its effective permissions allow every action on every resource, or every IAM action.',
    why: [
      "iamlint gathers every policy of each role, user and group (inline policies, `AWS::IAM::Policy` and managed policies of the template naming it, AWS managed policies by ARN, a user's groups) and evaluates them as AWS does: an explicit Deny anywhere wins, a permissions boundary caps what the rest allows.",
      'A principal allowed every action on every resource (`*` on `*`, `AdministratorAccess`, or a `NotAction` that excludes neither IAM nor most services) controls the account. So does one allowed every IAM action on every role, user, group and policy (`iam:*` on `*`, `IAMFullAccess`): it can attach `AdministratorAccess` to itself.',
      'An administrator also holds `iam:PassRole` on every role; this rule reports that once, here, and `passrole-wildcard-resource` does not repeat it for a `*`/`*` statement.',
      'A role that EC2 can assume hands these rights to every process on the instance, through the instance metadata service.',
      'Peers: checkov `CKV_AWS_62` (CloudFormation and Terraform resources) and `CKV_AWS_1` (Terraform `aws_iam_policy_document`, Serverless), "Ensure IAM policies that allow full \\"*-*\\" administrative privileges are not created"; cfn_nag `F3` (IAM role with `*` action in its permissions policy) and `F4` (IAM policy with `*` action); AWS Security Hub control `IAM.1` ("IAM policies should not allow full administrative privileges"). They judge one statement (`Action: *` with `Resource: *`); this rule judges the principal over all its policies, with Deny and boundaries, and also catches `NotAction`, parameter defaults and AWS managed policies by ARN.',
    ].join('\n\n'),
    flagged: [
      'A role, user or group whose effective permissions allow every action on every resource, or every IAM action on every IAM entity, through any of its policies (the finding points at the granting statement, or at the ARN of the AWS managed policy).',
      'A standalone policy document (a policy file, a managed policy of the template attached to nothing it defines) that allows the same.',
      'Error for roles a service, an OIDC or SAML provider, or another account can assume; warning for other principals and documents.',
    ],
    notFlagged: [
      'Principals whose policies deny the probe unconditionally (an explicit Deny of `*`, or a boundary that does not allow it).',
      '`PowerUserAccess`-like grants (`NotAction: [iam:*, organizations:*, account:*]`): not administrator, see `privilege-escalation` for what they still allow.',
      'Allow statements with conditions other than circumstance keys (MFA, source IP, Region...), values that cannot be known offline, and customer managed policies outside the file.',
      'Users whose admin rights come only from a group: the group is reported.',
      'Grants whose time condition can no longer hold: `DateLessThan` on `aws:CurrentTime` or `aws:EpochTime` with a date before the day of the run, or on `aws:TokenIssueTime` with a date before the longest temporary credentials still valid (36 hours, https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html); a Deny in force since a past date (`DateGreaterThan aws:CurrentTime`) denies. Dates follow the date condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date).',
    ],
    fix: [
      'Grant the actions and resources the principal needs. For break-glass administrators, keep them out of templates that deploy workloads, require MFA, and guard them with a permissions boundary or an SCP.',
    ].join('\n'),
    level: 'error',
    securitySeverity: 9.0,
    tags: ['security', 'iam', 'least-privilege', 'admin'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMFullAccess.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    ],
    recommended: true,
    domain: 'iam',
  },
  messages: {
    full: '{principal} can do every action on every resource, iam:PassRole on every role included, through {source}{notes}{instance}. Grant only the actions and resources it needs.',
    iam: '{principal} can do every IAM action on every role, user, group and policy through {source}{notes}, so it can grant itself AdministratorAccess{instance}. Grant only the IAM actions it needs, on named resources.',
  },
  visit: {
    file(file, ctx) {
      const account = accountOf(file, ctx.settings.today);
      for (const p of account.principals) {
        if (!grantsInThisFile(file, p)) continue;
        const admin = adminAccess(account, p);
        if (!admin) continue;
        const g = admin.grant;
        if (p.kind === 'user' && g.attachment.group) continue;
        // A Terraform module's principal is reported in the file that holds the grant.
        if (!inThisFile(file, grantTarget(g))) continue;
        const instance = isInstanceRole(p) ? '; EC2 can assume this role, so any process on an instance with it is an administrator' : '';
        ctx.report({
          messageId: admin.kind,
          at: grantTarget(g),
          data: { principal: labelStart(p), source: grantSource(g), notes: notesSuffix(g.notes), instance },
          level: p.kind === 'role' && assumableFromOutside(p, ctx.settings.ownAccounts) ? 'error' : 'warning',
          evidence: `${p.id}:${admin.kind}`,
        });
      }
    },
  },
});
