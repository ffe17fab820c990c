import type { Evaluator } from './intrinsics.js';
import { asList, get, getEntry, isMap, isString, type SNode } from './node.js';
import { buildPolicy, type PolicyDocument, type PolicyKind } from './policy.js';
import type { Resource, Template } from './template.js';

/** Parses a policy written as a JSON string (CloudFormation accepts both); injected by the loader. */
export type EmbeddedParser = (value: string, node: SNode) => SNode | undefined;

interface Site {
  readonly kind: PolicyKind;
  readonly node: SNode;
  readonly path: string;
  readonly label: string;
}

const RESOURCE_POLICY_PROPS: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::Logs::ResourcePolicy': 'PolicyDocument',
  'AWS::OpenSearchService::Domain': 'AccessPolicies',
  'AWS::Elasticsearch::Domain': 'AccessPolicies',
  'AWS::S3::AccessPoint': 'Policy',
  'AWS::EFS::FileSystem': 'FileSystemPolicy',
};

const DOC_PROPS: Record<string, string> = {
  'AWS::IAM::Policy': 'PolicyDocument',
  'AWS::IAM::ManagedPolicy': 'PolicyDocument',
  'AWS::IAM::RolePolicy': 'PolicyDocument',
  'AWS::IAM::UserPolicy': 'PolicyDocument',
  'AWS::IAM::GroupPolicy': 'PolicyDocument',
};

function inlinePolicies(r: Resource, ev: Evaluator, sites: Site[]): void {
  const pol = getEntry(r.properties, 'Policies');
  if (!pol) return;
  for (const b of ev.branches(pol.value)) {
    asList(b.node).forEach((item, i) => {
      for (const ib of ev.branches(item)) {
        const doc = get(ib.node, 'PolicyDocument');
        const name = get(ib.node, 'PolicyName');
        const label = `inline policy${isString(name) ? ` '${name.value}'` : ''} of ${r.type} ${r.id}`;
        if (doc) sites.push({ kind: 'identity', node: doc, path: `Properties.Policies[${i}].PolicyDocument`, label });
        // SAM `Policies` takes statements documents directly: `- Statement: [...]`.
        else if (r.type.startsWith('AWS::Serverless::') && get(ib.node, 'Statement'))
          sites.push({ kind: 'identity', node: ib.node, path: `Properties.Policies[${i}]`, label: `inline policy of ${r.type} ${r.id}` });
      }
    });
  }
}

/** Every policy document in a template, with where it sits. */
export function templatePolicies(t: Template, ev: Evaluator, embedded: EmbeddedParser): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  for (const r of t.resources.values()) {
    const sites: Site[] = [];
    const props = r.properties;
    if (!isMap(props)) continue;
    if (r.type === 'AWS::IAM::Role' || r.type === 'AWS::Serverless::Function' || r.type === 'AWS::Serverless::StateMachine') {
      const trust = get(props, 'AssumeRolePolicyDocument');
      if (trust) sites.push({ kind: 'trust', node: trust, path: 'Properties.AssumeRolePolicyDocument', label: `trust policy of ${r.type} ${r.id}` });
      inlinePolicies(r, ev, sites);
    } else if (r.type === 'AWS::IAM::User' || r.type === 'AWS::IAM::Group') {
      inlinePolicies(r, ev, sites);
    } else if (DOC_PROPS[r.type]) {
      const prop = DOC_PROPS[r.type] as string;
      const doc = get(props, prop);
      if (doc) sites.push({ kind: 'identity', node: doc, path: `Properties.${prop}`, label: `${r.type} ${r.id}` });
    } else if (RESOURCE_POLICY_PROPS[r.type]) {
      const prop = RESOURCE_POLICY_PROPS[r.type] as string;
      const doc = get(props, prop);
      if (doc) sites.push({ kind: 'resource', node: doc, path: `Properties.${prop}`, label: `resource policy of ${r.type} ${r.id}` });
    }
    for (const s of sites) {
      let node = s.node;
      if (isString(node)) {
        const parsed = embedded(node.value, node);
        if (!parsed) continue;
        node = parsed;
      }
      out.push(buildPolicy(node, ev, s.kind, { resource: r.id, resourceType: r.type, path: s.path, label: s.label }));
    }
  }
  return out;
}
