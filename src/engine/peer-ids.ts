/**
 * Other tools' suppressions that iamlint honours: when a team has already accepted a finding in
 * cfn_nag, checkov or cfn-lint, the same finding from iamlint is suppressed too, but only where the
 * peer's check means the same thing as the iamlint rule (a peer's "no `*` resource" says nothing
 * about PassRole, so it suppresses nothing here). The table is data keyed by peer tool, so another
 * input (Terraform's `#checkov:skip=` comments, say) can add its own forms to the same ids.
 * docs/suppressions.md shows this table to users; keep them together.
 */

export type PeerTool = 'cfn_nag' | 'checkov' | 'cfn-lint';

export interface PeerTarget {
  readonly rule: string;
  /** Only these messages of the rule; all of them when absent. */
  readonly messageIds?: readonly string[];
}

export interface PeerMapping {
  readonly id: string;
  /** The peer's own title of the check, for the docs. */
  readonly title: string;
  readonly targets: readonly PeerTarget[];
  /** Why the meanings match, and where they differ. */
  readonly note: string;
}

/**
 * Sources, read at these commits:
 * - cfn_nag: stelligent/cfn_nag 8b5f03d, lib/cfn-nag/custom_rules/*.rb (`rule_id`, `rule_text`),
 *   `passrole_base_rule.rb` (Allow + `iam:PassRole`/`iam:*`/`*` + Resource exactly `*`), metadata.rb
 *   (`Metadata.cfn_nag.rules_to_suppress[].id`, exact match).
 * - checkov: bridgecrewio/checkov 03d5fda, checkov/cloudformation/checks/resource/aws/*.py, and
 *   checkov/cloudformation/context_parser.py (`Metadata.checkov.skip[].id` or `Metadata.bridgecrew.skip`, `comment`).
 * - cfn-lint: aws-cloudformation/cfn-lint 217397c, src/cfnlint/template/template.py
 *   (`Metadata.cfn-lint.config.ignore_checks`): cfn-lint checks template correctness; none of its rules
 *   (E/W/I codes) checks PassRole, trust policies, IMDS or secrets, so no id maps. The metadata is read,
 *   and the table is where a matching rule would go.
 */
export const PEER_IDS: Readonly<Record<PeerTool, readonly PeerMapping[]>> = {
  cfn_nag: [
    {
      id: 'F38',
      title: 'IAM role should not allow * resource with PassRole action on its permissions policy',
      targets: [{ rule: 'passrole-wildcard-resource', messageIds: ['allRoles'] }],
      note: 'cfn_nag sees Resource `*` only; iamlint also reports `role/*`, which the same acceptance covers.',
    },
    {
      id: 'F39',
      title: 'IAM policy should not allow * resource with PassRole action',
      targets: [{ rule: 'passrole-wildcard-resource', messageIds: ['allRoles'] }],
      note: 'As F38, for AWS::IAM::Policy.',
    },
    {
      id: 'F40',
      title: 'IAM managed policy should not allow a * resource with PassRole action',
      targets: [{ rule: 'passrole-wildcard-resource', messageIds: ['allRoles'] }],
      note: 'As F38, for AWS::IAM::ManagedPolicy.',
    },
    {
      id: 'F6',
      title: 'IAM role should not allow Allow+NotPrincipal in its trust policy',
      targets: [{ rule: 'trust-wildcard-principal', messageIds: ['notPrincipal'] }],
      note: 'The same statement shape.',
    },
  ],
  checkov: [
    {
      id: 'CKV_AWS_79',
      title: 'Ensure Instance Metadata Service Version 1 is not enabled',
      targets: [{ rule: 'imdsv2-not-required' }],
      note: 'checkov checks LaunchTemplateData.MetadataOptions.HttpTokens is `required` on AWS::EC2::LaunchTemplate.',
    },
    {
      id: 'CKV_AWS_46',
      title: 'Ensure no hard-coded secrets exist in EC2 user data',
      targets: [{ rule: 'userdata-secret' }, { rule: 'hardcoded-credentials', messageIds: ['userData'] }],
      note: "checkov's secret patterns include AWS access keys, so AWS keys in user data are covered as well.",
    },
    {
      id: 'CKV_AWS_60',
      title: 'Ensure IAM role allows only specific services or principals to assume it',
      targets: [{ rule: 'trust-wildcard-principal', messageIds: ['everyone', 'weakCondition'] }],
      note: "checkov fails an Allow statement whose Principal.AWS is `*`, whatever its condition; iamlint's weakCondition is that case too.",
    },
  ],
  'cfn-lint': [],
};

/** The iamlint targets of a peer's id; empty when the id means nothing iamlint checks. */
export function peerTargets(tool: PeerTool, id: string): readonly PeerTarget[] {
  for (const m of PEER_IDS[tool]) if (m.id === id) return m.targets;
  return [];
}
