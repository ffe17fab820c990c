import { Evaluator } from './intrinsics.js';
import { MANAGED_POLICIES, MANAGED_POLICIES_SOURCE } from './managed-policies-data.js';
import type { SEntry, SNode, SScalar } from './node.js';
import { buildPolicy, type PolicyDocument } from './policy.js';
import type { Range } from './source.js';
import type { Val } from './value.js';

export { MANAGED_POLICIES_SOURCE };

/** An AWS managed policy the model knows the document of. */
export interface ManagedPolicy {
  readonly name: string;
  readonly version: string;
  /** Allow statements that matter to no check were left out of the data: the policy may allow more. */
  readonly partial: boolean;
  readonly doc: PolicyDocument;
}

/**
 * The AWS managed policy an ARN names: `arn:aws:iam::aws:policy/<path/>Name` in any partition
 * (`arn:${AWS::Partition}:...` included). Returns the name even when the data lacks the policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 */
export function awsManagedName(v: Val): string | undefined {
  let s = '';
  for (const p of v.parts) {
    if (typeof p === 'string') s += p;
    else if (p.sym === 'partition') s += 'aws';
    else return undefined;
  }
  const marker = ':iam::aws:policy/';
  const i = s.indexOf(marker);
  if (!s.startsWith('arn:') || i < 0) return undefined;
  const rest = s.slice(i + marker.length);
  const name = rest.slice(rest.lastIndexOf('/') + 1);
  return name && !name.includes('*') ? name : undefined;
}

/** A plain JSON value as a source tree whose every node points at `range` (the attachment in the scanned file). */
function toNode(v: unknown, range: Range): SNode {
  if (Array.isArray(v)) return { kind: 'seq', range, items: v.map((x) => toNode(x, range)) };
  if (v !== null && typeof v === 'object') {
    const entries: SEntry[] = Object.entries(v as Record<string, unknown>).map(([k, x]) => ({
      key: { kind: 'scalar', range, value: k } as SScalar,
      value: toNode(x, range),
    }));
    return { kind: 'map', range, entries };
  }
  const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  return { kind: 'scalar', range, value };
}

const LITERAL = new Evaluator(undefined);

/**
 * The managed policy's document, its nodes pointing at `at` (the ARN that attaches it): a finding
 * about a statement of AWS's document lands on the attachment, the only place the user can change.
 */
export function managedPolicy(name: string, at: SNode): ManagedPolicy | undefined {
  const data = MANAGED_POLICIES.get(name);
  if (!data) return undefined;
  const [version, partial, json] = data;
  const node = toNode(JSON.parse(json), at.range);
  const doc = buildPolicy(node, LITERAL, 'identity', { path: '', label: `AWS managed policy ${name}` });
  return { name, version, partial, doc };
}
