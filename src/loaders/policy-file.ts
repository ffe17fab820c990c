import type { Evaluator } from '../model/intrinsics.js';
import { asList, getCI, isMap, isSeq, isString, type SNode } from '../model/node.js';
import { buildPolicy, type PolicyDocument, type PolicyKind } from '../model/policy.js';
import { grantsAnyAction } from '../model/actions.js';
import type { EmbeddedParser } from '../model/template-policies.js';

const ASSUME = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

/** Whether a node is a policy document: a map with a top-level `Statement` (a list or one object). */
export function isPolicyNode(n: SNode | undefined): boolean {
  const st = getCI(n, 'Statement');
  return !!st && (isSeq(st.value) || isMap(st.value));
}

/**
 * A bare document's kind: a trust policy has principals and allows `sts:AssumeRole*`; another document
 * with principals is a resource policy; one without is an identity policy.
 */
export function documentKind(doc: PolicyDocument): PolicyKind {
  const withPrincipal = doc.statements.filter((s) => s.principal || s.notPrincipal);
  if (withPrincipal.length === 0) return 'identity';
  if (
    withPrincipal.some(
      (s) => s.action && s.action.values.length > 0 && grantsAnyAction(s, ASSUME).granted === true && !s.action.values.some((v) => v.parts[0] === '*'),
    )
  )
    return 'trust';
  return 'resource';
}

const WRAPPER_KEYS: Record<string, PolicyKind | undefined> = {
  AssumeRolePolicyDocument: 'trust',
  PolicyDocument: undefined,
  Document: undefined,
};

/**
 * Policies in a JSON/YAML document that is not a template: a policy itself, or the output of
 * `aws iam get-role`, `get-role-policy`, `get-policy-version`, `get-account-authorization-details`
 * (documents nested under `AssumeRolePolicyDocument`, `PolicyDocument` or `Document`, as objects
 * or URL-encoded strings).
 */
export function filePolicies(root: SNode, ev: Evaluator, embedded: EmbeddedParser): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  const visit = (n: SNode, path: string, depth: number, forced: PolicyKind | undefined): void => {
    if (depth > 8) return;
    let node = n;
    if (isString(n) && forced !== undefined) {
      const parsed = embedded(n.value, n);
      if (!parsed) return;
      node = parsed;
    }
    if (isPolicyNode(node)) {
      const probe = buildPolicy(node, ev, 'identity', { path, label: path ? `policy at ${path}` : 'policy' });
      const kind = forced === 'trust' ? 'trust' : documentKind(probe);
      out.push({ ...probe, kind });
      return;
    }
    if (isMap(node)) {
      for (const e of node.entries) {
        const k = String(e.key.value);
        // `Object.hasOwn`: a key named `constructor` or `toString` is no wrapper.
        const wrapped = Object.hasOwn(WRAPPER_KEYS, k);
        const kind = wrapped ? WRAPPER_KEYS[k] : undefined;
        visit(e.value, path ? `${path}.${k}` : k, depth + 1, wrapped ? (kind ?? 'identity') : undefined);
      }
    } else if (isSeq(node)) {
      asList(node).forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1, forced));
    }
  };
  visit(root, '', 0, undefined);
  return out;
}
