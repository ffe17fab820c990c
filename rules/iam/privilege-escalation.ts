import { defineRule, grantsInThisFile, inThisFile, notesSuffix } from '../../src/index.js';
import { accountOf } from '../../src/model/account.js';
import { adminAccess, escalationPaths, isPassRolePath, lateralMoves, type PathMatch } from '../../src/model/account-risks.js';
import { assumableFromOutside, grantSource, grantTarget, labelStart } from '../../src/model/account-report.js';
import { launchRoleIds } from '../../src/model/escalation.js';

/** "iam-005 (iam:PutRolePolicy on its own role)", "ec2-001 (iam:PassRole + ec2:RunInstances)". */
function describe(m: PathMatch): string {
  const perms = m.path.permissions.map((x) => (x.self ? `${x.action} on its own ${x.target}` : x.action));
  return `${m.path.id} (${perms.join(' + ')})`;
}

export default defineRule({
  id: 'privilege-escalation',
  meta: {
    summary: "A principal's effective permissions complete a documented privilege-escalation path.",
    why: [
      'Some permissions are worth more than they look: a role allowed `iam:PutRolePolicy` on itself can write itself an administrator policy; one allowed `iam:PassRole` on every role and `lambda:CreateFunction` can run code as the most privileged role in the account.',
      'iamlint checks each role, user and group (and each standalone policy document) against the catalogue of escalation paths published by pathfinding.cloud (Datadog, Apache-2.0; its path ids are used as they are): self-escalation (`iam:CreatePolicyVersion`, `iam:Put*Policy`, `iam:Attach*Policy`, `iam:AddUserToGroup`), access to other principals (`iam:CreateAccessKey`, `iam:UpdateAssumeRolePolicy`, `sts:AssumeRole` on every role), passing a role to a service that runs code with it (`iam:PassRole` + `ec2:RunInstances`, `lambda:CreateFunction`, `glue:CreateDevEndpoint`, `cloudformation:CreateStack`...), and changing compute that already runs with a role (`lambda:UpdateFunctionCode`, `ssm:SendCommand`...).',
      "Each required permission must be effective (Allow minus Deny, within the boundary) on every resource of its kind, or for self-escalation on the principal's own role, user, group or attached policy. `iam:PassRole` is evaluated with `iam:PassedToService` set to the service of the path, so a condition or a Deny that keeps the role to EC2 still leaves the EC2 path and removes the others. \"Every resource\" follows the action's resource types in AWS's Service Authorization Reference (the catalogue iamlint carries): `arn:aws:lambda:*:*:function:*` covers every function and `arn:aws:glue:*:*:table/*` no development endpoint; an action that needs several resources (`ec2:RunInstances`: an image, an instance, a network interface, a security group, a subnet and a volume) needs each of them allowed, by one statement or several, as AWS authorizes each resource of a request (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html). A condition on the tags the caller sends (`aws:RequestTag/...`, `aws:TagKeys`) does not stop the caller, who chooses them; the message says so.",
      "Peers: checkov `CKV_AWS_110` (CloudFormation, and Terraform `aws_iam_policy_document`) and `CKV_AWS_286` (Terraform resources), \"Ensure IAM policies does not allow privilege escalation\", which run cloudsplaining's `allows_privilege_escalation` on one policy at a time; cloudsplaining and PMapper on account data; prowler `iam_policy_allows_privilege_escalation`. The path catalogue and its ids are pathfinding.cloud's (https://pathfinding.cloud, Datadog, Apache-2.0); the wording here is iamlint's.",
    ].join('\n\n'),
    flagged: [
      'A role, user, group or standalone policy whose effective permissions complete one or more paths; one finding per principal naming every path id, at the statement that grants the first required permission of the first path.',
      'Error for roles a service, an OIDC or SAML provider, or another account can assume; warning otherwise.',
      'A note (`lateral`) for a principal that holds a self-escalation permission (`iam:PutRolePolicy`, `iam:AttachUserPolicy`, `iam:PutGroupPolicy`...) only on other named roles, users or groups of the file: it names them (the first 3; the statement must name each one: `!GetAtt Other.Arn`, its ARN) and says that this is lateral movement, not escalation.',
    ],
    notFlagged: [
      'Administrators: `admin-access` reports them, every path is open to them.',
      "Instance-profile roles' PassRole paths: `instance-role-passrole-escalation` reports them at the launch setting (the other paths of those roles are reported here).",
      'As escalation, permissions on named resources that are not the principal itself (`iam:PutRolePolicy` on another role is lateral movement: a note says so), conditions other than circumstance keys and request tags, and values unknown offline.',
      'Grants whose time condition can no longer hold: `DateLessThan` on `aws:CurrentTime` or `aws:EpochTime` with a date before the day of the run, or on `aws:TokenIssueTime` with a date before the longest temporary credentials still valid (36 hours, https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html); a Deny in force since a past date (`DateGreaterThan aws:CurrentTime`) denies. Dates follow the date condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date).',
    ],
    fix: [
      'Remove the permission that opens the path, or scope it: `iam:PassRole` to named roles with `iam:PassedToService`, IAM write actions to the resources they manage (never the principal itself), and put a permissions boundary on principals that must create roles.',
    ].join('\n'),
    level: 'error',
    securitySeverity: 8.5,
    tags: ['security', 'iam', 'privilege-escalation'],
    references: [
      'https://pathfinding.cloud',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
    ],
    recommended: true,
    domain: 'iam',
  },
  messages: {
    escalation: '{principal} can escalate its privileges through {paths}{notes}; {source} grants {first}. Remove or scope the permissions that make the path.',
    lateral:
      '{principal} can {action} on {targets} only, not on itself ({path} needs its own){notes}; {source} grants it. That changes what {targets} may do: lateral movement, not escalation of its own privileges, unless it can also act as them. Keep it only if it manages them.',
  },
  visit: {
    file(file, ctx) {
      const account = accountOf(file, ctx.settings.today);
      // Instance roles anywhere in the module: their PassRole paths are reported at the launch setting.
      const launchRoles = launchRoleIds(file.module?.launch ?? file.launch);
      /** A self-escalation permission on other named principals only: said, as a note, with what it reaches. */
      const lateral = (p: (typeof account.principals)[number]) => {
        for (const m of lateralMoves(account, p)) {
          if ((p.kind === 'user' && m.grant.attachment.group) || !inThisFile(file, grantTarget(m.grant))) continue;
          const names = m.targets.map((q) => q.id).join(', ') + (m.more ? ' and more' : '');
          ctx.report({
            messageId: 'lateral',
            at: grantTarget(m.grant),
            data: {
              principal: labelStart(p),
              action: m.action,
              targets: names,
              path: m.path.id,
              notes: notesSuffix(m.grant.notes),
              source: grantSource(m.grant),
            },
            level: 'note',
            evidence: `${p.id}:lateral:${m.path.id}`,
          });
        }
      };
      for (const p of account.principals) {
        if (!grantsInThisFile(file, p)) continue;
        if (adminAccess(account, p)) continue;
        let matches = escalationPaths(account, p);
        // The PassRole paths of an instance role are reported at the launch setting, once.
        if (p.resource && launchRoles.has(p.resource.id)) matches = matches.filter((m) => !isPassRolePath(m.path));
        // A user's paths that come wholly from a group are reported on the group.
        if (p.kind === 'user') matches = matches.filter((m) => m.grants.some((g) => !g.attachment.group));
        if (matches.length === 0) {
          lateral(p);
          continue;
        }
        const first = matches[0];
        const g = first?.grants[0];
        // A Terraform module's principal is reported in the file that holds the grant.
        if (!first || !g || !inThisFile(file, grantTarget(g))) continue;
        const shown = matches.slice(0, 6).map(describe).join(', ');
        const more = matches.length > 6 ? ` and ${matches.length - 6} more` : '';
        ctx.report({
          messageId: 'escalation',
          at: grantTarget(g),
          data: {
            principal: labelStart(p),
            paths: shown + more,
            notes: notesSuffix(first.grants.flatMap((x) => x.notes)),
            source: grantSource(g),
            first: first.path.permissions[0]?.action ?? '',
          },
          level: p.kind === 'role' && assumableFromOutside(p, ctx.settings.ownAccounts) ? 'error' : 'warning',
          evidence: `${p.id}:${matches.map((m) => m.path.id).join(',')}`,
        });
      }
    },
  },
});
