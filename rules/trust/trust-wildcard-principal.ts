import { defineRule, notesSuffix } from '../../src/index.js';
import { callerRestriction, principals, trustStatements } from '../../src/model/trust.js';

export default defineRule({
  id: 'trust-wildcard-principal',
  meta: {
    summary: 'A role trust policy lets anyone assume the role.',
    why: [
      '`"Principal": "*"` and `{"AWS": "*"}` mean every principal in every AWS account, and anonymous callers; AWS strongly advises against them in Allow statements, especially in role trust policies.',
      '`NotPrincipal` with `Allow` grants everyone it does not list (and cannot be used in a trust policy at all).',
      'Such a trust is only acceptable when a condition in the same statement restricts the caller to your organization, accounts or principals (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalOrgPaths`, or `aws:SourceAccount`/`aws:SourceArn`/`aws:SourceOrgID` for services).',
      '`aws:SourceIp`, `aws:SecureTransport` or MFA conditions alone do not say who the caller is.',
    ].join(' '),
    flagged: [
      '`Principal: "*"`, `Principal: {AWS: "*"}` (string or list form) in an Allow statement of a trust policy (`AssumeRolePolicyDocument`, or a policy file recognised as one).',
      '`NotPrincipal` with `Allow`.',
      'A caller condition that is unsound: `...IfExists`, `ForAllValues:`, negated, or a value such as `*` or an ARN with a wildcard account.',
    ],
    notFlagged: [
      'Wildcard principals restricted by a sound `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn` (with an account), `aws:PrincipalOrgPaths`, `aws:SourceAccount`, `aws:SourceArn` or `aws:SourceOrgID` condition in the same statement.',
      'Resource policies (bucket, queue, topic, key policies): this rule is about who can assume a role.',
      'Conditions that cannot be read offline.',
    ],
    fix: [
      'Name the principals that may assume the role, or restrict the caller in the same statement:',
      '',
      '```json',
      '"Principal": { "AWS": "*" },',
      '"Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }',
      '```',
    ].join('\n'),
    level: 'error',
    securitySeverity: 9.3,
    tags: ['security', 'iam', 'trust-policy'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    ],
    recommended: true,
    domain: 'trust',
  },
  messages: {
    everyone:
      "This trust policy lets any principal in any AWS account assume the role (Principal '*'){notes}. Name the principals, or restrict the caller with aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn.",
    weakCondition:
      "This trust policy lets any principal assume the role (Principal '*'){notes}; its condition on {key} does not restrict the caller: {reason}.",
    notPrincipal:
      'NotPrincipal with Allow lets every principal it does not list assume the role{notes}; NotPrincipal is not allowed in trust policies. Name the principals in Principal instead.',
  },
  visit: {
    policy(doc, ctx) {
      for (const st of trustStatements(doc)) {
        const r = callerRestriction(st);
        if (r.verdict === 'sound' || r.verdict === 'unknown') continue;
        const notes = notesSuffix(st.notes);
        if (st.notPrincipal) {
          ctx.report({ messageId: 'notPrincipal', at: st.notPrincipal.key, data: { notes } });
          continue;
        }
        for (const { entry, cls } of principals(st)) {
          if (cls.kind !== 'everyone') continue;
          const n = notesSuffix([...st.notes, ...entry.val.notes]);
          if (r.clause)
            ctx.report({
              messageId: 'weakCondition',
              at: r.value ?? r.clause.operatorNode,
              data: { notes: n, key: r.clause.key, reason: r.reason },
            });
          else ctx.report({ messageId: 'everyone', at: entry.val, data: { notes: n } });
        }
      }
    },
  },
});
