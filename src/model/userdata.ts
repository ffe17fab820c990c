import { lookup, subReferences, type Evaluator } from './intrinsics.js';
import { isSeq, isString, scalarString, singleKey, type SNode, type SScalar } from './node.js';
import { LineIndex, type Range } from './source.js';
import { locateInScalar } from './text-position.js';
import { cloudConfigFiles, decodeBase64, Decoder, mimeParts } from './userdata-decode.js';

export { decodeBase64, Decoder } from './userdata-decode.js';

/**
 * Where a match inside user data comes from: the exact source range when the text is written in the
 * file (a YAML block, a `Fn::Sub` template, a `Fn::Join` part), else the range of the encoded value with
 * the 1-based line of the decoded text (base64, gzip), so the message can name it.
 */
export interface UserDataLocation {
  readonly range: Range;
  readonly decodedLine?: number;
}

/** One text of user data as the instance would read it, with a way back to the source. */
export interface UserDataSegment {
  readonly text: string;
  /** What was undone to get the text, outermost first: `[]` for text written as is, `['base64', 'gzip']`, `['MIME part 2']`... */
  readonly encodings: readonly string[];
  /** `Fn::If` branches taken to reach the text. */
  readonly notes: readonly string[];
  locate(index: number, length: number): UserDataLocation;
}

const MAX_NESTING = 4;

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly scalar: SScalar | undefined;
  readonly node: SNode;
}

/**
 * The texts of a `UserData` value. EC2 takes user data base64-encoded
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html), so in a template it is
 * `Fn::Base64` over a literal, a `Fn::Sub` or a `Fn::Join`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-base64.html),
 * and in launch-template data a base64 string, possibly gzip-compressed. Inside, a MIME multipart
 * document is split into its parts, and `#cloud-config` `write_files` contents and base64 blobs of
 * PEM keys are decoded again. `${...}` substitutions and other intrinsics stay as `${...}`
 * placeholders: parameters and references are not secrets.
 */
export function userDataSegments(node: SNode, ev: Evaluator, lines: LineIndex, dec: Decoder = new Decoder(ev.budget)): UserDataSegment[] {
  const out: UserDataSegment[] = [];
  for (const b of ev.branches(node)) {
    const e = singleKey(b.node);
    if (ev.template && e?.key.value === 'Fn::Base64') {
      for (const ib of ev.branches(e.value, b.notes)) {
        const pieces: Piece[] = [];
        const text = flatten(ib.node, ev, pieces, 0);
        if (text !== undefined) expand(pieceSegment(text, pieces, lines, ib.notes), out, 0, dec);
      }
    } else if (isString(b.node)) {
      const root = pieceSegment(b.node.value, [{ start: 0, end: b.node.value.length, scalar: b.node, node: b.node }], lines, b.notes);
      const decoded = decodeBase64(b.node.value, false, dec);
      expand(decoded ? decodedChild(root, 0, b.node.value.length, decoded.text, decoded.encodings) : root, out, 0, dec);
    }
  }
  return out;
}

/** The text of a plain value, with the pieces it is made of; intrinsics become `${Fn}` placeholders. */
function flatten(n: SNode, ev: Evaluator, pieces: Piece[], offset: number): string | undefined {
  if (n.kind === 'scalar') {
    const s = scalarString(n);
    if (s === undefined) return undefined;
    pieces.push({ start: offset, end: offset + s.length, scalar: n, node: n });
    return s;
  }
  const e = singleKey(n);
  const fn = e ? String(e.key.value) : '';
  if (e && fn === 'Fn::Sub') {
    const tpl = isString(e.value) ? e.value : isSeq(e.value) && isString(e.value.items[0]) ? e.value.items[0] : undefined;
    if (tpl) return flatten(tpl, ev, pieces, offset);
  }
  if (e && fn === 'Fn::Join' && isSeq(e.value) && e.value.items.length === 2) {
    const [d, list] = e.value.items;
    if (d && isString(d) && isSeq(list)) {
      let text = '';
      let first = true;
      for (const item of list.items) {
        if (ev.isNoValue(item)) continue;
        if (!first) text += d.value;
        first = false;
        text += flatten(item, ev, pieces, offset + text.length) ?? '';
      }
      return text;
    }
  }
  const placeholder = '${' + (fn || 'value') + '}';
  pieces.push({ start: offset, end: offset + placeholder.length, scalar: undefined, node: n });
  return placeholder;
}

function pieceSegment(text: string, pieces: readonly Piece[], lines: LineIndex, notes: readonly string[]): UserDataSegment {
  return {
    text,
    encodings: [],
    notes,
    locate(index, length) {
      const p = pieceAt(pieces, index);
      if (!p) return { range: { start: 0, end: 0 } };
      if (p.scalar && index + length <= p.end) return { range: locateInScalar(p.scalar, index - p.start, length, lines) };
      return { range: p.node.range };
    },
  };
}

/** The piece that holds `index` (pieces are in order and do not overlap), else the last one: a binary search, as findings may be many. */
function pieceAt(pieces: readonly Piece[], index: number): Piece | undefined {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pieces[mid] as Piece).start <= index) lo = mid;
    else hi = mid - 1;
  }
  const p = pieces[lo];
  return p && index >= p.start && index < p.end ? p : pieces[pieces.length - 1];
}

/** 1-based line of an offset in a decoded text: line starts computed once per text. */
function lineFinder(text: string): (index: number) => number {
  let index: LineIndex | undefined;
  return (i) => (index ??= new LineIndex(text)).position(i).line;
}

/** Text decoded from `parent.text[start..start+length]`: findings point at that span, with the decoded line. */
function decodedChild(parent: UserDataSegment, start: number, length: number, text: string, encodings: readonly string[]): UserDataSegment {
  const lineAt = lineFinder(text);
  return {
    text,
    encodings: [...parent.encodings, ...encodings],
    notes: parent.notes,
    locate(index) {
      return { range: parent.locate(start, length).range, decodedLine: lineAt(index) };
    },
  };
}

/** A part of the parent's text, kept as is: positions stay exact (or keep their decoded line). */
function sliceChild(parent: UserDataSegment, start: number, text: string, label: string): UserDataSegment {
  const lineAt = lineFinder(text);
  return {
    text,
    encodings: [...parent.encodings, label],
    notes: parent.notes,
    locate(index, length) {
      const loc = parent.locate(start + index, length);
      return loc.decodedLine === undefined ? loc : { range: loc.range, decodedLine: lineAt(index) };
    },
  };
}

function expand(seg: UserDataSegment, out: UserDataSegment[], depth: number, dec: Decoder): void {
  if (depth < MAX_NESTING && expandMime(seg, out, depth, dec)) return;
  out.push(seg);
  if (depth >= MAX_NESTING) return;
  const covered: [number, number][] = [];
  for (const c of cloudConfigFiles(seg.text, dec)) {
    covered.push([c.start, c.start + c.length]);
    expand(decodedChild(seg, c.start, c.length, c.text, c.encodings), out, depth + 1, dec);
  }
  // A PEM key base64-encoded again (`LS0tLS1CRUdJTi` is `-----BEGIN`), e.g. echoed through `base64 -d`.
  // Matches and covered spans are both in text order: one pass over each.
  let k = 0;
  for (const m of seg.text.matchAll(/LS0tLS1CRUdJT(?:[A-Za-z0-9+/]|\r?\n[ \t]*)+={0,2}/g)) {
    while (k < covered.length && (covered[k] as [number, number])[1] <= m.index) k++;
    const c = covered[k];
    if (c && m.index >= c[0] && m.index < c[1]) continue;
    const d = decodeBase64(m[0], true, dec);
    if (d && /-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(d.text)) expand(decodedChild(seg, m.index, m[0].length, d.text, d.encodings), out, depth + 1, dec);
  }
}

/** MIME multipart user data: each part on its own, decoded when its `Content-Transfer-Encoding` is base64. */
function expandMime(seg: UserDataSegment, out: UserDataSegment[], depth: number, dec: Decoder): boolean {
  const parts = mimeParts(seg.text);
  if (!parts) return false;
  for (const part of parts) {
    const label = `MIME part ${part.index}`;
    if (/^content-transfer-encoding:\s*base64/im.test(part.headers)) {
      const d = decodeBase64(part.body, true, dec);
      if (d) expand(decodedChild(seg, part.bodyStart, part.body.length, d.text, [label, ...d.encodings]), out, depth + 1, dec);
    } else {
      expand(sliceChild(seg, part.bodyStart, part.body, label), out, depth + 1, dec);
    }
  }
  return true;
}

/** " (decoded from base64, gzip: line 3)", " (MIME part 2)" or "": for messages. */
export function userDataWhere(seg: UserDataSegment, loc: UserDataLocation): string {
  if (loc.decodedLine !== undefined) return ` (decoded from ${seg.encodings.join(', ')}: line ${loc.decodedLine})`;
  return seg.encodings.length ? ` (${seg.encodings.join(', ')})` : '';
}

/** A `NoEcho` parameter written into user data: its name, where, and the `Fn::If` branches that lead there. */
export interface NoEchoUse {
  readonly parameter: string;
  readonly range: Range;
  readonly notes: readonly string[];
}

/**
 * Where user data interpolates a `NoEcho` parameter (`${DbPassword}` in a `Fn::Sub`, `!Ref DbPassword` in a
 * `Fn::Join`). NoEcho masks the value only in CloudFormation's own output
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#parameters-section-structure-properties);
 * the user data keeps it in clear text, readable as an instance attribute and through IMDS
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html). Linear in the value's nodes.
 */
export function noEchoInUserData(node: SNode, ev: Evaluator, lines: LineIndex): NoEchoUse[] {
  const t = ev.template;
  if (!t) return [];
  const noEcho = (name: string) => t.parameters.get(name)?.noEcho === true;
  const out: NoEchoUse[] = [];
  const visit = (n: SNode, notes: readonly string[]): void => {
    for (const b of ev.branches(n, notes)) {
      const m = b.node;
      if (m.kind === 'scalar') continue;
      if (m.kind === 'seq') {
        for (const item of m.items) visit(item, b.notes);
        continue;
      }
      const e = singleKey(m);
      if (e?.key.value === 'Ref' && isString(e.value)) {
        if (noEcho(e.value.value)) out.push({ parameter: e.value.value, range: m.range, notes: b.notes });
        continue;
      }
      if (e?.key.value === 'Fn::Sub') {
        const tpl = isString(e.value) ? e.value : isSeq(e.value) && isString(e.value.items[0]) ? e.value.items[0] : undefined;
        const vars = isSeq(e.value) ? e.value.items[1] : undefined;
        if (tpl) {
          for (const ref of subReferences(tpl.value)) {
            // A variable of the `Fn::Sub` shadows the parameter; its value is visited below.
            if (ref.name.startsWith('!') || lookup(vars, ref.name) !== undefined || !noEcho(ref.name)) continue;
            out.push({ parameter: ref.name, range: locateInScalar(tpl, ref.start, ref.end - ref.start, lines), notes: b.notes });
          }
        }
        if (vars) visit(vars, b.notes);
        continue;
      }
      for (const x of m.entries) visit(x.value, b.notes);
    }
  };
  visit(node, []);
  return out;
}
