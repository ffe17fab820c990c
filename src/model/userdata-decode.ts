import { DEFAULT_SCHEMA, load } from '../loaders/vendor/js-yaml.js';
import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';
import { Budget } from './budget.js';

let zlibModule: typeof Zlib | undefined;
/** node:zlib, loaded on the first gzip'd user data: loading it (and the stream modules it pulls in) cost every run about 4 ms of start-up. */
function zlib(): typeof Zlib {
  return (zlibModule ??= createRequire(import.meta.url)('node:zlib') as typeof Zlib);
}

/**
 * Decoding user data the way the instance does (base64, gzip, MIME multipart, `#cloud-config`
 * `write_files`), each step paid from the file's budget in decoded bytes: a 1 KB file of nested gzip
 * bombs stops at the budget instead of growing to gigabytes. `overLimit` records the first refusal.
 */
export class Decoder {
  /** Why decoding stopped early, for a finding ("over the limit of 4,194,304 bytes of decoded user data"). */
  overLimit: string | undefined;

  constructor(readonly budget: Budget = new Budget()) {}

  /** Spends `n` decoded bytes; false (and the reason kept) past the budget. */
  spend(n: number): boolean {
    if (this.budget.spend('decodedBytes', n)) return true;
    this.overLimit ??= this.budget.exceeded?.reason ?? 'over the decoding limit';
    return false;
  }

  /** What remains of the budget, for `maxOutputLength`. */
  remaining(): number {
    return Math.max(0, this.budget.limits.decodedBytes - this.budget.used.decodedBytes);
  }
}

/** Decoded user data larger than this is not user data (EC2 takes 16 KB before encoding): a bound per blob. */
const MAX_DECODED = 1 << 20;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Base64 to text, gunzipping `H4sI...` (gzip's magic bytes) on the way. Undefined when the string is not
 * base64 or does not decode to text, or when the budget is spent. `loose` accepts whitespace inside (a
 * blob wrapped in a YAML block).
 */
export function decodeBase64(s: string, loose: boolean, dec: Decoder = new Decoder()): { text: string; encodings: string[] } | undefined {
  const t = loose ? s.replace(/\s+/g, '') : s.trim().replace(/\r?\n/g, '');
  if (t.length < 8 || t.length % 4 !== 0 || !BASE64.test(t)) return undefined;
  if (!dec.spend((t.length / 4) * 3)) return undefined;
  let bytes: Uint8Array = Buffer.from(t, 'base64');
  const encodings = ['base64'];
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const room = Math.min(MAX_DECODED, dec.remaining());
    try {
      bytes = zlib().gunzipSync(bytes, { maxOutputLength: room + 1 });
    } catch (e) {
      // Output past `maxOutputLength` is a RangeError: a gzip bomb, or more than the budget allows.
      if (e instanceof RangeError)
        dec.overLimit ??= room < MAX_DECODED ? 'over the limit of decoded user data for one file' : `over ${MAX_DECODED} bytes once gunzipped`;
      return undefined;
    }
    if (!dec.spend(bytes.length)) return undefined;
    encodings.push('gzip');
  }
  if (bytes.length > MAX_DECODED) {
    dec.overLimit ??= `over ${MAX_DECODED} bytes once decoded`;
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x08 || (c >= 0x0e && c <= 0x1f) || c === 0x7f) control++;
  }
  if (control > text.length / 100) return undefined;
  return { text, encodings };
}

/** One part of a MIME multipart document: where its body starts in the text, its headers and its body. */
export interface MimePart {
  readonly index: number;
  readonly bodyStart: number;
  readonly headers: string;
  readonly body: string;
}

/**
 * The parts of MIME multipart user data (cloud-init, EKS and Batch launch templates), or undefined
 * when the text is not multipart. Boundaries are found line by line, comparing text (no regular
 * expression is built from the boundary the file declares). https://cloudinit.readthedocs.io/en/latest/explanation/format.html
 */
export function mimeParts(text: string): MimePart[] | undefined {
  const headerEnd = text.search(/\r?\n\r?\n/);
  const header = headerEnd < 0 ? '' : text.slice(0, headerEnd);
  if (!/^content-type:\s*multipart\//im.test(header)) return undefined;
  const bm = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(header);
  const boundary = bm?.[1] ?? bm?.[2];
  if (!boundary) return undefined;
  const delim = `--${boundary}`;
  // Delimiter lines: `--boundary` or `--boundary--`, then blanks (RFC 2046 section 5.1.1).
  const marks: { index: number; end: number; close: boolean }[] = [];
  for (let start = 0; start <= text.length;) {
    const nl = text.indexOf('\n', start);
    const lineEnd = nl < 0 ? text.length : nl;
    if (text.startsWith(delim, start)) {
      let rest = text.slice(start + delim.length, lineEnd);
      if (rest.endsWith('\r')) rest = rest.slice(0, -1);
      const close = rest.startsWith('--');
      if ((close ? rest.slice(2) : rest).trim() === '') marks.push({ index: start, end: lineEnd, close });
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  if (marks.length < 2) return undefined;
  const out: MimePart[] = [];
  marks.forEach((m, k) => {
    const next = marks[k + 1];
    if (!next || m.close) return;
    const partStart = m.end + 1;
    const partEnd = Math.max(partStart, next.index - 1);
    const part = text.slice(partStart, partEnd);
    const sep = /\r?\n\r?\n/.exec(part);
    const headers = sep ? part.slice(0, sep.index) : '';
    const bodyStart = sep ? sep.index + sep[0].length : 0;
    out.push({ index: k + 1, bodyStart: partStart + bodyStart, headers, body: part.slice(bodyStart) });
  });
  return out;
}

/** A `write_files` entry whose content is encoded: the span of its content in the text, and the decoded text. */
export interface EncodedFile {
  readonly start: number;
  readonly length: number;
  readonly text: string;
  readonly encodings: string[];
}

/** js-yaml's parser state, as its listener sees it (its typings omit it). */
interface ListenerState {
  readonly position: number;
  readonly kind: string | null;
  readonly result: unknown;
}

const ENCODED = new Set(['b64', 'base64', 'gz+b64', 'gzip+base64', 'gz+base64', 'gzip+b64']);

/**
 * `#cloud-config` `write_files` entries whose content is base64 (optionally gzip, or a `!!binary`
 * scalar): their decoded text. js-yaml's default schema reads `!!binary`; its listener gives the span of
 * each scalar, so a finding inside points at the entry's `content`. Aliases are references in js-yaml's
 * result (nothing is copied); every decoded byte is paid from the budget.
 * https://cloudinit.readthedocs.io/en/latest/reference/modules.html#write-files
 */
export function cloudConfigFiles(text: string, dec: Decoder): EncodedFile[] {
  if (!/^\s*#cloud-config/.test(text) || !text.includes('write_files')) return [];
  const scalars: { start: number; end: number; result: unknown }[] = [];
  const opens: number[] = [];
  let doc: unknown;
  try {
    const options = {
      schema: DEFAULT_SCHEMA,
      json: true,
      listener(type: 'open' | 'close', state: ListenerState) {
        if (type === 'open') opens.push(state.position);
        else {
          const start = opens.pop() ?? state.position;
          if (state.kind === 'scalar') scalars.push({ start, end: state.position, result: state.result });
        }
      },
    };
    doc = load(text, options);
  } catch {
    return [];
  }
  if (!isRecord(doc) || !Object.hasOwn(doc, 'write_files')) return [];
  const files = doc['write_files'];
  if (!Array.isArray(files)) return [];
  // Scalar events by the value they produced, in document order (strings by value, `!!binary` by reference).
  const byResult = new Map<unknown, { start: number; end: number }[]>();
  for (const sc of scalars) {
    const list = byResult.get(sc.result);
    if (list) list.push(sc);
    else byResult.set(sc.result, [sc]);
  }
  const out: EncodedFile[] = [];
  for (const item of files as unknown[]) {
    if (!isRecord(item) || !Object.hasOwn(item, 'content')) continue;
    const content = item['content'];
    const enc = Object.hasOwn(item, 'encoding') ? String(item['encoding']).toLowerCase() : '';
    let d: { text: string; encodings: string[] } | undefined;
    if (content instanceof Uint8Array) d = decodeBase64(Buffer.from(content).toString('base64'), false, dec);
    else if (typeof content === 'string' && ENCODED.has(enc)) d = decodeBase64(content, true, dec);
    if (!d) continue;
    // The scalar event that produced this value: the first one not yet taken.
    const ev = byResult.get(content)?.shift();
    if (!ev) continue;
    let start = ev.start;
    while (start < ev.end && /[\s:]/.test(text.charAt(start))) start++;
    if (text.startsWith('!!binary', start)) start += '!!binary'.length;
    while (start < ev.end && /\s/.test(text.charAt(start))) start++;
    let end = ev.end;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    out.push({ start, length: end - start, text: d.text, encodings: ['cloud-config write_files', ...d.encodings] });
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
