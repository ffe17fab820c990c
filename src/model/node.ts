import type { Range } from './source.js';

/**
 * The source tree every loader produces, whatever the syntax: JSON, YAML (short-form CloudFormation
 * tags become their long form, `!Ref X` → `{Ref: X}`, with the tag's range), or later TypeScript
 * object literals. Every node keeps the range its parser gave it.
 */
export type SNode = SMap | SSeq | SScalar;

export interface SMap {
  readonly kind: 'map';
  readonly range: Range;
  readonly entries: SEntry[];
}

export interface SEntry {
  readonly key: SScalar;
  readonly value: SNode;
}

export interface SSeq {
  readonly kind: 'seq';
  readonly range: Range;
  readonly items: SNode[];
}

export type Scalar = string | number | boolean | null;

export interface SScalar {
  readonly kind: 'scalar';
  readonly range: Range;
  readonly value: Scalar;
  /** The source text of a plain numeric scalar (an account id `012345678901` loses its zero as a number). */
  readonly text?: string;
  /** True for a YAML block scalar (`|` or `>`) whose lines start on the line after the indicator. */
  readonly block?: boolean;
  /** Offset in the file of the first character of the scalar's content, for YAML block scalars. */
  readonly contentStart?: number;
}

export function isMap(n: SNode | undefined): n is SMap {
  return n?.kind === 'map';
}
export function isSeq(n: SNode | undefined): n is SSeq {
  return n?.kind === 'seq';
}
export function isScalar(n: SNode | undefined): n is SScalar {
  return n?.kind === 'scalar';
}
export function isString(n: SNode | undefined): n is SScalar & { value: string } {
  return n?.kind === 'scalar' && typeof n.value === 'string';
}

/** The value of `key` in a map (exact, case-sensitive, as CloudFormation and IAM keys are). */
export function get(n: SNode | undefined, key: string): SNode | undefined {
  if (n?.kind !== 'map') return undefined;
  for (let i = n.entries.length - 1; i >= 0; i--) {
    const e = n.entries[i];
    if (e && e.key.value === key) return e.value;
  }
  return undefined;
}

/** The entry (key and value) for `key`, for positions that should point at the key. */
export function getEntry(n: SNode | undefined, key: string): SEntry | undefined {
  if (n?.kind !== 'map') return undefined;
  for (let i = n.entries.length - 1; i >= 0; i--) {
    const e = n.entries[i];
    if (e && e.key.value === key) return e;
  }
  return undefined;
}

/** Case-insensitive key lookup: IAM policy element names are matched case-insensitively by tools people use. */
export function getCI(n: SNode | undefined, key: string): SEntry | undefined {
  if (n?.kind !== 'map') return undefined;
  const k = key.toLowerCase();
  const ascii = isAscii(k);
  for (let i = n.entries.length - 1; i >= 0; i--) {
    const e = n.entries[i];
    if (e && typeof e.key.value === 'string' && (ascii ? sameAsciiLower(e.key.value, k) : e.key.value.toLowerCase() === k)) return e;
  }
  return undefined;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * `s.toLowerCase() === lower` for an ASCII `lower`, without building the lowercase copy (getCI runs
 * for every element of every statement). Only U+0130 changes length when lowercased, into a non-ASCII
 * pair, so lengths must agree; a non-ASCII character (the Kelvin sign lowercases to `k`) is left to
 * `toLowerCase` itself.
 */
function sameAsciiLower(s: string, lower: string): boolean {
  if (s.length !== lower.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const l = lower.charCodeAt(i);
    if (c === l || (c >= 65 && c <= 90 && c + 32 === l)) continue;
    return c > 0x7f && s.toLowerCase() === lower;
  }
  return true;
}

/** A one-key map such as `{Ref: X}` or `{"Fn::Sub": ...}`: returns the key and value. */
export function singleKey(n: SNode | undefined): SEntry | undefined {
  return n?.kind === 'map' && n.entries.length === 1 ? n.entries[0] : undefined;
}

/** Arrays are always arrays: a scalar or map stands for a one-element list. */
export function asList(n: SNode | undefined): SNode[] {
  if (n === undefined) return [];
  return n.kind === 'seq' ? n.items : [n];
}

/** Plain JavaScript value of a node (for data that has no positions of interest). */
export function toPlain(n: SNode): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const e of n.entries) o[String(e.key.value)] = toPlain(e.value);
      return o;
    }
  }
}

/** Calls `fn` for every scalar (keys included) under `n`, with the path of keys and indexes to it. */
export function walkScalars(n: SNode, fn: (s: SScalar, path: readonly (string | number)[], isKey: boolean) => void, path: (string | number)[] = []): void {
  if (n.kind === 'scalar') {
    fn(n, path, false);
    return;
  }
  if (n.kind === 'seq') {
    const items = n.items;
    for (let i = 0; i < items.length; i++) {
      path.push(i);
      walkScalars(items[i]!, fn, path);
      path.pop();
    }
    return;
  }
  const entries = n.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const v = e.key.value;
    path.push(typeof v === 'string' ? v : String(v));
    fn(e.key, path, true);
    walkScalars(e.value, fn, path);
    path.pop();
  }
}

/**
 * Every string scalar under `n` (keys included) with the last two steps of its path (`last`, the key or
 * index that holds it; `prev`, the one above): what `walkScalars` gives at the end of its path, without
 * building paths, for searches that only name a value by its key.
 */
export function walkStrings(
  n: SNode,
  fn: (s: SScalar & { readonly value: string }, last: string | number | undefined, prev: string | number | undefined, isKey: boolean) => void,
  last?: string | number,
  prev?: string | number,
): void {
  if (n.kind === 'scalar') {
    if (typeof n.value === 'string') fn(n as SScalar & { readonly value: string }, last, prev, false);
    return;
  }
  if (n.kind === 'seq') {
    const items = n.items;
    for (let i = 0; i < items.length; i++) walkStrings(items[i]!, fn, i, last);
    return;
  }
  const entries = n.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const v = e.key.value;
    const k = typeof v === 'string' ? v : String(v);
    if (typeof v === 'string') fn(e.key as SScalar & { readonly value: string }, k, last, true);
    walkStrings(e.value, fn, k, last);
  }
}

/** A scalar as a string, the way CloudFormation and IAM read it (numbers keep their source digits). */
export function scalarString(s: SScalar): string | undefined {
  if (typeof s.value === 'string') return s.value;
  if (typeof s.value === 'number') return s.text ?? String(s.value);
  if (typeof s.value === 'boolean') return String(s.value);
  return undefined;
}
