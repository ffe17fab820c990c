import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/types';
import { mayHoldCredential } from '../../model/credentials.js';
import { InputError } from '../errors.js';

/** Source files iamlint reads as code. */
export const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

export function isCodePath(path: string): boolean {
  const lower = path.toLowerCase();
  return CODE_EXTENSIONS.some((e) => lower.endsWith(e));
}

/**
 * The cheap test before parsing: code that mentions neither the CDK, nor an AWS SDK, nor a key id or a
 * credential's name, and holds no run of characters a credential can be (`mayHoldCredential`), cannot
 * hold anything the rules read, and is never parsed.
 */
const CODE_RELEVANT = /aws-cdk-lib|@aws-cdk\/|@aws-sdk\/|aws-sdk|A(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}|secret.?access.?key|session.?token/i;

export function isCodeRelevant(text: string): boolean {
  return CODE_RELEVANT.test(text) || mayHoldCredential(text);
}

interface OxcError {
  readonly message: string;
  readonly labels: readonly { readonly start: number; readonly end: number }[];
}
interface Oxc {
  parseSync(
    filename: string,
    text: string,
    options: { range: boolean; preserveParens: boolean; lang: 'ts' | 'tsx' | 'js' | 'jsx'; sourceType: 'module' | 'unambiguous'; astType: 'ts' },
  ): { program: unknown; errors: readonly OxcError[] };
}

let oxc: Oxc | null | undefined;
let oxcError = '';

/**
 * oxc-parser (MIT; native bindings in npm packages, no dependency on the project's TypeScript) is
 * loaded on the first code file, so a JSON/YAML run never pays for it. It gives the TS-ESTree AST that
 * typescript-eslint gives ESLint, so the same reader serves the CLI and the ESLint plugin. A platform
 * without a binding makes code files unreadable with the reason, never silently clean.
 */
export function codeParser(): Oxc | undefined {
  if (oxc === undefined) {
    const req = createRequire(import.meta.url);
    try {
      oxc = req('oxc-parser') as Oxc;
    } catch (e) {
      try {
        // The committed bundle (dist-action/, run by the GitHub Action without node_modules) carries
        // oxc-parser as one file beside it, with the Linux x64 native binding.
        oxc = req('./oxc-parser.cjs') as Oxc;
      } catch {
        oxc = null;
        oxcError = (e as Error).message.split('\n')[0] ?? '';
      }
    }
  }
  return oxc ?? undefined;
}

/** Why code cannot be read on this machine, when it cannot. */
export function codeParserProblem(): string | undefined {
  return codeParser() ? undefined : `Cannot read code files: the oxc-parser package could not be loaded (${oxcError})`;
}

function langOf(path: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return 'tsx';
  if (/\.[mc]?ts$/.test(lower)) return 'ts';
  // JSX is allowed in JavaScript, as Node tooling and typescript-estree accept it there.
  return 'jsx';
}

/** Parses TypeScript or JavaScript without type information (no project, no tsconfig): ranges only. */
export function parseCode(path: string, text: string): TSESTree.Program {
  const p = codeParser();
  if (!p) throw new InputError(codeParserProblem() ?? 'Cannot read code files', 0);
  const lang = langOf(path);
  const lower = path.toLowerCase();
  const r = p.parseSync(path, text, {
    range: true,
    preserveParens: false,
    lang,
    sourceType: lower.endsWith('.cjs') || lower.endsWith('.cts') ? 'unambiguous' : 'module',
    astType: 'ts',
  });
  const err = r.errors[0];
  if (err) {
    const label = err.labels[0];
    const start = label?.start ?? 0;
    const end = label?.end ?? start + 1;
    throw new InputError(`Could not parse as ${lang.startsWith('ts') ? 'TypeScript' : 'JavaScript'}: ${err.message}`, start, Math.max(end, start + 1));
  }
  return r.program as TSESTree.Program;
}
