import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/loaders/errors.js';
import { parseYaml } from '../src/loaders/yaml.js';
import { get, type SNode } from '../src/model/node.js';
import { LineIndex } from '../src/model/source.js';
import { parseYamlOracle } from './helpers/yaml-oracle.js';

/** One line per node: kind, value, and the source text its range covers. Keys are marked `K`. */
function dump(text: string, nodes: SNode[] = parseYaml(text)): string[] {
  const out: string[] = [];
  const at = (n: SNode) => JSON.stringify(text.slice(n.range.start, n.range.end));
  const walk = (n: SNode, ind: string) => {
    if (n.kind === 'scalar') {
      const extra = `${n.text !== undefined ? ` text=${n.text}` : ''}${n.block ? ` block@${n.contentStart}` : ''}`;
      out.push(`${ind}${JSON.stringify(n.value)}${extra} ${at(n)}`);
    } else if (n.kind === 'seq') {
      out.push(`${ind}seq ${at(n)}`);
      for (const i of n.items) walk(i, `${ind}  `);
    } else {
      out.push(`${ind}map ${at(n)}`);
      for (const e of n.entries) {
        walk(e.key, `${ind}  K `);
        walk(e.value, `${ind}    `);
      }
    }
  };
  for (const d of nodes) walk(d, '');
  return out;
}

function parseError(text: string): { message: string; line: number; column: number } {
  try {
    parseYaml(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    const p = new LineIndex(text).position(err.offset);
    return { message: err.message, line: p.line, column: p.column };
  }
  throw new Error('expected an InputError');
}

describe('parseYaml: ranges', () => {
  it('plain, quoted, multi-line and block scalars cover their own text', () => {
    const text = [
      'plain: foo bar   # comment',
      "single: 'it''s'",
      'double: "a\\"b"  ',
      'multi: one',
      '  two',
      "quoted: 'x",
      " y'",
      'lit: |',
      '  line 1',
      '  line 2',
      '',
      '# trailing comment',
      'folded: >-',
      '  a',
      '  b',
      'last: 1',
    ].join('\n');
    expect(dump(text)).toEqual([
      `map ${JSON.stringify(text)}`,
      '  K "plain" "plain"',
      '    "foo bar" "foo bar"',
      '  K "single" "single"',
      `    "it's" "'it''s'"`,
      '  K "double" "double"',
      '    "a\\"b" "\\"a\\\\\\"b\\""',
      '  K "multi" "multi"',
      '    "one two" "one\\n  two"',
      '  K "quoted" "quoted"',
      `    "x y" "'x\\n y'"`,
      '  K "lit" "lit"',
      `    "line 1\\nline 2\\n" block@${text.indexOf('  line 1')} "|\\n  line 1\\n  line 2"`,
      '  K "folded" "folded"',
      '    "a b" ">-\\n  a\\n  b"',
      '  K "last" "last"',
      '    1 text=1 "1"',
    ]);
  });

  it('block collections end at their last child; flow collections at their bracket', () => {
    const text = 'a:\n  b: [1, 2 ]   # c\n  c:\n    - x\n    - {d: e}\n  # trailing comment\n\nz: 1\n';
    expect(dump(text)).toEqual([
      `map ${JSON.stringify(text.slice(0, -1))}`,
      '  K "a" "a"',
      '    map "b: [1, 2 ]   # c\\n  c:\\n    - x\\n    - {d: e}"',
      '      K "b" "b"',
      '        seq "[1, 2 ]"',
      '          1 text=1 "1"',
      '          2 text=2 "2"',
      '      K "c" "c"',
      '        seq "- x\\n    - {d: e}"',
      '          "x" "x"',
      '          map "{d: e}"',
      '            K "d" "d"',
      '              "e" "e"',
      '  K "z" "z"',
      '    1 text=1 "1"',
    ]);
  });

  it('empty values and null items sit where the value would start', () => {
    const text = 'a:\nb:   # c\nc: [x, ]\nd: {e, f: }\ng:\n  -\n  - y\n  -  # c\n';
    const nodes = parseYaml(text);
    const root = nodes[0];
    const at = (n: SNode | undefined) => n && [n.range.start, n.range.end];
    expect(at(get(root, 'a'))).toEqual([2, 2]);
    expect(at(get(root, 'b'))).toEqual([text.indexOf('# c'), text.indexOf('# c')]);
    expect(dump(text, [get(root, 'c') as SNode])).toEqual(['seq "[x, ]"', '  "x" "x"']);
    const d = get(root, 'd');
    expect(get(d, 'e')).toMatchObject({ kind: 'scalar', value: null });
    expect(get(d, 'f')?.kind).toBe('scalar');
    const g = get(root, 'g');
    expect(g?.kind === 'seq' && g.items.map((i) => [i.kind === 'scalar' && i.value, text.slice(0, i.range.start).split('\n').length])).toEqual([
      [null, 6],
      ['y', 7],
      [null, 8],
    ]);
  });

  it('a trailing empty item of a nested sequence does not swallow the next items (a js-yaml quirk, repaired)', () => {
    const plain = (n: SNode | undefined): unknown => (n?.kind === 'seq' ? n.items.map(plain) : n?.kind === 'scalar' ? n.value : n?.kind);
    expect(plain(parseYaml('- - a\n  -\n- b\n- c\n')[0])).toEqual([['a', null], 'b', 'c']);
    expect(plain(parseYaml('- - - a\n    -\n  -\n- b\n')[0])).toEqual([[['a', null], null], 'b']);
    expect(plain(get(parseYaml('k:\n- - a\n  -\n- b\n')[0], 'k'))).toEqual([['a', null], 'b']);
    // Where js-yaml has also misread what follows, the file is refused rather than misread.
    const e = parseError('-\n  -\n- !Sub\n  - x\n');
    expect(e.message).toMatch(/^Sequence item after an empty "-" item/);
    expect(e.line).toBe(4);
  });

  it('keys of every style', () => {
    const text = '"q": 1\n\'s\': 2\n012: 3\ntrue: 4\n? [x, y]\n: 5\n';
    expect(dump(text)).toEqual([
      `map ${JSON.stringify(text.slice(0, -1))}`,
      '  K "q" "\\"q\\""',
      '    1 text=1 "1"',
      '  K "s" "\'s\'"',
      '    2 text=2 "2"',
      '  K 12 text=012 "012"',
      '    3 text=3 "3"',
      '  K true "true"',
      '    4 text=4 "4"',
      '  K "[x, y]" "[x, y]"',
      '    5 text=5 "5"',
    ]);
  });

  it('CRLF line ends', () => {
    const text = 'a: 1\r\nb:\r\n  - x\r\n  - |\r\n    y\r\n';
    expect(dump(text)).toEqual([
      'map "a: 1\\r\\nb:\\r\\n  - x\\r\\n  - |\\r\\n    y"',
      '  K "a" "a"',
      '    1 text=1 "1"',
      '  K "b" "b"',
      '    seq "- x\\r\\n  - |\\r\\n    y"',
      '      "x" "x"',
      `      "y\\n" block@${text.indexOf('    y')} "|\\r\\n    y"`,
    ]);
  });

  it('a byte order mark does not shift positions', () => {
    const text = '\uFEFFa: b\nc: [d]\n';
    expect(dump(text)).toEqual(['map "a: b\\nc: [d]"', '  K "a" "a"', '    "b" "b"', '  K "c" "c"', '    seq "[d]"', '      "d" "d"']);
    const e = parseError('\uFEFFa: b\n  c: d\n');
    expect([e.line, e.column]).toEqual([2, 4]);
  });
});

describe('parseYaml: values', () => {
  it('keeps the source digits of numbers and reads dates as strings (YAML 1.2 core schema)', () => {
    const root = parseYaml("Version: 2012-10-17\nAccount: 012345678901\nHex: 0x1F\nFloat: 1.50\nBool: TRUE\nTilde: ~\nYes: Yes\nQuoted: '012'\n")[0];
    expect(get(root, 'Version')).toMatchObject({ value: '2012-10-17' });
    expect(get(root, 'Account')).toMatchObject({ value: 12345678901, text: '012345678901' });
    expect(get(root, 'Hex')).toMatchObject({ value: 31 });
    expect(get(root, 'Hex')).not.toHaveProperty('text');
    expect(get(root, 'Float')).toMatchObject({ value: 1.5 });
    expect(get(root, 'Bool')).toMatchObject({ value: true });
    expect(get(root, 'Tilde')).toMatchObject({ value: null });
    expect(get(root, 'Yes')).toMatchObject({ value: 'Yes' });
    expect(get(root, 'Quoted')).toMatchObject({ value: '012' });
  });

  it('keeps every entry of a duplicated key; get() reads the last', () => {
    const root = parseYaml('a: 1\na: 2\n')[0];
    expect(root?.kind === 'map' && root.entries.length).toBe(2);
    expect(get(root, 'a')).toMatchObject({ value: 2 });
  });

  it('one node per non-empty document', () => {
    const docs = parseYaml('# nothing\n---\na: 1\n---\n# empty\n---\n- b\n...\n');
    expect(docs.map((d) => d.kind)).toEqual(['map', 'seq']);
    expect(parseYaml('')).toEqual([]);
    expect(parseYaml('# only a comment\n')).toEqual([]);
    expect(parseYaml('--- ~\n')).toMatchObject([{ kind: 'scalar', value: null }]);
  });
});

describe('parseYaml: CloudFormation tags', () => {
  const text = [
    'A: !Ref X',
    'B: !GetAtt Res.Arn',
    'C: !GetAtt [Res, Arn]',
    "D: !Sub 'arn:${AWS::Partition}'",
    "E: !Sub ['x-${v}', {v: !Ref P}]",
    'F: !If [c, a, !Ref AWS::NoValue]',
    'G:',
    '  Fn::Base64:',
    '    !Sub',
    '    - |',
    '      #!/bin/bash',
    '      echo ${A}',
    '    - A: b',
    'H: !GetAZs',
    'I: !Condition C1',
    'J: !Custom {k: v}',
    'K: !Fn::Whatever x',
    'L: !Select',
    '  - 0',
    '  - !GetAZs ""',
  ].join('\n');
  const root = parseYaml(text)[0];
  const src = (n: SNode | undefined) => n && text.slice(n.range.start, n.range.end);

  it('become their long form, ranged like their value', () => {
    expect(dump(text, [get(root, 'A') as SNode])).toEqual(['map "X"', '  K "Ref" "X"', '    "X" "X"']);
    expect(get(get(root, 'B'), 'Fn::GetAtt')).toMatchObject({ value: 'Res.Arn' });
    expect(dump(text, [get(root, 'C') as SNode])).toEqual([
      'map "[Res, Arn]"',
      '  K "Fn::GetAtt" "[Res, Arn]"',
      '    seq "[Res, Arn]"',
      '      "Res" "Res"',
      '      "Arn" "Arn"',
    ]);
    expect(src(get(get(root, 'D'), 'Fn::Sub'))).toBe("'arn:${AWS::Partition}'");
    const e = get(get(root, 'E'), 'Fn::Sub');
    expect(e?.kind === 'seq' && e.items.map(src)).toEqual(["'x-${v}'", '{v: !Ref P}']);
    expect(get(get(e?.kind === 'seq' ? e.items[1] : undefined, 'v'), 'Ref')).toMatchObject({ value: 'P' });
    const f = get(get(root, 'F'), 'Fn::If');
    expect(f?.kind === 'seq' && f.items.length).toBe(3);
    expect(get(f?.kind === 'seq' ? f.items[2] : undefined, 'Ref')).toMatchObject({ value: 'AWS::NoValue' });
  });

  it('a tag on its own line before a block sequence', () => {
    const sub = get(get(get(root, 'G'), 'Fn::Base64'), 'Fn::Sub');
    expect(sub?.kind).toBe('seq');
    const items = sub?.kind === 'seq' ? sub.items : [];
    expect(items[0]).toMatchObject({ value: '#!/bin/bash\necho ${A}\n', block: true, contentStart: text.indexOf('      #!/bin/bash') });
    expect(src(items[0])).toBe('|\n      #!/bin/bash\n      echo ${A}');
    expect(get(items[1], 'A')).toMatchObject({ value: 'b' });
    expect(src(sub)).toBe('- |\n      #!/bin/bash\n      echo ${A}\n    - A: b');
  });

  it('a tag on its own line before a block scalar (js-yaml drops that tag; the loader keeps it)', () => {
    const r = parseYaml('a: !Sub\n  |\n    x ${B}\n')[0];
    expect(get(get(r, 'a'), 'Fn::Sub')).toMatchObject({ value: 'x ${B}\n', block: true });
  });

  it('empty, Condition, unknown and Fn::-prefixed tags', () => {
    const h = get(get(root, 'H'), 'Fn::GetAZs');
    expect(h).toMatchObject({ value: '' });
    expect(h?.range.start).toBe(h?.range.end);
    expect(get(get(root, 'I'), 'Condition')).toMatchObject({ value: 'C1' });
    expect(get(get(get(root, 'J'), 'Fn::Custom'), 'k')).toMatchObject({ value: 'v' });
    expect(get(get(root, 'K'), 'Fn::Fn::Whatever')).toMatchObject({ value: 'x' });
    const sel = get(get(root, 'L'), 'Fn::Select');
    expect(sel?.kind === 'seq' && sel.items.map((i) => get(i, 'Fn::GetAZs')?.kind ?? (i.kind === 'scalar' ? i.value : i.kind))).toEqual([0, 'scalar']);
  });

  it('core tags are not intrinsics and unknown !! tags do not fail', () => {
    const r = parseYaml('a: !!str 12\nb: !!binary eA==\nc: !!set {x}\n')[0];
    expect(get(r, 'a')).toMatchObject({ kind: 'scalar', value: '12' });
    expect(get(r, 'b')).toMatchObject({ kind: 'scalar', value: 'eA==' });
    expect(get(r, 'c')?.kind).toBe('map');
  });
});

describe('parseYaml: anchors, aliases, merge keys', () => {
  it('an alias is a copy of its anchor, ranged at the anchor', () => {
    const text = 'base: &b {p: 1}\nuse: *b\nlist:\n  - &s hello\n  - *s\n';
    const root = parseYaml(text)[0];
    const base = get(root, 'base');
    const use = get(root, 'use');
    expect(use).toEqual(base);
    expect(use).not.toBe(base);
    const list = get(root, 'list');
    expect(list?.kind === 'seq' && list.items.map((i) => [i.kind === 'scalar' && i.value, text.slice(i.range.start, i.range.end)])).toEqual([
      ['hello', 'hello'],
      ['hello', 'hello'],
    ]);
  });

  it('a block collection ending with an alias ends at the alias, not at the anchor', () => {
    const text = 'a: &x 1\nb:\n  c: *x   # comment\nd: 2\n';
    const b = get(parseYaml(text)[0], 'b');
    expect(b && text.slice(b.range.start, b.range.end)).toBe('c: *x');
  });

  it('merge keys are applied; own keys win, then the first source', () => {
    const text = 'x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  a: 3\nw:\n  <<: *y\n  "<<": literal\n';
    const root = parseYaml(text)[0];
    const z = get(root, 'z');
    expect(z?.kind === 'map' && z.entries.map((e) => [e.key.value, e.value.kind === 'scalar' && e.value.value])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
    const w = get(root, 'w');
    expect(w?.kind === 'map' && w.entries.map((e) => e.key.value)).toEqual(['b', 'c', '<<']);
  });

  it('refuses undefined and recursive aliases', () => {
    expect(parseError('a: *nope\n').message).toMatch(/alias/i);
    expect(parseError('a: &r [1, *r]\n').message).toBe('Recursive alias *r');
  });

  it('an alias bomb fails with an InputError instead of expanding', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const err = parseError(lines.join('\n'));
    expect(err.message).toMatch(/^More than 2,000,000 nodes after YAML alias expansion/);
  });
});

describe('parseYaml: errors', () => {
  it('report a clean message at the line and column of the problem', () => {
    expect(parseError('a: 1\nb: [1, 2\n')).toMatchObject({ message: 'Unexpected end of the stream within a flow collection' });
    const e = parseError('a:\n  b: 1\n c: 2\n');
    expect(e.message).toBe('Bad indentation of a mapping entry');
    expect([e.line, e.column]).toEqual([3, 2]);
    expect(e.message).not.toContain('\n');
    expect(parseError("a: 'unterminated\n").message).toMatch(/^Unexpected end of the stream/);
    expect(parseError('a: b: c\n').line).toBe(1);
  });

  it('deep nesting fails cleanly at the same depth as before', () => {
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(parseYaml(nest(257))).toHaveLength(1);
    expect(parseError(nest(258)).message).toBe('Nesting deeper than 256 levels');
    expect(parseError(nest(100_000)).message).toBe('Nesting deeper than 256 levels');
    const block = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(parseError(block).message).toBe('Nesting deeper than 256 levels');
    // An alias counts its anchor's depth where it is used.
    expect(parseError(`a: &a ${nest(200)}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`).message).toBe('Nesting deeper than 256 levels');
    expect(parseYaml(`a: &a ${nest(200)}\nb: ${'['.repeat(50)}*a${']'.repeat(50)}\n`)).toHaveLength(1);
  });

  it('refuses two tags on one node', () => {
    expect(parseError('a: !Base64\n  !Sub x\n')).toMatchObject({ message: 'A node can have at most one tag', line: 2, column: 3 });
    expect(parseError('a: !Base64\n  !Sub [x]\n').message).toBe('A node can have at most one tag');
  });

  it('accepts what PyYAML and CloudFormation accept, and the yaml library refused', () => {
    // A quoted scalar whose last line is no more indented than its key (MSKAndKafkaClientEC2.yaml).
    const quoted = 'Policies:\n  - PolicyName: P\n    PolicyDocument: !Sub \'{\n        "Version": "2012-10-17"\n    }\'\n';
    expect(() => parseYamlOracle(quoted)).toThrow();
    const policies = get(parseYaml(quoted)[0], 'Policies');
    const doc = get(get(policies?.kind === 'seq' ? policies.items[0] : undefined, 'PolicyDocument'), 'Fn::Sub');
    expect(doc).toMatchObject({ value: '{ "Version": "2012-10-17" }' });
    expect(doc && quoted.slice(doc.range.start, doc.range.end)).toBe(`'{\n        "Version": "2012-10-17"\n    }'`);
    // A flow collection closed at a lower indentation (apigw-lambda-rust/template.yml).
    const flow = 'a:\n  b: [{\n    "c": "d"\n}]\n';
    expect(() => parseYamlOracle(flow)).toThrow();
    const b = get(get(parseYaml(flow)[0], 'a'), 'b');
    expect(b && flow.slice(b.range.start, b.range.end)).toBe('[{\n    "c": "d"\n}]');
  });
});

/**
 * The previous loader (the `yaml` library, kept as `helpers/yaml-oracle.ts`) against this one, on
 * every YAML file of the shared corpus that both accept: the same trees, values and ranges. Known
 * differences, by design: a block collection or block scalar now ends at its last character, where
 * the oracle ended after the following line break (and a comment on that line); an empty explicit
 * document (`---` alone) is no longer a null node; merge keys `<<` are applied (the oracle kept a
 * `<<` entry with an undefined key).
 */
const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus');

describe.skipIf(!existsSync(corpus))('parseYaml against the previous loader on the corpus (../shared/corpus)', () => {
  function yamlFiles(dir: string, out: string[] = []): string[] {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) yamlFiles(p, out);
      else if (/\.(?:ya?ml|template)$/i.test(e.name)) out.push(p);
    }
    return out;
  }

  /** A block collection or block scalar, whose end may lose the oracle's trailing line break and comment. */
  function isBlock(n: SNode, text: string): boolean {
    const own = text.slice(n.range.start, n.range.end);
    return /^[|>]/.test(own) || (n.kind !== 'scalar' && !/^[[{]/.test(own));
  }

  /**
   * The first difference between the oracle's tree `a` and the new tree `b`, or undefined. `like` is
   * the node whose style decides for a key that shares its value's range (`!If [...]` → `Fn::If`).
   */
  function difference(a: SNode, b: SNode, text: string, path: string, counts: { trivia: number }, like: SNode = b): string | undefined {
    if (a.kind !== b.kind) return `${path}: ${a.kind} became ${b.kind}`;
    if (a.range.start !== b.range.start) return `${path}: starts at ${a.range.start}, now ${b.range.start}`;
    if (a.range.end !== b.range.end) {
      const block = isBlock(like, text);
      const gap = text.slice(b.range.end, a.range.end);
      if (!block || b.range.end > a.range.end || !/^(?:[ \t\r\n]|#[^\r\n]*)*$/.test(gap)) return `${path}: ends at ${a.range.end}, now ${b.range.end}`;
      counts.trivia++;
    }
    if (a.kind === 'scalar' && b.kind === 'scalar') {
      if (!Object.is(a.value, b.value)) return `${path}: value ${String(a.value)} became ${String(b.value)}`;
      if (a.text !== b.text || Boolean(a.block) !== Boolean(b.block) || a.contentStart !== b.contentStart) return `${path}: text/block differ`;
      return undefined;
    }
    if (a.kind === 'seq' && b.kind === 'seq') {
      if (a.items.length !== b.items.length) return `${path}: ${a.items.length} items, now ${b.items.length}`;
      for (let i = 0; i < a.items.length; i++) {
        const d = difference(a.items[i] as SNode, b.items[i] as SNode, text, `${path}/${i}`, counts);
        if (d) return d;
      }
      return undefined;
    }
    if (a.kind === 'map' && b.kind === 'map') {
      if (a.entries.length !== b.entries.length) return `${path}: ${a.entries.length} entries, now ${b.entries.length}`;
      for (let i = 0; i < a.entries.length; i++) {
        const ea = a.entries[i];
        const eb = b.entries[i];
        if (!ea || !eb) return `${path}: entry ${i}`;
        const sameRange = eb.key.range.start === eb.value.range.start && eb.key.range.end === eb.value.range.end;
        const d =
          difference(ea.key, eb.key, text, `${path}/#${i}`, counts, sameRange ? eb.value : eb.key) ??
          difference(ea.value, eb.value, text, `${path}/${String(ea.key.value)}`, counts);
        if (d) return d;
      }
    }
    return undefined;
  }

  it('gives the same trees, values and ranges as the yaml library wherever both parse', () => {
    const files = yamlFiles(corpus);
    const exact: string[] = [];
    const trailing: string[] = [];
    const differ: string[] = [];
    const onlyNew: string[] = [];
    const onlyOld: string[] = [];
    let neither = 0;
    let merges = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // `.template` files in JSON are the JSON loader's business.
      if (file.endsWith('.template') && /^\s*[[{]/.test(text)) continue;
      const name = relative(corpus, file);
      let oracle: SNode[] | undefined;
      let fresh: SNode[] | undefined;
      let freshError: unknown;
      try {
        oracle = parseYamlOracle(text);
      } catch {
        oracle = undefined;
      }
      try {
        fresh = parseYaml(text);
      } catch (e) {
        freshError = e;
      }
      if (freshError !== undefined && !(freshError instanceof InputError)) throw freshError;
      if (!oracle && !fresh) neither++;
      else if (!oracle) onlyNew.push(name);
      else if (!fresh) onlyOld.push(`${name}: ${(freshError as InputError).message}`);
      else {
        if (/^\s*<<\s*:/m.test(text)) {
          merges++;
          continue;
        }
        const docs = oracle.filter((d) => !(d.kind === 'scalar' && d.value === null && d.range.start === d.range.end));
        const counts = { trivia: 0 };
        let d = docs.length === fresh.length ? undefined : `${docs.length} documents, now ${fresh.length}`;
        for (let i = 0; !d && i < docs.length; i++) d = difference(docs[i] as SNode, fresh[i] as SNode, text, `${i}`, counts);
        if (d) differ.push(`${name}: ${d}`);
        else if (counts.trivia) trailing.push(name);
        else exact.push(name);
      }
    }
    console.log(
      `YAML corpus: ${files.length} files; both parse ${exact.length + trailing.length + differ.length + merges}: ` +
        `${exact.length} identical, ${trailing.length} identical but for trailing white space/comments in block ranges, ` +
        `${differ.length} differ, ${merges} with merge keys (not compared); only the new loader: ${onlyNew.length}; ` +
        `only the old one: ${onlyOld.length}; neither: ${neither}`,
    );
    if (onlyNew.length) console.log(`Only the new loader accepts:\n  ${onlyNew.join('\n  ')}`);
    expect(differ).toEqual([]);
    expect(onlyOld).toEqual([]);
    expect(exact.length + trailing.length).toBeGreaterThan(0);
    // The files the `yaml` library rejected and PyYAML (so CloudFormation tooling) accepts.
    for (const known of ['serverless-patterns/msk-lambda-iam-java-sam/MSKAndKafkaClientEC2.yaml', 'serverless-patterns/apigw-lambda-rust/template.yml']) {
      if (existsSync(join(corpus, known))) expect(onlyNew).toContain(known);
    }
  });
});

describe('templated YAML', () => {
  // A Helm chart template with an embedded policy (the shape of aws-ia/terraform-aws-eks-blueprints'
  // vpc-lattice gateway): not YAML until `helm template` renders it.
  const helm = [
    'apiVersion: application-networking.k8s.aws/v1alpha1',
    'kind: IAMAuthPolicy',
    'metadata:',
    '  name: {{ .Release.Name }}-policy',
    'spec:',
    '  policy: |',
    '    { "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*" }] }',
    '  targetRef: {{- include "demo.target" . | nindent 4 }}',
    '',
  ].join('\n');

  it('is skipped with its reason, not reported as a file iamlint cannot read', async () => {
    const { loadText } = await import('../src/loaders/load.js');
    const out = loadText('charts/demo/templates/policy.yaml', helm);
    expect(out.status).toBe('skipped');
    expect(out.status === 'skipped' ? out.reason : '').toMatch(/templated YAML/);
  });

  it('a broken file without template markup, or with only CloudFormation dynamic references, is still an error', async () => {
    const { loadText } = await import('../src/loaders/load.js');
    expect(loadText('t.yaml', 'Resources:\n  R:\n    Type: AWS::IAM::Role\n   bad: [\n').status).toBe('error');
    expect(loadText('t.yaml', "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: { X: '{{resolve:ssm:/a}}' }\n   bad: [\n").status).toBe('error');
  });
});

/**
 * The vendored js-yaml's one change (`skipMappingValues`, scripts/gen-yaml-loader.mjs) leaves js-yaml's
 * own mapping objects empty: the tree, its ranges and every error must be what they are without it.
 */
describe('the vendored js-yaml (scripts/gen-yaml-loader.mjs)', () => {
  const outcome = (text: string, skip: boolean): string[] => {
    try {
      return dump(text, parseYaml(text, undefined, skip));
    } catch (e) {
      return [`error ${(e as Error).message} @${(e as InputError).offset}`];
    }
  };
  const tricky = [
    'base: &b {x: 1, y: [2, 3]}\nd:\n  <<: *b\n  y: 4\n',
    'a: &a\n  k: v\nb:\n  <<: [*a, {m: n}]\n',
    '? [complex, key]\n: value\n? {map: key}\n: other\n',
    'Resources:\n  R: !If\n    - C\n    - {Ref: A}\n    - !Ref B\n',
    'x: !GetAtt {a: b}\ny: !Sub\n  - "${A}"\n  - {A: !Ref P}\n',
    'list:\n  - a\n  -\n  - {k: v}\n  - - n1\n    -\n',
    'd: {<<: 1}\n',
    'd:\n  <<: [1]\n',
    'dup: 1\ndup: 2\n',
    '--- {a: 1}\n--- [b]\n---\n',
    'a: *missing\n',
  ];
  it('gives the same tree and errors with and without its option', () => {
    for (const t of tricky) expect(outcome(t, true), t).toEqual(outcome(t, false));
    const dirs = [join(import.meta.dirname, '..', 'fixtures')];
    if (existsSync(corpus)) dirs.push(corpus); // ../shared/corpus, when it is beside the repository
    let files = 0;
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(?:ya?ml|template)$/i.test(e.name)) {
          const text = readFileSync(p, 'utf8');
          const a = outcome(text, true);
          // Compared as one string: a difference names the file without printing a whole template's tree.
          expect(a.join('\n') === outcome(text, false).join('\n'), relative(dir, p)).toBe(true);
          files++;
        }
      }
    };
    for (const d of dirs) walk(d);
    expect(files).toBeGreaterThan(50);
  });

  it('is current with the installed js-yaml (run `node scripts/gen-yaml-loader.mjs` after updating it)', async () => {
    const gen = (await import(join(import.meta.dirname, '..', 'scripts', 'gen-yaml-loader.mjs'))) as { generateYamlLoader: () => string; OUT: string };
    expect(readFileSync(gen.OUT, 'utf8') === gen.generateYamlLoader()).toBe(true);
  });

  it('leaves js-yaml mapping objects and flow sequences empty and still refuses a merge of a scalar', async () => {
    const { loadAll } = await import('../src/loaders/vendor/js-yaml.js');
    expect(loadAll('a: {b: 1}\n', null, { skipMappingValues: true })).toEqual([{}]);
    expect(loadAll('a: {b: 1}\n', null)).toEqual([{ a: { b: 1 } }]);
    expect(() => loadAll('a: {<<: 1}\n', null, { skipMappingValues: true })).toThrow(/merge/);
    // A flow sequence's items are not kept, a block sequence's are (the tree counts them for null items).
    expect(loadAll('- [1, a: b]\n- 2\n-\n', null, { skipMappingValues: true })).toEqual([[[], 2, null]]);
    expect(loadAll('- [1, a: b]\n', null)).toEqual([[[1, { a: 'b' }]]]);
    expect(() => loadAll('- [<<: 1]\n', null, { skipMappingValues: true })).toThrow(/merge/);
  });
});
