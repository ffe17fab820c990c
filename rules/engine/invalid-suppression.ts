import { defineRule } from '../../src/index.js';

export default defineRule({
  id: 'invalid-suppression',
  meta: {
    summary: 'An iamlint suppression is malformed, has no reason, names an unknown rule, has expired, or suppresses nothing.',
    why: 'A suppression is a decision someone made about a risk; without a reason the next reader cannot review it, and an expired one should be looked at again. A suppression that does not do what its author thinks is worse than none.',
    flagged: [
      '`iamlint-disable-next-line` without a rule id, or without a reason after `--` (the suppression is then ignored).',
      'A rule id that does not exist.',
      'A suppression whose `(until YYYY-MM-DD)` date has passed (it no longer suppresses).',
      "A suppression that matches no finding (as ESLint's `--report-unused-disable-directives`): the code it was written for changed, or it sits above the wrong line.",
      '`eslint-disable-next-line iamlint/<rule-id>` without a reason after `--` (it still suppresses, as in ESLint).',
      'The same problems in CloudFormation `Metadata: {iamlint: {ignore: [{rule, reason}]}}`.',
    ],
    notFlagged: [
      'Well-formed suppressions that suppress a finding.',
      "Other tools' suppressions (cfn_nag, checkov, cfn-lint metadata) that match no iamlint finding: they are that tool's business.",
      'A suppression of a rule turned off in the configuration.',
    ],
    fix: '```yaml\n# iamlint-disable-next-line passrole-wildcard-resource -- deploy role passes every app role (until 2027-03-01)\n```',
    level: 'warning',
    securitySeverity: 2.0,
    tags: ['suppressions'],
    references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html'],
    recommended: true,
    domain: 'engine',
  },
  messages: {
    noRule: 'This iamlint suppression names no rule, so it suppresses nothing. Name the rule id: `iamlint-disable-next-line <rule-id> -- <reason>`.',
    unknownRule: "This iamlint suppression names an unknown rule '{rule}' (see iamlint --list-rules).",
    noReason: "This iamlint suppression of {rules} has no reason, so it is ignored; write one after '--'.",
    expired: 'This iamlint suppression of {rules} expired on {until}; it no longer applies.',
    unused: 'This iamlint suppression of {rule} matches no finding; remove it (or move it right above the statement, resource or line it is for).',
    eslintNoReason: "This eslint-disable-next-line of {rules} has no reason; it still suppresses, but write why after '--'.",
  },
  visit: {},
});
