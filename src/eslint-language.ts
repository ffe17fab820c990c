import { scanComments } from './engine/suppressions.js';
import type { LoadedFile } from './engine/types.js';
import { loadText } from './loaders/load.js';
import { CODE_EXTENSIONS } from './loaders/typescript.js';
import { LineIndex } from './model/source.js';

/**
 * An ESLint language (ESLint ≥ 9.7) for the files the CLI reads as data: JSON and YAML policies,
 * CloudFormation/SAM templates, launch-template data. Parsing is iamlint's own loader, so the rules
 * see exactly the model the CLI builds (short-form YAML tags, `Fn::If` branches, embedded JSON...).
 * The tree ESLint walks is a single `Document` node: iamlint's rules read the model, not ESLint nodes.
 * `# eslint-disable-next-line iamlint/<rule>` (YAML) and `// eslint-disable-next-line` (JSON with
 * comments) work as in JavaScript.
 * https://eslint.org/docs/latest/extend/languages
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Loc {
  readonly start: Position;
  readonly end: Position;
}

export interface DataDocument {
  readonly type: 'Document';
  readonly range: [number, number];
  readonly loc: Loc;
}

export interface DataComment {
  readonly type: 'Comment';
  readonly range: [number, number];
  readonly loc: Loc;
}

export interface DataDirective {
  readonly type: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  readonly node: DataComment;
  readonly value: string;
  readonly justification: string;
}

/** The model built while parsing, found again by the rules (one load per file). */
const models = new WeakMap<object, LoadedFile | null>();

/** Documents of code files (a code file with nothing iamlint reads has no model to say so). */
const codeFiles = new WeakSet<DataDocument>();

export function preloadedModel(ast: unknown): LoadedFile | null | undefined {
  return typeof ast === 'object' && ast !== null ? models.get(ast) : undefined;
}

export class DataSourceCode {
  readonly visitorKeys = { Document: [] as string[] };
  readonly #index: LineIndex;

  constructor(
    readonly text: string,
    readonly ast: DataDocument,
  ) {
    this.#index = new LineIndex(text);
  }

  get lines(): string[] {
    const out: string[] = [];
    for (let l = 1; l <= this.#index.lineCount; l++) out.push(this.#index.lineText(l));
    return out;
  }

  getLoc(node: { loc: Loc }): Loc {
    return node.loc;
  }

  getRange(node: { range: [number, number] }): [number, number] {
    return node.range;
  }

  getText(node?: { range: [number, number] }): string {
    return node ? this.text.slice(node.range[0], node.range[1]) : this.text;
  }

  /** Lines are 1-based, columns 0-based, as in JavaScript (`columnStart: 0`). */
  getLocFromIndex(index: number): Position {
    const p = this.#index.position(index);
    return { line: p.line, column: p.column - 1 };
  }

  getIndexFromLoc(loc: Position): number {
    return this.#index.offsetOf(loc.line) + loc.column;
  }

  getParent(): undefined {
    return undefined;
  }

  getAncestors(): [] {
    return [];
  }

  *traverse(): Iterable<{ kind: 1; target: DataDocument; phase: 1 | 2; args: [DataDocument, null] }> {
    yield { kind: 1, target: this.ast, phase: 1, args: [this.ast, null] };
    yield { kind: 1, target: this.ast, phase: 2, args: [this.ast, null] };
  }

  getInlineConfigNodes(): DataComment[] {
    return [];
  }

  applyInlineConfig(): { configs: []; problems: [] } {
    return { configs: [], problems: [] };
  }

  /**
   * `eslint-disable...` comments (YAML `#`, JSON-with-comments `//` and `/* *\/`): only real comments,
   * found by the engine's comment scanner, never text inside a string value.
   */
  getDisableDirectives(): { problems: []; directives: DataDirective[] } {
    const directives: DataDirective[] = [];
    if (!this.text.includes('eslint-')) return { problems: [], directives };
    for (const c of scanComments(this.text, syntaxOf(this.ast, this.text))) {
      const body = c.body.trim();
      const word = DIRECTIVE_WORDS.find((w) => body.startsWith(w) && (body.length === w.length || /\s/.test(body[w.length] ?? '')));
      if (!word) continue;
      const rest = body.slice(word.length);
      // ESLint's own split: the description follows two or more dashes between white space.
      const m = /\s-{2,}\s/.exec(`${rest} `);
      const value = m ? rest.slice(0, m.index) : rest;
      const justification = m ? `${rest} `.slice(m.index + m[0].length) : '';
      const start = this.getLocFromIndex(c.range.start);
      const end = this.getLocFromIndex(c.range.end);
      const node: DataComment = { type: 'Comment', range: [c.range.start, c.range.end], loc: { start, end } };
      directives.push({ type: word.slice('eslint-'.length) as DataDirective['type'], node, value: value.trim(), justification: justification.trim() });
    }
    return { problems: [], directives };
  }
}

/** Longest first: `eslint-disable-next-line` before `eslint-disable`. */
const DIRECTIVE_WORDS = ['eslint-disable-next-line', 'eslint-disable-line', 'eslint-disable', 'eslint-enable'] as const;

/** The comment syntax of a file: as its loader read it, else by its first character. */
function syntaxOf(ast: DataDocument, text: string): 'json' | 'yaml' | 'code' {
  const format = preloadedModel(ast)?.format;
  if (format === 'json' || format === 'yaml') return format;
  if (format === 'typescript' || format === 'javascript' || codeFiles.has(ast)) return 'code';
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

export interface DataFile {
  readonly body: string | Uint8Array;
  readonly path: string;
}

export const iamlintData = {
  meta: { name: 'iamlint/data' },
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 0 as const,
  nodeTypeKey: 'type',
  visitorKeys: { Document: [] as string[] },
  defaultLanguageOptions: {},
  validateLanguageOptions(): void {},
  parse(file: DataFile): { ok: true; ast: DataDocument } | { ok: false; errors: { message: string; line: number; column: number }[] } {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    const r = loadText(file.path, text);
    if (r.status === 'error') {
      const p = r.lines.position(r.error.offset);
      return { ok: false, errors: [{ message: r.error.message, line: p.line, column: p.column }] };
    }
    const lines = new LineIndex(text);
    const end = lines.position(text.length);
    const ast: DataDocument = {
      type: 'Document',
      range: [0, text.length],
      loc: { start: { line: 1, column: 0 }, end: { line: end.line, column: end.column - 1 } },
    };
    models.set(ast, r.status === 'parsed' ? r.file : null);
    if (CODE_EXTENSIONS.some((e) => file.path.toLowerCase().endsWith(e))) codeFiles.add(ast);
    return { ok: true, ast };
  },
  createSourceCode(file: DataFile, result: { ast: unknown }): DataSourceCode {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return new DataSourceCode(text, result.ast as DataDocument);
  },
};

/**
 * The same language for TypeScript and JavaScript: iamlint's loader parses the file with oxc (no
 * TypeScript installation needed) and lowers it into the model, as the CLI does. For projects whose
 * TypeScript has no ESLint parser (TypeScript 7 and typescript-eslint).
 */
export const iamlintCode = { ...iamlintData, meta: { name: 'iamlint/code' } };
