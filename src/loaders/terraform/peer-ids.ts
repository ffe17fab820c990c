import type { PeerMapping } from '../../engine/peer-ids.js';

/**
 * Proposed additions to src/engine/peer-ids.ts (owned by the suppression engine) for Terraform's inline
 * forms: `#checkov:skip=CKV_AWS_79:reason`, `#tfsec:ignore:aws-ec2-enforce-http-token-imds`,
 * `#trivy:ignore:AVD-AWS-0028` (trivy also accepts the tfsec-style long id). Data only: nothing reads it
 * yet. The same rule as there: only a peer check that means the same as the iamlint rule (or less) maps;
 * tfsec's `aws-iam-no-policy-wildcards` (any `*` in a policy) and checkov's CKV_AWS_288 ("data
 * exfiltration") are broader and map to nothing. checkov's CloudFormation ids already in the table
 * (CKV_AWS_79, CKV_AWS_46, CKV_AWS_60) are the same checks for Terraform and are not repeated.
 * Sources: checkov's terraform checks (checkov/terraform/checks/resource/aws/*.py, e.g.
 * AWSInstanceMetadataV2.py, AWSCredentials.py for the provider block), tfsec's and trivy's AWS checks
 * (https://aquasecurity.github.io/tfsec/latest/checks/aws/, https://avd.aquasec.com/misconfig/aws/).
 * The ids below are from those pages as recalled, not re-read at a pinned commit: verify before wiring.
 */
export const TERRAFORM_PEER_IDS: Readonly<Record<'checkov' | 'tfsec' | 'trivy', readonly PeerMapping[]>> = {
  checkov: [
    {
      id: 'CKV_AWS_41',
      title: 'Ensure no hard coded AWS access key and secret key exists in provider',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['credential', 'example'] }],
      note: 'checkov looks at the `provider "aws"` block only; iamlint reports keys anywhere, and the acceptance covers the provider block line.',
    },
    {
      id: 'CKV_AWS_341',
      title: 'Ensure Launch template should not have a metadata response hop limit greater than 1',
      targets: [{ rule: 'imds-hop-limit' }],
      note: 'The same setting (`http_put_response_hop_limit`).',
    },
  ],
  tfsec: [
    {
      id: 'aws-ec2-enforce-http-token-imds',
      title: 'aws_instance should activate session tokens for Instance Metadata Service.',
      targets: [{ rule: 'imdsv2-not-required' }],
      note: 'tfsec checks `metadata_options.http_tokens` of instances.',
    },
    {
      id: 'aws-ec2-enforce-launch-config-http-token-imds',
      title: 'Launch configuration should enable session tokens for IMDS.',
      targets: [{ rule: 'imdsv2-not-required' }],
      note: 'The same for launch configurations and launch templates.',
    },
    {
      id: 'aws-ec2-no-secrets-in-user-data',
      title: 'User data for EC2 instances must not contain sensitive AWS keys',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['userData'] }, { rule: 'userdata-secret' }],
      note: 'tfsec looks for AWS keys in `user_data`.',
    },
    {
      id: 'aws-ec2-no-secrets-in-launch-template-user-data',
      title: 'User data for EC2 launch templates must not contain sensitive AWS keys',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['userData'] }, { rule: 'userdata-secret' }],
      note: 'As above, for launch templates.',
    },
  ],
  trivy: [
    {
      id: 'AVD-AWS-0028',
      title: 'aws_instance should activate session tokens for IMDS',
      targets: [{ rule: 'imdsv2-not-required' }],
      note: "tfsec's aws-ec2-enforce-http-token-imds.",
    },
    {
      id: 'AVD-AWS-0130',
      title: 'Launch configuration should enable session tokens for IMDS',
      targets: [{ rule: 'imdsv2-not-required' }],
      note: "tfsec's aws-ec2-enforce-launch-config-http-token-imds.",
    },
    {
      id: 'AVD-AWS-0029',
      title: 'User data for EC2 instances must not contain sensitive AWS keys',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['userData'] }, { rule: 'userdata-secret' }],
      note: "tfsec's aws-ec2-no-secrets-in-user-data.",
    },
    {
      id: 'AVD-AWS-0129',
      title: 'User data for EC2 launch templates must not contain sensitive AWS keys',
      targets: [{ rule: 'hardcoded-credentials', messageIds: ['userData'] }, { rule: 'userdata-secret' }],
      note: "tfsec's aws-ec2-no-secrets-in-launch-template-user-data.",
    },
  ],
};
