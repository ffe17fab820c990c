import { defineRule } from '../../src/index.js';

export default defineRule({
  id: 'invalid-suppression',
  meta: {
    summary: 'An iamlint suppression is malformed, has no reason, names an unknown rule, or has expired.',
    why: 'A suppression is a decision someone made about a risk; without a reason the next reader cannot review it, and an expired one should be looked at again. A suppression that does not do what its author thinks is worse than none.',
    flagged: [
      '`iamlint-disable-next-line` without a rule id, or without a reason after `--` (the suppression is then ignored).',
      'A rule id that does not exist.',
      'A suppression whose `(until YYYY-MM-DD)` date has passed (it no longer suppresses).',
      'The same problems in CloudFormation `Metadata: {iamlint: {ignore: [{rule, reason}]}}`.',
    ],
    notFlagged: ['Well-formed suppressions, used or not.'],
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
  },
  visit: {},
});
