/**
 * Other tools' suppressions that iamlint honours: when a team has already accepted a finding in
 * cfn_nag, checkov, cfn-lint, tfsec or trivy, the same finding from iamlint is suppressed too, but only
 * where the peer's check means the same thing as the iamlint rule, or less (a peer's "no `*` resource"
 * says nothing about PassRole, so it suppresses nothing here). The table is data keyed by peer tool;
 * each entry names the input whose check it is, because one peer id can be different code per input
 * (checkov's CKV_AWS_46 reads AWS and private-key patterns in CloudFormation, AWS patterns only in
 * Terraform). docs/suppressions.md shows this table to users; keep them together.
 */

/** tfsec's checks live on in trivy (same ids, and each reads the other's `tfsec:`/`trivy:` comments): one list, `trivy`. */
export type PeerTool = 'cfn_nag' | 'checkov' | 'cfn-lint' | 'trivy';

/** The input a peer's check reads: CloudFormation metadata, or comments in Terraform's `.tf` files. */
export type PeerInput = 'cloudformation' | 'terraform';

export interface PeerTarget {
  readonly rule: string;
  /** Only these messages of the rule; all of them when absent. */
  readonly messageIds?: readonly string[];
  /** Only findings under this property (a segment of the logical path, `UserData`); anywhere when absent. */
  readonly path?: string;
}

export interface PeerMapping {
  readonly id: string;
  /** The peer's own title of the check, for the docs. */
  readonly title: string;
  readonly targets: readonly PeerTarget[];
  /** Why the meanings match, and where they differ. */
  readonly note: string;
  readonly input: PeerInput;
  /** The other ids the peer accepts for the check in its comments (trivy: id, long id, short code; tfsec's legacy id). */
  readonly aliases?: readonly string[];
  /**
   * Terraform: the blocks the peer's check reads (`aws_instance` for a resource type, `provider.aws`,
   * `data.<type>`). A peer's suppression written in any other block skips nothing there, so it
   * suppresses nothing here either. Absent: any block.
   */
  readonly blocks?: readonly string[];
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
 * - checkov for Terraform: the same commit, checkov/terraform/checks/{resource,provider}/aws/*.py (named
 *   at each entry), and checkov/terraform/context_parsers/base_parser.py with checkov/common/comment/enum.py
 *   (`checkov:skip=<id>[,<id>]:<comment>` on a line strictly inside the block it skips).
 * - trivy: aquasecurity/trivy-checks 80e5382, checks/cloud/aws/ec2/*.rego (`id`, `long_id`, `aliases`,
 *   title); aquasecurity/trivy dc3c56e, pkg/iac/ignore/{parse,rule}.go and pkg/iac/scan/result.go (which
 *   ids an ignore may name, case-insensitive). tfsec: aquasecurity/tfsec 1ade121, docs/checks/aws/ (the
 *   same titles), internal/pkg/legacy/map.go (legacy ids), on aquasecurity/defsec v0.84.1
 *   (pkg/scanners/terraform/parser/load_blocks.go, pkg/terraform/ignore.go, rules/cloud/policies/aws/ec2/).
 */
export const PEER_IDS: Readonly<Record<PeerTool, readonly PeerMapping[]>> = {
  cfn_nag: [
    {
      id: 'F38',
      title: 'IAM role should not allow * resource with PassRole action on its permissions policy',
      targets: [{ rule: 'passrole-wildcard-resource', messageIds: ['allRoles'] }],
      note: 'cfn_nag sees Resource `*` only; iamlint also reports `role/*`, which the same acceptance covers.',
      input: 'cloudformation',
    },
    {
      id: 'F39',
      title: 'IAM policy should not allow * resource with PassRole action',
      targets: [{ rule: 'passrole-wildcard-resource', messageIds: ['allRoles'] }],
      note: 'As F38, for AWS::IAM::Policy.',
      input: 'cloudformation',
    },
    {
      id: 'F40',
      title: 'IAM managed policy should not allow a * resource with PassRole action',
      targets: [{ rule: 'passrole-wildcard-resource', messageIds: ['allRoles'] }],
      note: 'As F38, for AWS::IAM::ManagedPolicy.',
      input: 'cloudformation',
    },
    {
      id: 'F6',
      title: 'IAM role should not allow Allow+NotPrincipal in its trust policy',
      targets: [{ rule: 'trust-wildcard-principal', messageIds: ['notPrincipal'] }],
      note: 'The same statement shape.',
      input: 'cloudformation',
    },
  ],
  checkov: [
    {
      id: 'CKV_AWS_79',
      title: 'Ensure Instance Metadata Service Version 1 is not enabled',
      targets: [{ rule: 'imdsv2-not-required' }],
      note: 'checkov checks LaunchTemplateData.MetadataOptions.HttpTokens is `required` on AWS::EC2::LaunchTemplate.',
      input: 'cloudformation',
    },
    {
      id: 'CKV_AWS_46',
      title: 'Ensure no hard-coded secrets exist in EC2 user data',
      targets: [{ rule: 'userdata-secret' }, { rule: 'hardcoded-credentials', messageIds: ['userData'] }],
      note: "checkov's secret patterns include AWS access keys, so AWS keys in user data are covered as well.",
      input: 'cloudformation',
    },
    {
      id: 'CKV_AWS_60',
      title: 'Ensure IAM role allows only specific services or principals to assume it',
      targets: [{ rule: 'trust-wildcard-principal', messageIds: ['everyone', 'weakCondition'] }],
      note: "checkov fails an Allow statement whose Principal.AWS is `*`, whatever its condition; iamlint's weakCondition is that case too.",
      input: 'cloudformation',
    },
    // Terraform: checkov/terraform/checks/resource/aws/IMDSv1Disabled.py.
    {
      id: 'CKV_AWS_79',
      title: 'Ensure Instance Metadata Service Version 1 is not enabled',
      targets: [{ rule: 'imdsv2-not-required', messageIds: ['optional', 'notSet', 'overridesTemplate'] }],
      note: 'checkov fails `metadata_options.http_tokens` other than `required` (or no `metadata_options`), unless `http_endpoint` is `disabled`.',
      input: 'terraform',
      blocks: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'],
    },
    // checkov/terraform/checks/resource/aws/LaunchTemplateMetadataHop.py.
    {
      id: 'CKV_AWS_341',
      title: 'Ensure Launch template should not have a metadata response hop limit greater than 1',
      targets: [{ rule: 'imds-hop-limit' }],
      note: 'The same setting (`http_put_response_hop_limit`); checkov fails every value but 1, iamlint values above 2, so each iamlint finding is a checkov failure.',
      input: 'terraform',
      blocks: ['aws_launch_configuration', 'aws_launch_template'],
    },
    // checkov/terraform/checks/provider/aws/credentials.py.
    {
      id: 'CKV_AWS_41',
      title: 'Ensure no hard coded AWS access key and secret key exists in provider',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['credential', 'example'] }],
      note: 'Keys in `access_key` and `secret_key` of the `provider "aws"` block: the skip written there covers the keys in that block only.',
      input: 'terraform',
      blocks: ['provider.aws'],
    },
    // checkov/terraform/checks/resource/aws/EC2Credentials.py: string_has_secrets(user_data, AWS).
    {
      id: 'CKV_AWS_46',
      title: 'Ensure no hard-coded secrets exist in EC2 user data',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['credential', 'example', 'userData'], path: 'UserData' }],
      note: "Keys in `user_data`: checkov's Terraform check reads AWS key patterns only (not passwords or private keys, so not userdata-secret).",
      input: 'terraform',
      blocks: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'],
    },
    // checkov/terraform/checks/resource/aws/IAMRoleAllowsPublicAssume.py.
    {
      id: 'CKV_AWS_60',
      title: 'Ensure IAM role allows only specific services or principals to assume it',
      targets: [{ rule: 'trust-wildcard-principal', messageIds: ['everyone', 'weakCondition'] }],
      note: 'checkov fails an Allow statement of `assume_role_policy` whose Principal.AWS is or lists `*`, whatever its condition; a skip in the role also covers a trust policy written in a `data "aws_iam_policy_document"`.',
      input: 'terraform',
      blocks: ['aws_iam_role'],
    },
  ],
  'cfn-lint': [],
  trivy: [
    // trivy-checks enforce_http_token_imds.rego (builtin.aws.ec2.aws0028): input.aws.ec2.instances; tfsec
    // docs/checks/aws/ec2/enforce-http-token-imds; legacy AWS079.
    {
      id: 'AVD-AWS-0028',
      title: 'aws_instance should activate session tokens for Instance Metadata Service.',
      targets: [{ rule: 'imdsv2-not-required', messageIds: ['optional', 'notSet', 'overridesTemplate'] }],
      note: 'trivy fails an instance whose `metadata_options.http_tokens` is not `required` (or absent), unless `http_endpoint` is `disabled`.',
      input: 'terraform',
      aliases: ['AWS-0028', 'aws-ec2-enforce-http-token-imds', 'enforce-http-token-imds', 'AWS079'],
      blocks: ['aws_instance'],
    },
    // trivy-checks as_enforce_http_token_imds.rego (aws0130): launch configurations and launch templates; the
    // title is trivy's own, copied from AVD-AWS-0028. tfsec docs/checks/aws/ec2/enforce-launch-config-http-token-imds.
    {
      id: 'AVD-AWS-0130',
      title: 'aws_instance should activate session tokens for Instance Metadata Service.',
      targets: [{ rule: 'imdsv2-not-required', messageIds: ['optional', 'notSet'] }],
      note: 'As AVD-AWS-0028, for `aws_launch_configuration` and `aws_launch_template`.',
      input: 'terraform',
      aliases: [
        'AWS-0130',
        'aws-ec2-enforce-launch-config-http-token-imds',
        'enforce-launch-config-http-token-imds',
        'aws-autoscaling-enforce-http-token-imds',
      ],
      blocks: ['aws_launch_configuration', 'aws_launch_template'],
    },
    // trivy-checks no_secrets_in_user_data.rego (aws0029): instances; legacy AWS062. trivy-checks also lists
    // `aws-autoscaling-no-public-ip` among its aliases, which is AVD-AWS-0009's name in defsec: left out.
    {
      id: 'AVD-AWS-0029',
      title: 'User data for EC2 instances must not contain sensitive AWS keys',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['credential', 'example', 'userData'], path: 'UserData' }],
      note: "Access keys in an instance's `user_data`. Other secrets (userdata-secret) are not what the check says it looks for.",
      input: 'terraform',
      aliases: ['AWS-0029', 'aws-ec2-no-secrets-in-user-data', 'no-secrets-in-user-data', 'AWS062'],
      blocks: ['aws_instance'],
    },
    // trivy-checks as_no_secrets_in_user_data.rego (aws0129): launch templates.
    {
      id: 'AVD-AWS-0129',
      title: 'User data for EC2 instances must not contain sensitive AWS keys',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['credential', 'example', 'userData'], path: 'UserData' }],
      note: 'As AVD-AWS-0029, for `aws_launch_template`.',
      input: 'terraform',
      aliases: [
        'AWS-0129',
        'aws-ec2-no-secrets-in-launch-template-user-data',
        'no-secrets-in-launch-template-user-data',
        'aws-autoscaling-no-secrets-in-user-data',
      ],
      blocks: ['aws_launch_template'],
    },
    // trivy-checks no_sensitive_info.rego (aws0122): launch configurations. The title is the peer's (it says
    // EBS); the check and its description are "user data must not contain any sensitive data".
    {
      id: 'AVD-AWS-0122',
      title: 'Ensure all data stored in the launch configuration EBS is securely encrypted',
      targets: [
        { rule: 'userdata-secret', messageIds: ['secret', 'privateKey'] },
        { rule: 'hardcoded-credentials', messageIds: ['credential', 'example', 'userData'], path: 'UserData' },
      ],
      note: 'Any sensitive data in the `user_data` of an `aws_launch_configuration`.',
      input: 'terraform',
      aliases: ['AWS-0122', 'aws-ec2-no-sensitive-info', 'no-sensitive-info', 'aws-autoscaling-no-sensitive-info'],
      blocks: ['aws_launch_configuration'],
    },
  ],
};

/**
 * The peer's mapping for an id written in a suppression; undefined when the id means nothing iamlint checks.
 * trivy compares ids case-insensitively (its docs: `AWS-0089` or `aws-0089`); checkov, cfn_nag and cfn-lint exactly.
 */
export function peerMapping(tool: PeerTool, input: PeerInput, id: string): PeerMapping | undefined {
  const fold = tool === 'trivy';
  const want = fold ? id.toLowerCase() : id;
  const same = (x: string) => (fold ? x.toLowerCase() : x) === want;
  return PEER_IDS[tool].find((m) => m.input === input && (same(m.id) || (m.aliases ?? []).some(same)));
}
