import { defineRule, notesSuffix } from '../../src/index.js';
import { principals, trustStatements } from '../../src/model/trust.js';
import { oidcProblems } from '../../src/model/oidc.js';

export default defineRule({
  id: 'trust-oidc-unscoped',
  meta: {
    summary: 'A web-identity (OIDC) trust does not restrict the audience and subject.',
    why: [
      'A role that trusts an OIDC provider (GitHub Actions, an EKS cluster, Cognito, any OIDC issuer) can be assumed with any token that provider issues, unless conditions pin the token.',
      "For GitHub Actions, without a `token.actions.githubusercontent.com:sub` condition naming your repository, **any** GitHub repository, anyone's, can assume the role.",
      'For EKS (IRSA), without `<issuer>:sub` every pod of the cluster can; for Cognito identity pools, without `cognito-identity.amazonaws.com:aud` any identity pool can.',
      'IAM now refuses some of these at creation, but checks only the first value of a list; iamlint checks every value.',
    ].join(' '),
    flagged: [
      'GitHub Actions: no `:sub` (or `:job_workflow_ref`) condition; a subject such as `*`, `repo:*`, `repo:*/*`, or a wildcard owner (`repo:*/app`); no `:aud` condition.',
      'EKS: no `:sub` condition, or `system:serviceaccount:*` (any namespace).',
      'Cognito: no `cognito-identity.amazonaws.com:aud` condition (the identity pool id).',
      'Any other OIDC provider: neither `:aud` nor `:sub` restricted; a `*` subject.',
      'In templates the provider may be a resource of the template (`Federated: !Ref GitHubOidc`, `!GetAtt GitHubOidc.Arn`): its `Url` names the issuer. Values under `Fn::If` are checked in both branches.',
      'These keys tested with `...IfExists`, `ForAllValues:` or negated operators (true when the token lacks the claim). Every value of a list is checked.',
    ],
    notFlagged: [
      '`repo:org/repo:ref:refs/heads/main`, `repo:org/repo:*`, `repo:org/*` (a fixed owner), `system:serviceaccount:ns:*`.',
      'SAML federation (`saml-provider`) and conditions that cannot be read offline.',
    ],
    fix: [
      '```json',
      '"Condition": {',
      '  "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },',
      '  "StringLike": { "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:ref:refs/heads/main" }',
      '}',
      '```',
    ].join('\n'),
    level: 'error',
    securitySeverity: 9.1,
    tags: ['security', 'iam', 'trust-policy', 'oidc', 'github-actions', 'eks'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub',
      'https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
      'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
    ],
    recommended: true,
    domain: 'trust',
  },
  messages: {
    missingSub: 'This role trusts {provider} tokens without a {key} condition{notes}: {who} can assume it. Restrict {key} to {example}.',
    broadSub: 'The subject {value}: {who} can assume this role{notes}. Restrict it to {example}.',
    weakCondition: '{key} is tested with {operator}{notes}, which does not restrict the token: {reason}.',
    missingAud: 'This role trusts {provider} tokens without a {key} condition{notes}: tokens issued for any audience are accepted. Require {key} = {example}.',
  },
  visit: {
    policy(doc, ctx) {
      for (const st of trustStatements(doc)) {
        for (const { entry, cls } of principals(st)) {
          if (cls.kind !== 'oidc') continue;
          const notes = notesSuffix([...st.notes, ...entry.val.notes]);
          const issuer = cls.issuer;
          const provider =
            cls.flavor === 'github'
              ? 'GitHub Actions'
              : cls.flavor === 'eks'
                ? 'EKS service-account'
                : cls.flavor === 'cognito'
                  ? 'Cognito identity pool'
                  : `OIDC provider ${issuer}`;
          const who =
            cls.flavor === 'github' ? 'any GitHub repository' : cls.flavor === 'eks' ? 'any pod in the cluster' : 'anyone with a token from this provider';
          const example =
            cls.flavor === 'github'
              ? 'repo:<owner>/<repo>:<ref or environment>'
              : cls.flavor === 'eks'
                ? 'system:serviceaccount:<namespace>:<name>'
                : 'the expected subject';
          const audExample = cls.flavor === 'cognito' ? 'the identity pool id' : cls.flavor === 'github' ? 'sts.amazonaws.com' : 'your client id';
          for (const { claim, key, verdict: r } of oidcProblems(st.condition, cls.flavor, cls.issuer)) {
            const ex = claim === 'sub' ? example : audExample;
            // A subject that matches everyone is broadSub; an audience pattern that does is a weak test of that key.
            if (r.value && claim === 'sub')
              ctx.report({
                messageId: 'broadSub',
                at: r.value,
                data: { value: r.reason, who, example: ex, notes: notesSuffix([...st.notes, ...entry.val.notes, ...r.value.notes]) },
              });
            else if (r.clause)
              ctx.report({
                messageId: 'weakCondition',
                at: r.value ?? r.clause.operatorNode,
                data: { key: r.clause.key, operator: r.clause.operator, reason: r.reason, notes },
              });
            else
              ctx.report({
                messageId: claim === 'sub' ? 'missingSub' : 'missingAud',
                at: entry.val,
                data: { provider, key, who, example: ex, notes },
              });
          }
        }
      }
    },
  },
});
