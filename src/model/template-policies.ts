import type { Evaluator } from './intrinsics.js';
import { asList, get, getEntry, isMap, isSeq, isString, singleKey, type SEntry, type SNode, type SScalar } from './node.js';
import { known } from './value.js';
import { buildPolicy, type PolicyDocument, type PolicyKind } from './policy.js';
import { resourceLabel, type Resource, type Template } from './template.js';

/** Parses a policy written as a JSON string (CloudFormation accepts both); injected by the loader. */
export type EmbeddedParser = (value: string, node: SNode) => SNode | undefined;

interface Site {
  readonly kind: PolicyKind;
  readonly node: SNode;
  readonly path: string;
  readonly label: string;
  /** How the policy was reached: `Policies: !If [C, [...], !Ref AWS::NoValue]` holds it only when C is true. */
  readonly notes?: readonly string[];
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

function inlinePolicies(r: Resource, named: string, ev: Evaluator, sites: Site[]): void {
  const pol = getEntry(r.properties, 'Policies');
  if (!pol) return;
  for (const b of ev.branches(pol.value)) {
    asList(b.node).forEach((item, i) => {
      for (const ib of ev.branches(item, b.notes)) {
        const doc = get(ib.node, 'PolicyDocument');
        const name = get(ib.node, 'PolicyName');
        const label = `inline policy${isString(name) ? ` '${name.value}'` : ''} of ${named}`;
        if (doc) sites.push({ kind: 'identity', node: doc, path: `Properties.Policies[${i}].PolicyDocument`, label, notes: ib.notes });
        // SAM `Policies` takes statements documents directly: `- Statement: [...]`.
        else if (r.type.startsWith('AWS::Serverless::') && get(ib.node, 'Statement'))
          sites.push({ kind: 'identity', node: ib.node, path: `Properties.Policies[${i}]`, label: `inline policy of ${named}` });
      }
    });
  }
}

/** Every policy document in a template, with where it sits. */
export function templatePolicies(t: Template, ev: Evaluator, embedded: EmbeddedParser): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  for (const r of t.resources.values()) {
    const sites: Site[] = [];
    const named = resourceLabel(r, t.dialect);
    const props = r.properties;
    if (!isMap(props)) continue;
    if (r.type === 'AWS::IAM::Role' || r.type === 'AWS::Serverless::Function' || r.type === 'AWS::Serverless::StateMachine') {
      const trust = get(props, 'AssumeRolePolicyDocument');
      if (trust) sites.push({ kind: 'trust', node: trust, path: 'Properties.AssumeRolePolicyDocument', label: `trust policy of ${named}` });
      inlinePolicies(r, named, ev, sites);
    } else if (r.type === 'AWS::IAM::User' || r.type === 'AWS::IAM::Group') {
      inlinePolicies(r, named, ev, sites);
    } else if (Object.hasOwn(DOC_PROPS, r.type)) {
      const prop = DOC_PROPS[r.type] as string;
      const doc = get(props, prop);
      if (doc) sites.push({ kind: 'identity', node: doc, path: `Properties.${prop}`, label: named });
    } else if (Object.hasOwn(RESOURCE_POLICY_PROPS, r.type)) {
      const prop = RESOURCE_POLICY_PROPS[r.type] as string;
      const doc = get(props, prop);
      if (doc) sites.push({ kind: 'resource', node: doc, path: `Properties.${prop}`, label: `resource policy of ${named}` });
    }
    for (const s of sites) {
      let node = s.node;
      if (isString(node)) {
        const parsed = embedded(node.value, node);
        if (!parsed) continue;
        node = parsed;
      } else {
        const sub = subPolicy(node, ev, embedded);
        if (sub) node = sub;
      }
      const doc = buildPolicy(node, ev, s.kind, { resource: r.id, resourceType: r.type, path: s.path, label: s.label });
      const via = s.notes ?? [];
      out.push(via.length ? { ...doc, statements: doc.statements.map((st) => ({ ...st, notes: [...via, ...st.notes] })) } : doc);
    }
  }
  return out;
}

/**
 * A policy written as JSON inside `Fn::Sub` (the usual way to write an IRSA trust policy, whose
 * condition keys name the cluster's issuer): the JSON is parsed, every string that substitutes
 * becomes a `Fn::Sub` of its own (with the same variables), so values are evaluated as the rest of
 * the template. A key that substitutes is replaced by its value when known; otherwise it reads as an
 * intrinsic (`Fn::Sub`), which the policy model takes as unknown, so no finding rests on it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function subPolicy(node: SNode, ev: Evaluator, embedded: EmbeddedParser): SNode | undefined {
  if (!ev.template) return undefined;
  const e = singleKey(node);
  if (e?.key.value !== 'Fn::Sub') return undefined;
  const arg = e.value;
  const tpl = isString(arg) ? arg : isSeq(arg) && isString(arg.items[0]) ? arg.items[0] : undefined;
  const vars = isSeq(arg) ? arg.items[1] : undefined;
  if (!tpl || !tpl.value.trimStart().startsWith('{')) return undefined;
  const tree = embedded(tpl.value, tpl);
  if (!tree) return undefined;
  const sub = (s: SScalar): SNode => {
    const key: SScalar = { kind: 'scalar', range: s.range, value: 'Fn::Sub' };
    const value: SNode = vars ? { kind: 'seq', range: s.range, items: [s, vars] } : s;
    return { kind: 'map', range: s.range, entries: [{ key, value }] };
  };
  const rewrite = (n: SNode): SNode => {
    if (n.kind === 'scalar') return isString(n) && n.value.includes('${') ? sub(n) : n;
    if (n.kind === 'seq') return { ...n, items: n.items.map(rewrite) };
    const entries: SEntry[] = n.entries.map((x) => {
      let k = x.key;
      if (typeof k.value === 'string' && k.value.includes('${')) {
        const vals = ev.str(sub(k));
        const text = vals.length === 1 && vals[0] ? known(vals[0]) : undefined;
        k = { ...k, value: text ?? 'Fn::Sub' };
      }
      return { key: k, value: rewrite(x.value) };
    });
    return { ...n, entries };
  };
  return rewrite(tree);
}
