/** The parser state js-yaml hands to the listener (its typings omit `tag` and `anchor`). */
export interface ParserState {
  readonly position: number;
  readonly kind: 'scalar' | 'sequence' | 'mapping' | null;
  readonly tag: string | null;
  readonly anchor: string | null;
  readonly result: unknown;
}

/** One `composeNode` call of js-yaml: where it started and ended, and what it produced. */
export interface NodeEvent {
  readonly open: number;
  close: number;
  kind: 'scalar' | 'sequence' | 'mapping' | null;
  tag: string | null;
  anchor: string | null;
  result: unknown;
  children: NodeEvent[] | undefined;
}

/**
 * js-yaml reads a block node by first trying it as the first key of a block mapping; when no `:`
 * follows, the inner read is the node itself and the outer call reports the same result. Keep the
 * outer call's position and properties and the inner one's children.
 */
export function unwrap(ev: NodeEvent): NodeEvent {
  const only = ev.children?.length === 1 ? ev.children[0] : undefined;
  if (ev.kind === 'sequence' || ev.kind === 'mapping') {
    if (only && only.kind === ev.kind && only.result === ev.result) return { ...ev, children: unwrap(only).children };
    return ev;
  }
  // A scalar or empty node has no children; what the parser reported inside it were trial reads.
  return ev.children ? { ...ev, children: undefined } : ev;
}
