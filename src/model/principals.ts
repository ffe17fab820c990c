import type { PrincipalEntry } from './policy.js';
import { hasUnknown, known, resourceRef, type Val } from './value.js';

export type OidcFlavor = 'github' | 'eks' | 'cognito' | 'oidc';

export type PrincipalClass =
  | { readonly kind: 'everyone' }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'arn'; readonly account: string | undefined; readonly entity: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'oidc'; readonly flavor: OidcFlavor; readonly issuer: string }
  | { readonly kind: 'saml'; readonly provider: string }
  | { readonly kind: 'canonical' }
  | { readonly kind: 'unknown' };

/** 'this' stands for the template's own account (`${AWS::AccountId}`). */
export const THIS_ACCOUNT = 'this';

function accountText(v: Val): string | undefined {
  let s = '';
  for (const p of v.parts) {
    if (typeof p === 'string') s += p;
    else if (p.sym === 'account') s += '\u0001';
    else if (p.sym === 'partition') s += 'aws';
    else return undefined;
  }
  return s;
}

/**
 * Classifies one principal value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * `"*"` and `{"AWS": "*"}` are everyone (anonymous included); `arn:aws:iam::<id>:root` and a bare
 * 12-digit id are the whole account; role/user ARNs are specific principals.
 */
export function classifyPrincipal(e: PrincipalEntry): PrincipalClass {
  const v = e.val;
  if (resourceRef(v)) return { kind: 'arn', account: THIS_ACCOUNT, entity: 'resource' };
  const s = accountText(v);
  if (s === undefined || hasUnknown(v)) return { kind: 'unknown' };
  const type = e.type;
  if (type === '*' || type === 'AWS') {
    if (s === '*') return { kind: 'everyone' };
    if (type === '*') return { kind: 'unknown' };
    const acct = (a: string) => (a === '\u0001' ? THIS_ACCOUNT : a);
    if (/^(\d{12}|\u0001)$/.test(s)) return { kind: 'account', account: acct(s) };
    const m = /^arn:[^:]+:(iam|sts)::(\d{12}|\u0001):(.*)$/.exec(s);
    if (!m) return { kind: 'unknown' };
    const account = acct(m[2] ?? '');
    const rest = m[3] ?? '';
    if (rest === 'root') return { kind: 'account', account };
    return { kind: 'arn', account, entity: rest.split('/')[0] ?? '' };
  }
  if (type === 'Service') return { kind: 'service', service: s };
  if (type === 'CanonicalUser') return { kind: 'canonical' };
  if (type === 'Federated') {
    if (s === 'cognito-identity.amazonaws.com') return { kind: 'oidc', flavor: 'cognito', issuer: s };
    const saml = /^arn:[^:]+:iam::[^:]*:saml-provider\/(.+)$/.exec(s);
    if (saml) return { kind: 'saml', provider: saml[1] ?? '' };
    const oidc = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/.exec(s);
    const issuer = oidc ? (oidc[1] ?? '') : s;
    if (issuer === 'token.actions.githubusercontent.com' || issuer.startsWith('token.actions.githubusercontent.com/'))
      return { kind: 'oidc', flavor: 'github', issuer };
    if (/^oidc\.eks\.[^/]+\.amazonaws\.com(\.cn)?\/id\//.test(issuer)) return { kind: 'oidc', flavor: 'eks', issuer };
    return { kind: 'oidc', flavor: 'oidc', issuer };
  }
  return { kind: 'unknown' };
}

/** A literal AWS principal value for messages. */
export function principalText(e: PrincipalEntry): string {
  return known(e.val) ?? '(computed)';
}
