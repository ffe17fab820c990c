import type { TSESTree } from '@typescript-eslint/types';

export type Node = TSESTree.Node;
export type Expr = TSESTree.Expression;

/** Skipped when walking: type positions hold no values, and `parent` would loop. */
const SKIP = new Set([
  'parent',
  'range',
  'loc',
  'tokens',
  'comments',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeArguments',
  'decorators',
]);

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** Children of an ESTree node, whichever parser made it (oxc-parser in the CLI, ESLint's in the editor). */
export function children(n: Node): Node[] {
  const out: Node[] = [];
  const rec = n as unknown as Record<string, unknown>;
  for (const key in rec) {
    if (SKIP.has(key)) continue;
    const v = rec[key];
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) out.push(item);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

/** Strips what does not change a value: `x as T`, `x!`, `<T>x`, `x satisfies T`, `a?.b` chains. */
export function unwrap<T extends Node>(e: T): Node {
  let n: Node = e;
  for (;;) {
    if (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion') n = n.expression;
    else if (n.type === 'ChainExpression') n = n.expression;
    else return n;
  }
}

/** The name of a non-computed member (`a.b`) or a member with a literal key (`a['b']`). */
export function propName(m: TSESTree.MemberExpression): string | undefined {
  if (!m.computed && m.property.type === 'Identifier') return m.property.name;
  if (m.property.type === 'Literal' && typeof m.property.value === 'string') return m.property.value;
  return undefined;
}

/** The key of a property: an identifier, a string or number literal, or a computed key resolved by the caller. */
export function staticKey(p: TSESTree.Property | TSESTree.PropertyDefinition): string | undefined {
  if (!p.computed && p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'Literal' && (typeof p.key.value === 'string' || typeof p.key.value === 'number')) return String(p.key.value);
  return undefined;
}
