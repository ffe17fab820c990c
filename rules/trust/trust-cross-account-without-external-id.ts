import { defineRule, notesSuffix } from '../../src/index.js';
import { inferredOwnAccounts, isOwnAccount, principals, trustStatements, wholeAccountNarrowing } from '../../src/model/trust.js';

export default defineRule({
  id: 'trust-cross-account-without-external-id',
  meta: {
    summary: 'A role trusts a whole other account without sts:ExternalId.',
    why: [
      'Trusting `arn:aws:iam::<account>:root` (or the bare account id) trusts every user and role in that account whose own policies allow `sts:AssumeRole` on this role.',
      'When the other account is a third party (a vendor acting for several customers), the role is open to the confused-deputy problem: another customer of the vendor can have it assume your role. AWS prescribes an `sts:ExternalId` condition for that case.',
      'Between your own accounts this is often fine, which is why the rule is a warning and your accounts can be listed in the config.',
    ].join(' '),
    flagged: [
      'A trust policy Allow statement whose principal is another account (`arn:aws:iam::<id>:root`, a bare 12-digit id), with no `sts:ExternalId` condition and no `aws:PrincipalArn`/`aws:PrincipalOrgID` restriction.',
      'An `sts:ExternalId` tested with `...IfExists` or a negated operator (true when the caller sends none).',
    ],
    notFlagged: [
      'Your own account: `${AWS::AccountId}`, `!Ref AWS::AccountId`, or ids listed in `ownAccounts` in `.iamlintrc`.',
      'An account the template shows to be its own: it writes that id in the ARN of a resource it defines (`arn:aws:iam::<id>:role/<a RoleName of the template>`, `arn:aws:lambda:...:<id>:function:${MyFunction}`, as CDK synth output with `env.account` does) or of the CDK bootstrap resources (`cdk-hnb659fds-...`). An id that only appears in the trust policy is not inferred.',
      'A specific role or user ARN in another account (`arn:aws:iam::<id>:role/deployer`).',
      'Accounts that cannot be known offline (a parameter without a default).',
    ],
    fix: [
      'For a third party, require the external id they gave you:',
      '',
      '```json',
      '"Condition": { "StringEquals": { "sts:ExternalId": "<id from the vendor>" } }',
      '```',
      '',
      'For your own accounts, name the role that may assume it, or add the account to `ownAccounts` in `.iamlintrc.json`.',
    ].join('\n'),
    level: 'warning',
    securitySeverity: 6.5,
    tags: ['security', 'iam', 'trust-policy', 'cross-account'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    ],
    recommended: true,
    domain: 'trust',
  },
  messages: {
    wholeAccount:
      'This trust policy trusts every principal of account {account}{notes} without sts:ExternalId. If {account} is a third party, require sts:ExternalId; if it is yours, name the role there or list the account in ownAccounts.',
    weakExternalId: 'sts:ExternalId is tested with {operator}, which does not require it: {reason}. Use StringEquals.',
  },
  visit: {
    policy(doc, ctx) {
      // The template's own accounts are searched for (a walk over its strings) only when a statement
      // trusts a whole account: most policies are not trust policies, and most trust policies name a service.
      let own: string[] | undefined;
      const ownAccounts = () => (own ??= [...ctx.settings.ownAccounts, ...inferredOwnAccounts(ctx.file.template)]);
      for (const st of trustStatements(doc)) {
        const whole = principals(st).filter((p) => p.cls.kind === 'account');
        if (whole.length === 0) continue;
        const accounts = whole.filter((p) => p.cls.kind === 'account' && !isOwnAccount(p.cls.account, ownAccounts()));
        if (accounts.length === 0) continue;
        const ext = wholeAccountNarrowing(st);
        if (ext.verdict !== 'unsound') continue;
        if (ext.clause && !ext.value) {
          ctx.report({
            messageId: 'weakExternalId',
            at: ext.clause.operatorNode,
            data: { operator: ext.clause.operator, reason: ext.reason },
          });
          continue;
        }
        for (const { entry, cls } of accounts) {
          if (cls.kind !== 'account') continue;
          ctx.report({
            messageId: 'wholeAccount',
            at: entry.val,
            data: { account: cls.account, notes: notesSuffix([...st.notes, ...entry.val.notes]) },
          });
        }
      }
    },
  },
});
