import { defineRule, notesSuffix, passedToService, passRoleGrants, viaText } from '../../src/index.js';
import { passRoleVerdict } from '../../src/model/passrole.js';

export default defineRule({
  id: 'passrole-missing-passed-to-service',
  meta: {
    summary: 'iam:PassRole is allowed without a sound iam:PassedToService condition.',
    why: [
      'Without `iam:PassedToService`, a role that was meant for EC2 can also be passed to Lambda, CloudFormation, Glue or any other service that takes a role, each a different way to run code with it.',
      'AWS recommends the condition on every PassRole grant. The key holds the service principal the role is passed to (`ec2.amazonaws.com`).',
      'Condition operators that are true when the key is absent (`...IfExists`, `ForAllValues:`, negated operators) do not restrict anything: some services do not send the key at all.',
    ].join(' '),
    flagged: [
      'An `Allow` statement granting `iam:PassRole` with no `iam:PassedToService` condition.',
      'The key tested with `StringEqualsIfExists`/`StringLikeIfExists`, `ForAllValues:...`, or a negated operator (`StringNotEquals`, `StringNotLike`).',
      'Values that match any service: `*`, `*.amazonaws.com`, `*amazonaws*`.',
      'A misspelt key (`iam:PassedToServices`, `iam:PassToService`): IAM never sees it in the request.',
    ],
    notFlagged: [
      '`StringEquals`, `StringEqualsIgnoreCase` or `StringLike` on service principals, including `ec2.amazonaws.com*` (which also covers `ec2.amazonaws.com.cn`).',
      'A `Deny` of PassRole on every role with `StringNotEquals iam:PassedToService`, in the same document or in any other policy of every principal that holds it (it denies when the key is absent, too); grants a Deny cancels outright, and `*` on `*` statements of administrators (`admin-access` reports those).',
      'Statements whose resources cannot be roles, and conditions that cannot be read offline.',
    ],
    fix: [
      'Add the service the role is meant for:',
      '',
      '```json',
      '"Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }',
      '```',
      '',
      'Passing one named role without the condition is common and not always wrong, which is why this rule is a warning.',
    ].join('\n'),
    level: 'warning',
    securitySeverity: 5.5,
    tags: ['security', 'iam', 'passrole', 'conditions'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html',
    ],
    recommended: true,
    domain: 'passrole',
  },
  messages: {
    missing:
      'This statement allows iam:PassRole{via} without an iam:PassedToService condition{notes}, so the role can be passed to any service that takes one. Add StringEquals iam:PassedToService with the service principal, e.g. ec2.amazonaws.com.',
    weakOperator: 'iam:PassedToService is tested with {operator}{notes}, which does not restrict the service: {reason}. Use StringEquals or StringLike.',
    broadValue: 'iam:PassedToService {value}{notes}, so it does not restrict where the role can be passed. Name the service principal, e.g. ec2.amazonaws.com.',
    misspelt:
      "'{key}' is not iam:PassedToService{notes}: IAM never finds it in the request, so it does not restrict where the role can be passed. Did you mean iam:PassedToService?",
  },
  visit: {
    policy(doc, ctx) {
      for (const g of passRoleGrants(doc)) {
        if (passRoleVerdict(ctx.file, doc, g, ctx.settings.today) !== 'open') continue;
        const r = passedToService(g, doc);
        if (r.verdict === 'sound' || r.verdict === 'unknown') continue;
        if (r.verdict === 'misspelt') {
          ctx.report({ messageId: 'misspelt', at: r.clause.keyNode, data: { key: r.key, notes: notesSuffix(g.statement.notes) } });
        } else if (r.value) {
          ctx.report({
            messageId: 'broadValue',
            at: r.value,
            data: { value: r.reason, notes: notesSuffix([...g.statement.notes, ...r.value.notes]) },
          });
        } else if (r.clause) {
          ctx.report({
            messageId: 'weakOperator',
            at: r.clause.operatorNode,
            data: { operator: r.clause.operator, reason: r.reason, notes: notesSuffix(g.statement.notes) },
          });
        } else {
          const at = g.via ?? g.actionField.key;
          ctx.report({ messageId: 'missing', at, data: { via: viaText(g), notes: notesSuffix(g.statement.notes) } });
        }
      }
    },
  },
});
