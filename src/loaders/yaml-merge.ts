import type { SEntry, SNode, SScalar } from '../model/node.js';

function keyId(k: SScalar): string {
  return `${typeof k.value}:${String(k.value)}`;
}

/**
 * YAML merge keys (`<<: *base`, `<<: [*a, *b]`): the merged mapping's entries take the place of the
 * `<<` entry, except keys the mapping sets itself; with several sources the first one wins.
 * A `<<` whose value is not a mapping or a list of mappings stays an ordinary entry.
 */
export function merge(entries: SEntry[], merges: number[]): SEntry[] {
  const own = new Set<string>();
  const isMerge = new Set(merges);
  entries.forEach((e, i) => {
    if (!isMerge.has(i)) own.add(keyId(e.key));
  });
  const out: SEntry[] = [];
  entries.forEach((e, i) => {
    const v = e.value;
    const sources = !isMerge.has(i) ? undefined : v.kind === 'map' ? [v] : v.kind === 'seq' && v.items.every((x) => x.kind === 'map') ? v.items : undefined;
    if (!sources) {
      out.push(e);
      return;
    }
    for (const source of sources) {
      if (source.kind !== 'map') continue;
      for (const m of source.entries) {
        const id = keyId(m.key);
        if (own.has(id)) continue;
        own.add(id);
        out.push(m);
      }
    }
  });
  return out;
}

/** A fresh copy of an anchored node for one of its aliases (same ranges: the anchor's text). */
export function copy(n: SNode): SNode {
  if (n.kind === 'scalar') return { ...n };
  if (n.kind === 'seq') return { kind: 'seq', range: n.range, items: n.items.map(copy) };
  return { kind: 'map', range: n.range, entries: n.entries.map((e) => ({ key: { ...e.key }, value: copy(e.value) })) };
}
