import { gunzipSync } from 'node:zlib';
import { isMap as isYMap, isScalar as isYScalar, isSeq as isYSeq, parseDocument } from 'yaml';
import type { Evaluator } from './intrinsics.js';
import { isSeq, isString, scalarString, singleKey, type SNode, type SScalar } from './node.js';
import type { LineIndex, Range } from './source.js';
import { locateInScalar } from './text-position.js';

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

/** Decoded user data larger than this is not user data (EC2 takes 16 KB before encoding): a bound on gzip bombs. */
const MAX_DECODED = 1 << 20;
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
export function userDataSegments(node: SNode, ev: Evaluator, lines: LineIndex): UserDataSegment[] {
  const out: UserDataSegment[] = [];
  for (const b of ev.branches(node)) {
    const e = singleKey(b.node);
    if (ev.template && e?.key.value === 'Fn::Base64') {
      for (const ib of ev.branches(e.value, b.notes)) {
        const pieces: Piece[] = [];
        const text = flatten(ib.node, ev, pieces, 0);
        if (text !== undefined) expand(pieceSegment(text, pieces, lines, ib.notes), out, 0);
      }
    } else if (isString(b.node)) {
      const root = pieceSegment(b.node.value, [{ start: 0, end: b.node.value.length, scalar: b.node, node: b.node }], lines, b.notes);
      const decoded = decodeBase64(b.node.value, false);
      expand(decoded ? decodedChild(root, 0, b.node.value.length, decoded.text, decoded.encodings) : root, out, 0);
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
      const p = pieces.find((q) => index >= q.start && index < q.end) ?? pieces[pieces.length - 1];
      if (!p) return { range: { start: 0, end: 0 } };
      if (p.scalar && index + length <= p.end) return { range: locateInScalar(p.scalar, index - p.start, length, lines) };
      return { range: p.node.range };
    },
  };
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Text decoded from `parent.text[start..start+length]`: findings point at that span, with the decoded line. */
function decodedChild(parent: UserDataSegment, start: number, length: number, text: string, encodings: readonly string[]): UserDataSegment {
  return {
    text,
    encodings: [...parent.encodings, ...encodings],
    notes: parent.notes,
    locate(index) {
      return { range: parent.locate(start, length).range, decodedLine: lineAt(text, index) };
    },
  };
}

/** A part of the parent's text, kept as is: positions stay exact (or keep their decoded line). */
function sliceChild(parent: UserDataSegment, start: number, text: string, label: string): UserDataSegment {
  return {
    text,
    encodings: [...parent.encodings, label],
    notes: parent.notes,
    locate(index, length) {
      const loc = parent.locate(start + index, length);
      return loc.decodedLine === undefined ? loc : { range: loc.range, decodedLine: lineAt(text, index) };
    },
  };
}

/**
 * Base64 to text, gunzipping `H4sI...` (gzip's magic bytes) on the way. Undefined when the string is not
 * base64 or does not decode to text. `loose` accepts whitespace inside (a blob wrapped in a YAML block).
 */
export function decodeBase64(s: string, loose: boolean): { text: string; encodings: string[] } | undefined {
  const t = loose ? s.replace(/\s+/g, '') : s.trim().replace(/\r?\n/g, '');
  if (t.length < 8 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return undefined;
  let bytes: Uint8Array = Buffer.from(t, 'base64');
  const encodings = ['base64'];
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_DECODED });
    } catch {
      return undefined;
    }
    encodings.push('gzip');
  }
  if (bytes.length > MAX_DECODED) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const control = text.match(/[\x00-\x08\x0e-\x1f\x7f]/g)?.length ?? 0;
  if (control > text.length / 100) return undefined;
  return { text, encodings };
}

function expand(seg: UserDataSegment, out: UserDataSegment[], depth: number): void {
  if (depth < MAX_NESTING && expandMime(seg, out, depth)) return;
  out.push(seg);
  if (depth >= MAX_NESTING) return;
  const covered: [number, number][] = [];
  for (const c of cloudConfigFiles(seg)) {
    covered.push([c.start, c.start + c.length]);
    expand(c.seg, out, depth + 1);
  }
  // A PEM key base64-encoded again (`LS0tLS1CRUdJTi` is `-----BEGIN`), e.g. echoed through `base64 -d`.
  for (const m of seg.text.matchAll(/LS0tLS1CRUdJT(?:[A-Za-z0-9+/]|\r?\n[ \t]*)+={0,2}/g)) {
    if (covered.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const d = decodeBase64(m[0], true);
    if (d && /-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(d.text)) expand(decodedChild(seg, m.index, m[0].length, d.text, d.encodings), out, depth + 1);
  }
}

/**
 * MIME multipart user data (cloud-init, EKS and Batch launch templates): each part, decoded when its
 * `Content-Transfer-Encoding` is base64. https://cloudinit.readthedocs.io/en/latest/explanation/format.html
 */
function expandMime(seg: UserDataSegment, out: UserDataSegment[], depth: number): boolean {
  const text = seg.text;
  const headerEnd = text.search(/\r?\n\r?\n/);
  const header = headerEnd < 0 ? '' : text.slice(0, headerEnd);
  if (!/^content-type:\s*multipart\//im.test(header)) return false;
  const bm = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(header);
  const boundary = bm?.[1] ?? bm?.[2];
  if (!boundary) return false;
  const delim = new RegExp(`^--${boundary.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(--)?[ \\t]*\\r?$`, 'gm');
  const marks = [...text.matchAll(delim)];
  if (marks.length < 2) return false;
  marks.forEach((m, k) => {
    const next = marks[k + 1];
    if (!next || m[1]) return;
    const partStart = m.index + m[0].length + 1;
    const partEnd = Math.max(partStart, next.index - 1);
    const part = text.slice(partStart, partEnd);
    const sep = /\r?\n\r?\n/.exec(part);
    const headers = sep ? part.slice(0, sep.index) : '';
    const bodyStart = sep ? sep.index + sep[0].length : 0;
    const body = part.slice(bodyStart);
    const label = `MIME part ${k + 1}`;
    if (/^content-transfer-encoding:\s*base64/im.test(headers)) {
      const d = decodeBase64(body, true);
      if (d) expand(decodedChild(seg, partStart + bodyStart, body.length, d.text, [label, ...d.encodings]), out, depth + 1);
    } else {
      expand(sliceChild(seg, partStart + bodyStart, body, label), out, depth + 1);
    }
  });
  return true;
}

/** `#cloud-config` `write_files` entries whose content is base64 (optionally gzip): their decoded text. */
function cloudConfigFiles(seg: UserDataSegment): { start: number; length: number; seg: UserDataSegment }[] {
  if (!/^\s*#cloud-config/.test(seg.text) || !/write_files/.test(seg.text)) return [];
  const out: { start: number; length: number; seg: UserDataSegment }[] = [];
  let doc;
  try {
    doc = parseDocument(seg.text, { strict: false, logLevel: 'silent', uniqueKeys: false });
  } catch {
    return [];
  }
  if (doc.errors.length || !isYMap(doc.contents)) return [];
  const files = doc.contents.get('write_files', true);
  if (!isYSeq(files)) return [];
  for (const item of files.items) {
    if (!isYMap(item)) continue;
    const enc = String(item.get('encoding') ?? '').toLowerCase();
    const content = item.get('content', true);
    if (!isYScalar(content) || !content.range) continue;
    const [start, end] = content.range;
    let d: { text: string; encodings: string[] } | undefined;
    if (content.value instanceof Uint8Array) d = decodeBase64(Buffer.from(content.value).toString('base64'), false);
    else if (/^(?:b64|base64|gz\+b64|gzip\+base64|gz\+base64|gzip\+b64)$/.test(enc)) d = decodeBase64(String(content.value), true);
    if (d) out.push({ start, length: end - start, seg: decodedChild(seg, start, end - start, d.text, ['cloud-config write_files', ...d.encodings]) });
  }
  return out;
}

/** " (decoded from base64, gzip: line 3)", " (MIME part 2)" or "": for messages. */
export function userDataWhere(seg: UserDataSegment, loc: UserDataLocation): string {
  if (loc.decodedLine !== undefined) return ` (decoded from ${seg.encodings.join(', ')}: line ${loc.decodedLine})`;
  return seg.encodings.length ? ` (${seg.encodings.join(', ')})` : '';
}
