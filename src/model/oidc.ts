import type { OidcFlavor } from './principals.js';

/**
 * Whether an OIDC subject value pins the caller.
 * GitHub: `repo:<owner>/<repo>:...`; the owner must be literal (a wildcard owner, `repo:*` or `*` match anyone's repos).
 * https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 * EKS: `system:serviceaccount:<namespace>:<name>`; the namespace must be literal.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function subjectWeakness(flavor: OidcFlavor, value: string, like: boolean): string | undefined {
  if (!like) return undefined;
  if (/^[*?]*$/.test(value)) return `'${value}' matches every subject`;
  if (flavor === 'github') {
    const m = /^repo:([^/]*)(\/.*)?$/.exec(value);
    if (!m) return /^[^:]*[*?]/.test(value) ? `'${value}' matches every repository` : undefined;
    const owner = m[1] ?? '';
    if (owner === '' || /[*?]/.test(owner)) return `'${value}' matches repositories of any owner`;
    return undefined;
  }
  if (flavor === 'eks') {
    const m = /^system:serviceaccount:([^:]*)/.exec(value);
    if (!m) return /^system:[*?]/.test(value) || /^sys[^:]*[*?]/.test(value) ? `'${value}' matches every service account` : undefined;
    const ns = m[1] ?? '';
    if (ns === '' || /[*?]/.test(ns)) return `'${value}' matches service accounts in every namespace`;
    return undefined;
  }
  return undefined;
}

/** An audience pattern that matches every audience. */
export function audienceWeakness(value: string, like: boolean): string | undefined {
  if (like && /^[*?]*$/.test(value)) return `'${value}' matches every audience`;
  return undefined;
}
