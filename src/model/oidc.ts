import { restriction, type Soundness } from './conditions.js';
import type { Condition } from './policy.js';
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

/** A claim a web-identity trust does not pin: which claim, its condition key, and why. */
export interface OidcProblem {
  readonly claim: 'sub' | 'aud';
  readonly key: string;
  readonly verdict: Extract<Soundness, { verdict: 'unsound' }>;
}

/**
 * The restrictions each provider needs, checked on every value:
 * - GitHub Actions: the subject (`:sub`, or `:job_workflow_ref`) and the audience;
 * - EKS (IRSA): the subject; the cluster issues tokens for `sts.amazonaws.com` already;
 * - Cognito identity pools: the audience (the identity pool id);
 * - any other OIDC provider: the audience or the subject, and never a subject that matches everyone.
 */
export function oidcProblems(cond: Condition, flavor: OidcFlavor, issuer: string): OidcProblem[] {
  const out: OidcProblem[] = [];
  const check = (claim: 'sub' | 'aud', key: string, r: Soundness) => {
    if (r.verdict === 'unsound') out.push({ claim, key, verdict: r });
  };
  const sub = `${issuer}:sub`;
  const aud = `${issuer}:aud`;
  const audR = restriction(cond, [aud], audienceWeakness);
  if (flavor === 'cognito') {
    check('aud', aud, audR);
    return out;
  }
  const subKeys = flavor === 'github' ? [sub, `${issuer}:job_workflow_ref`] : [sub];
  const subR = restriction(cond, subKeys, (v, like) => subjectWeakness(flavor, v, like));
  if (flavor === 'oidc') {
    if (subR.verdict === 'unsound' && subR.clause) check('sub', sub, subR);
    else if (subR.verdict === 'unsound') check('aud', aud, audR);
    return out;
  }
  check('sub', sub, subR);
  if (flavor === 'github') check('aud', aud, audR);
  return out;
}
