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
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonParser {
  i = 0;
  constructor(private readonly t: string) {}

  ws(): void {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        this.i++;
      } else if (c === 47 /* / */) {
        const n = t.charCodeAt(this.i + 1);
        if (n === 47) {
          while (this.i < t.length && t.charCodeAt(this.i) !== 10) this.i++;
        } else if (n === 42) {
          const end = t.indexOf('*/', this.i + 2);
          if (end < 0) throw new InputError('Unterminated comment', this.i);
          this.i = end + 2;
        } else {
          return;
        }
      } else {
        return;
      }
    }
  }

  value(depth: number): SNode {
    if (depth > MAX_DEPTH) throw new InputError(`Nesting deeper than ${MAX_DEPTH} levels`, this.i);
    const t = this.t;
    const c = t[this.i];
    const start = this.i;
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.word('true', true, start);
      case 'f':
        return this.word('false', false, start);
      case 'n':
        return this.word('null', null, start);
      default: {
        NUMBER.lastIndex = this.i;
        const m = NUMBER.exec(t);
        if (m && m[0].length > 0) {
          this.i += m[0].length;
          return { kind: 'scalar', range: { start, end: this.i }, value: Number(m[0]) };
        }
        throw new InputError(`Unexpected ${describe(t, this.i)}, expected a JSON value`, this.i);
      }
    }
  }

  word(w: string, value: boolean | null, start: number): SScalar {
    if (!this.t.startsWith(w, this.i)) throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected a JSON value`, this.i);
    this.i += w.length;
    return { kind: 'scalar', range: { start, end: this.i }, value };
  }

  string(): SScalar & { value: string } {
    const t = this.t;
    const start = this.i;
    let i = this.i + 1;
    let out = '';
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
    const start = this.i;
    this.i++;
    const entries: SEntry[] = [];
    this.ws();
    if (this.t[this.i] === '}') {
      this.i++;
      return { kind: 'map', range: { start, end: this.i }, entries };
    }
    for (;;) {
      this.ws();
      if (this.t[this.i] !== '"') throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected a property name in double quotes`, this.i);
      const key = this.string();
      this.ws();
      if (this.t[this.i] !== ':') throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected ':'`, this.i);
      this.i++;
      this.ws();
      const value = this.value(depth + 1);
      entries.push({ key, value });
      this.ws();
      const c = this.t[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return { kind: 'map', range: { start, end: this.i }, entries };
      }
      throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected ',' or '}'`, this.i);
    }
  }

  array(depth: number): SSeq {
    const start = this.i;
    this.i++;
    const items: SNode[] = [];
    this.ws();
    if (this.t[this.i] === ']') {
      this.i++;
      return { kind: 'seq', range: { start, end: this.i }, items };
    }
    for (;;) {
      this.ws();
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.t[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return { kind: 'seq', range: { start, end: this.i }, items };
      }
      throw new InputError(`Unexpected ${describe(this.t, this.i)}, expected ',' or ']'`, this.i);
    }
  }
}
