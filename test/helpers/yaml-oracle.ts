import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node as YNode } from 'yaml';
import type { SEntry, SNode, SScalar } from '../../src/model/node.js';
import { InputError, MAX_DEPTH } from '../../src/loaders/errors.js';

/** YAML aliases are expanded into the tree; past this many nodes the file is refused (alias bombs). */
const MAX_NODES = 2_000_000;

/**
 * Parses YAML (one or more documents) into the source tree. CloudFormation short-form tags become
 * their long form: `!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": "A.B"}`, `!Sub ...` →
 * `{"Fn::Sub": ...}`; any other local tag `!Foo` becomes `{"Fn::Foo": ...}`, so an unknown intrinsic
 * is still recognisable as one (and evaluates to Unknown) instead of silently becoming a string.
 */
export function parseYamlOracle(text: string): SNode[] {
  const docs = parseAllDocuments(text, {
    uniqueKeys: false,
    merge: true,
    strict: false,
    prettyErrors: false,
    logLevel: 'silent',
    intAsBigInt: false,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: SNode[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) throw new InputError(cleanMessage(err.message), err.pos[0], err.pos[1]);
    if (doc.contents === null) continue;
    const conv = new Converter(doc, text);
    out.push(conv.node(doc.contents as YNode, 0));
  }
  return out;
}

function cleanMessage(m: string): string {
  return m.replace(/ at line \d+, column \d+.*$/s, '').trim();
}

function tagToIntrinsic(tag: string): string | undefined {
  if (!tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return name;
  return `Fn::${name}`;
}

class Converter {
  private count = 0;
  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
  ) {}

  node(n: YNode, depth: number): SNode {
    if (depth > MAX_DEPTH) throw new InputError(`Nesting deeper than ${MAX_DEPTH} levels`, n.range?.[0] ?? 0);
    if (++this.count > MAX_NODES) throw new InputError(`More than ${MAX_NODES} nodes (YAML alias expansion?)`, n.range?.[0] ?? 0);
    const r = n.range ?? [0, 0, 0];
    const range = { start: r[0], end: r[1] };
    let out: SNode;
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      if (!target) throw new InputError(`Unresolved alias *${n.source}`, r[0], r[1]);
      return this.node(target as YNode, depth + 1);
    } else if (isScalar(n)) {
      out = this.scalar(n, range);
    } else if (isSeq(n)) {
      out = { kind: 'seq', range, items: n.items.map((i) => this.node(i as YNode, depth + 1)) };
    } else if (isMap(n)) {
      const entries: SEntry[] = [];
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const k = p.key as YNode | null;
        let key: SScalar;
        if (k && isScalar(k)) key = this.scalar(k, { start: k.range?.[0] ?? r[0], end: k.range?.[1] ?? r[0] });
        else if (k === null) key = { kind: 'scalar', range: { start: r[0], end: r[0] }, value: '' };
        else {
          // Complex keys have no meaning in CloudFormation or IAM; keep their text for completeness.
          const kr = k.range ?? [r[0], r[0]];
          key = { kind: 'scalar', range: { start: kr[0], end: kr[1] }, value: this.text.slice(kr[0], kr[1]) };
        }
        const v = p.value as YNode | null;
        const value: SNode = v ? this.node(v, depth + 1) : { kind: 'scalar', range: { start: key.range.end, end: key.range.end }, value: null };
        entries.push({ key, value });
      }
      out = { kind: 'map', range, entries };
    } else {
      throw new InputError('Unsupported YAML node', r[0]);
    }
    const tag = n.tag;
    const fn = tag ? tagToIntrinsic(tag) : undefined;
    if (fn) {
      // The tag's own position: just before the node's value. Keep the node's range for the wrapper.
      const key: SScalar = { kind: 'scalar', range, value: fn };
      let value = out;
      // `!GetAtt A.B` stays a string; `!Ref`/`!Condition` keep the scalar; an empty `!GetAZs ''` too.
      if (value.kind === 'scalar' && value.value === null && fn === 'Fn::GetAZs') value = { ...value, value: '' };
      return { kind: 'map', range, entries: [{ key, value }] };
    }
    return out;
  }

  scalar(n: Scalar, range: { start: number; end: number }): SScalar {
    let v = n.value;
    if (typeof v === 'bigint') v = Number(v);
    if (v instanceof Date) v = n.source ?? v.toISOString();
    if (v !== null && typeof v === 'object') v = String(n.source ?? '');
    const value = v as string | number | boolean | null;
    // `Principal: {AWS: 012345678901}` is a number to YAML; the account id is its source text.
    if (typeof value === 'number' && n.source !== undefined && /^\d+$/.test(n.source)) return { kind: 'scalar', range, value, text: n.source };
    if (n.type === Scalar.BLOCK_LITERAL) {
      const nl = this.text.indexOf('\n', range.start);
      return { kind: 'scalar', range, value, block: true, contentStart: nl < 0 ? range.end : nl + 1 };
    }
    return { kind: 'scalar', range, value };
  }
}
