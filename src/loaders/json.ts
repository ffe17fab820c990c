import type { SEntry, SMap, SNode, SScalar, SSeq } from '../model/node.js';
import { InputError, MAX_DEPTH } from './errors.js';

/**
 * A JSON parser that keeps the range of every value and key. It accepts `//` and `/* *\/` comments
 * (fixtures carry expectation markers in them, and JSONC is common in repositories) and nothing else
 * beyond RFC 8259. Iterative over whitespace and strings, recursive only in nesting, bounded by MAX_DEPTH.
 */
export function parseJson(text: string): SNode {
  const p = new JsonParser(text);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.i < text.length) throw new InputError(`Unexpected ${describe(text, p.i)} after the JSON value`, p.i);
  return v;
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'end of input';
  const c = text[i] ?? '';
  return /[\x20-\x7e]/.test(c) ? `'${c}'` : `character U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A `Map`: the character after a backslash comes from the file. */
const ESC: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The scanning loops keep the offset in a local: a field written per character kept it out of registers. */
class JsonParser {
  i = 0;
  constructor(private readonly t: string) {}

  ws(): void {
    const t = this.t;
    let i = this.i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
      } else if (c === 47 /* / */) {
        const n = t.charCodeAt(i + 1);
        if (n === 47) {
          while (i < t.length && t.charCodeAt(i) !== 10) i++;
        } else if (n === 42) {
          const end = t.indexOf('*/', i + 2);
          if (end < 0) throw new InputError('Unterminated comment', i);
          i = end + 2;
        } else {
          break;
        }
      } else {
        break;
      }
    }
    this.i = i;
  }

  value(depth: number): SNode {
    if (depth > MAX_DEPTH) throw new InputError(`Nesting deeper than ${MAX_DEPTH} levels`, this.i);
    const t = this.t;
    const start = this.i;
    switch (t.charCodeAt(start)) {
      case 123 /* { */:
        return this.object(depth);
      case 91 /* [ */:
        return this.array(depth);
      case 34 /* " */:
        return this.string();
      case 116 /* t */:
        return this.word('true', true, start);
      case 102 /* f */:
        return this.word('false', false, start);
      case 110 /* n */:
        return this.word('null', null, start);
      default:
        return this.number(start);
    }
  }

  /** RFC 8259's `number`, the longest prefix that is one: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. */
  number(start: number): SScalar {
    const t = this.t;
    let i = start;
    if (t.charCodeAt(i) === 45 /* - */) i++;
    const c = t.charCodeAt(i);
    if (c === 48) i++;
    else if (c >= 49 && c <= 57) {
      i++;
      while (isDigit(t.charCodeAt(i))) i++;
    } else throw new InputError(`Unexpected ${describe(t, start)}, expected a JSON value`, start);
    if (t.charCodeAt(i) === 46 /* . */ && isDigit(t.charCodeAt(i + 1))) {
      i += 2;
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      let j = i + 1;
      const s = t.charCodeAt(j);
      if (s === 43 || s === 45) j++;
      if (isDigit(t.charCodeAt(j))) {
        j++;
        while (isDigit(t.charCodeAt(j))) j++;
        i = j;
      }
    }
    this.i = i;
    return { kind: 'scalar', range: { start, end: i }, value: Number(t.slice(start, i)) };
  }

  word(w: string, value: boolean | null, start: number): SScalar {
    if (!this.t.startsWith(w, this.i)) throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected a JSON value`, this.i);
    this.i += w.length;
    return { kind: 'scalar', range: { start, end: this.i }, value };
  }

  string(): SScalar & { value: string } {
    const t = this.t;
    const start = this.i;
    const len = t.length;
    let i = start + 1;
    // Most strings have no escape: one scan to the quote, one slice.
    for (; i < len; i++) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return { kind: 'scalar', range: { start, end: i + 1 }, value: t.slice(start + 1, i) };
      }
      if (c === 92 || c < 0x20) break;
    }
    return this.escapedString(start, i);
  }

  /** The rest of a string from `from`, where the first escape, control character or the end of the text is. */
  private escapedString(start: number, from: number): SScalar & { value: string } {
    const t = this.t;
    let i = from;
    let out = t.slice(start + 1, i);
    let chunk = i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (Number.isNaN(c)) throw new InputError('Unterminated string', start);
      if (c === 34) break;
      if (c < 0x20) throw new InputError('Control character in string (escape it)', i);
      if (c === 92) {
        out += t.slice(chunk, i);
        const e = t[i + 1] ?? '';
        if (e === 'u') {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new InputError('Invalid \\u escape', i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const r = ESC.get(e);
          if (r === undefined) throw new InputError(`Invalid escape '\\${e}'`, i);
          out += r;
          i += 2;
        }
        chunk = i;
        continue;
      }
      i++;
    }
    out += t.slice(chunk, i);
    this.i = i + 1;
    return { kind: 'scalar', range: { start, end: this.i }, value: out };
  }

  object(depth: number): SMap {
    const t = this.t;
    const start = this.i;
    this.i++;
    // One array literal for empty and other maps: its allocation site then makes them all of one
    // elements kind, so code reading `entries` sees one array map (a second kind deoptimized it).
    const entries: SEntry[] = [];
    this.ws();
    if (t.charCodeAt(this.i) === 125 /* } */) {
      this.i++;
      return { kind: 'map', range: { start, end: this.i }, entries };
    }
    for (;;) {
      if (t.charCodeAt(this.i) !== 34) throw new InputError(`Unexpected ${describe(t, this.i)}, expected a property name in double quotes`, this.i);
      const key = this.string();
      this.ws();
      if (t.charCodeAt(this.i) !== 58 /* : */) throw new InputError(`Unexpected ${describe(t, this.i)}, expected ':'`, this.i);
      this.i++;
      this.ws();
      const value = this.value(depth + 1);
      entries.push({ key, value });
      this.ws();
      const c = t.charCodeAt(this.i);
      if (c === 44 /* , */) {
        this.i++;
        this.ws();
        continue;
      }
      if (c === 125 /* } */) {
        this.i++;
        return { kind: 'map', range: { start, end: this.i }, entries };
      }
      throw new InputError(`Unexpected ${describe(t, this.i)}, expected ',' or '}'`, this.i);
    }
  }

  array(depth: number): SSeq {
    const t = this.t;
    const start = this.i;
    this.i++;
    const items: SNode[] = [];
    this.ws();
    if (t.charCodeAt(this.i) === 93 /* ] */) {
      this.i++;
      return { kind: 'seq', range: { start, end: this.i }, items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const c = t.charCodeAt(this.i);
      if (c === 44 /* , */) {
        this.i++;
        this.ws();
        continue;
      }
      if (c === 93 /* ] */) {
        this.i++;
        return { kind: 'seq', range: { start, end: this.i }, items };
      }
      throw new InputError(`Unexpected ${describe(t, this.i)}, expected ',' or ']'`, this.i);
    }
  }
}
