import type { Grant, Principal } from './account.js';
import { ec2CanAssume } from './launch.js';
import type { SNode } from './node.js';
import { classifyPrincipal, THIS_ACCOUNT } from './principals.js';
import { trustStatements } from './trust.js';
import { known, type Val } from './value.js';

/** Where a finding about a grant points: the attachment of an AWS managed policy, else the Action value (or the statement). */
export function grantTarget(g: Grant): SNode | Val {
  if (g.attachment.managed && g.attachment.via) return g.attachment.via;
  return g.via ?? g.statement.action?.key ?? g.statement.notAction?.key ?? g.statement.node;
}

/** "AWS managed policy AdministratorAccess", "statement 'Admin' of inline policy 'root' of AWS::IAM::Role R", "this statement". */
export function grantSource(g: Grant): string {
  const a = g.attachment;
  if (a.managed) return `the AWS managed policy ${a.managed}`;
  const how = g.via ? `'${known(g.via) ?? '?'}'` : 'NotAction';
  const sid = g.statement.sid ? ` '${g.statement.sid}'` : '';
  const of = a.doc.origin.label === 'policy' ? 'this policy' : a.doc.origin.label;
  return `${how} in statement${sid} of ${of}`;
}

/** A principal's label at the start of a sentence: "Role AppRole", "This policy". */
export function labelStart(p: Principal): string {
  return p.label.charAt(0).toUpperCase() + p.label.slice(1);
}

/** Whether EC2 can assume the role (an instance profile's role): anything on the instance acts with it. */
export function isInstanceRole(p: Principal): boolean {
  if (p.kind !== 'role' || !p.resource) return false;
  return ec2CanAssume({ resource: p.resource, trust: p.trust, policies: [], managedPolicyArns: [], permissionsBoundary: false }).verdict === true;
}

/**
 * Whether a role can be assumed from outside the account's own principals: a service, an OIDC or SAML
 * provider, another account, everyone, or a trust that cannot be read. Only such roles make a finding an error.
 */
export function assumableFromOutside(p: Principal, ownAccounts: readonly string[]): boolean {
  if (p.kind !== 'role') return false;
  if (p.trust.length === 0) return true;
  for (const doc of p.trust)
    for (const st of trustStatements(doc)) {
      if (st.notPrincipal || st.principal?.unknown) return true;
      for (const e of st.principal?.entries ?? []) {
        const c = classifyPrincipal(e);
        if (c.kind === 'account' || c.kind === 'arn') {
          if (c.account === undefined || (c.account !== THIS_ACCOUNT && !ownAccounts.includes(c.account))) return true;
        } else return true;
      }
    }
  return false;
}
