import type { SNode } from '../model/node.js';
import { InputError } from './errors.js';
import { parseJson } from './json.js';

/**
 * Decodes %XX escapes (RFC 3986, as IAM's APIs return policy documents) keeping, for every decoded
 * character, the offset of its source: positions inside an encoded document stay exact.
 */
export function urlDecodeWithMap(s: string): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      const start = i;
      const bytes: number[] = [];
      while (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
        bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 3;
        // Stop at the end of one UTF-8 sequence so each character maps to its own escapes.
        const lead = bytes[0] ?? 0;
        const need = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
        if (bytes.length >= need) break;
      }
      const ch = Buffer.from(bytes).toString('utf8');
      for (let k = 0; k < ch.length; k++) {
        text += ch[k];
        map.push(start);
      }
    } else {
      text += s[i];
      map.push(i);
      i++;
    }
  }
  map.push(s.length);
  return { text, map };
}

/** Maps every range of a tree parsed from derived text back to the source, via `toSource`. */
export function remap(n: SNode, toSource: (offset: number) => number): SNode {
  const range = { start: toSource(n.range.start), end: toSource(n.range.end) };
  switch (n.kind) {
    case 'scalar':
      return { ...n, range };
    case 'seq':
      return { kind: 'seq', range, items: n.items.map((i) => remap(i, toSource)) };
    case 'map':
      return {
        kind: 'map',
        range,
        entries: n.entries.map((e) => ({ key: remap(e.key, toSource) as typeof e.key, value: remap(e.value, toSource) })),
      };
  }
}

/**
 * Parses a JSON document held in a string node (a policy written as a JSON string in a template, or
 * URL-encoded in `get-role` output). When the source text of the string is the value itself (no escapes),
 * positions point inside it exactly; otherwise every node points at the whole string.
 */
export function parseEmbeddedJson(value: string, node: SNode, sourceText: string): SNode | undefined {
  const trimmed = value.trimStart();
  const encoded = trimmed.startsWith('%7B') || trimmed.startsWith('%7b');
  if (!encoded && !trimmed.startsWith('{')) return undefined;
  let text = value;
  let map: number[] | undefined;
  if (encoded) ({ text, map } = urlDecodeWithMap(value));
  let tree: SNode;
  try {
    tree = parseJson(text);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
  const raw = sourceText.slice(node.range.start, node.range.end);
  const quote = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
  const exact = raw.slice(quote, raw.length - quote) === value;
  const base = node.range.start + quote;
  // Without an exact mapping (escapes in the source string), every node spans the whole string.
  if (!exact) return mapAll(tree, node.range);
  return remap(tree, (o) => base + (map ? (map[o] ?? value.length) : o));
}

function mapAll(n: SNode, range: { start: number; end: number }): SNode {
  switch (n.kind) {
    case 'scalar':
      return { ...n, range };
    case 'seq':
      return { kind: 'seq', range, items: n.items.map((i) => mapAll(i, range)) };
    case 'map':
      return { kind: 'map', range, entries: n.entries.map((e) => ({ key: mapAll(e.key, range) as typeof e.key, value: mapAll(e.value, range) })) };
  }
}
