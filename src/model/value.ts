import type { SNode } from './node.js';

/**
 * What is known offline about a part of a string. `account` is this account (`AWS::AccountId`),
 * `partition` any partition; `resource` is a resource of the same template (`!Ref R`, `!GetAtt R.Arn`);
 * `unknown` is anything else (an import, a parameter without a default, a `Fn::Select` over a list...).
 */
export type Sym =
  | { readonly sym: 'account' | 'partition' | 'region' | 'urlSuffix' | 'stackName' | 'stackId' | 'unknown' }
  | { readonly sym: 'resource'; readonly resource: string; readonly type: string | undefined; readonly attr: string | undefined };

export type Part = string | Sym;

/**
 * A value as far as it can be known offline: a concatenation of literal text and symbols, with the
 * node it came from and notes on how it was obtained ("the default of parameter X", "when condition
 * C is true"). A fully known string is a single string part.
 */
export interface Val {
  readonly node: SNode;
  readonly parts: readonly Part[];
  readonly notes: readonly string[];
}

export const UNKNOWN: Sym = { sym: 'unknown' };

export function literal(node: SNode, s: string, notes: readonly string[] = []): Val {
  return { node, parts: [s], notes };
}

export function unknown(node: SNode, notes: readonly string[] = []): Val {
  return { node, parts: [UNKNOWN], notes };
}

/** The string, when every part is known. */
export function known(v: Val): string | undefined {
  let s = '';
  for (const p of v.parts) {
    if (typeof p !== 'string') return undefined;
    s += p;
  }
  return s;
}

/** Whether any part is wholly unknown (not even "this account" or "a resource of this template"). */
export function hasUnknown(v: Val): boolean {
  return v.parts.some(
    (p) => typeof p !== 'string' && (p.sym === 'unknown' || p.sym === 'stackName' || p.sym === 'stackId' || p.sym === 'region' || p.sym === 'urlSuffix'),
  );
}

/** When the whole value is one template resource (`!Ref R`, `!GetAtt R.Arn`). */
export function resourceRef(v: Val): (Sym & { sym: 'resource' }) | undefined {
  if (v.parts.length !== 1) return undefined;
  const p = v.parts[0];
  return typeof p !== 'string' && p?.sym === 'resource' ? p : undefined;
}

/** A readable form for messages: `${AWS::AccountId}` for this account, `${?}` for unknown parts. */
export function display(v: Val): string {
  return v.parts
    .map((p) => {
      if (typeof p === 'string') return p;
      switch (p.sym) {
        case 'account':
          return '${AWS::AccountId}';
        case 'partition':
          return '${AWS::Partition}';
        case 'region':
          return '${AWS::Region}';
        case 'urlSuffix':
          return '${AWS::URLSuffix}';
        case 'stackName':
          return '${AWS::StackName}';
        case 'stackId':
          return '${AWS::StackId}';
        case 'resource':
          return p.attr ? `\${${p.resource}.${p.attr}}` : `\${${p.resource}}`;
        default:
          return '${?}';
      }
    })
    .join('');
}

/** " (the default of parameter X; when condition C is true)" or "" — appended to messages. */
export function notesSuffix(notes: readonly string[]): string {
  const uniq = [...new Set(notes)];
  return uniq.length ? ` (${uniq.join('; ')})` : '';
}

/**
 * The value's text with this account and the partition written as `${AWS::AccountId}` and
 * `${AWS::Partition}`, and resources as `${R.Attr}`; undefined when any part is wholly unknown.
 */
export function symbolicText(v: Val): string | undefined {
  return hasUnknown(v) ? undefined : display(v);
}

/** Adjacent literal parts joined, empty literals dropped: the canonical form of a concatenation. */
export function mergeParts(parts: readonly Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    if (p === '') continue;
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out.length ? out : [''];
}
