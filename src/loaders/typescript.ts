import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { LoadedFile } from '../engine/types.js';
import { CodeEvaluator, type CodeModel, type CredentialSite } from '../model/code.js';
import type { SEntry, SScalar } from '../model/node.js';
import type { LaunchModel } from '../model/launch.js';
import type { PolicyDocument } from '../model/policy.js';
import { LineIndex } from '../model/source.js';
import { cdkLaunch } from './code/cdk-ec2.js';
import { CdkIam } from './code/cdk-iam.js';
import { Scope, staticKey, unwrap, propName, type Node } from './code/scope.js';
import { SdkCredentials, type StringNode } from './code/sdk-credentials.js';
import { Values } from './code/values.js';
import { InputError } from './errors.js';
import type { LoadOutcome } from './load.js';

/** Source files iamlint reads as code. */
export const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

export function isCodePath(path: string): boolean {
  const lower = path.toLowerCase();
  return CODE_EXTENSIONS.some((e) => lower.endsWith(e));
}

/**
 * The cheap test before parsing: code that mentions neither the CDK, nor an AWS SDK, nor a key id or a
 * credential's name cannot hold anything the rules read, and is never parsed.
 */
const CODE_RELEVANT = /aws-cdk-lib|@aws-cdk\/|@aws-sdk\/|aws-sdk|A(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}|secret.?access.?key|session.?token/i;

export function isCodeRelevant(text: string): boolean {
  return CODE_RELEVANT.test(text);
}

type Estree = typeof import('@typescript-eslint/typescript-estree');
let estree: Estree | null | undefined;

/**
 * typescript-estree (and TypeScript behind it) is loaded on the first code file: a JSON/YAML run never
 * pays for it. Without it (a bundle that leaves it out, an install without the `typescript` peer), code
 * files are skipped, not reported as unreadable.
 */
export function codeParserAvailable(): boolean {
  if (estree === undefined) {
    try {
      estree = createRequire(import.meta.url)('@typescript-eslint/typescript-estree') as Estree;
    } catch {
      estree = null;
    }
  }
  return estree !== null;
}

/** Parses TypeScript or JavaScript without type information (no project, no tsconfig): ranges only. */
export function parseCode(path: string, text: string): TSESTree.Program {
  const lower = path.toLowerCase();
  // JSX is allowed in .tsx and JavaScript; in .ts it would make `<T>x` assertions ambiguous.
  const jsx = lower.endsWith('.tsx') || /\.[mc]?js$/.test(lower);
  if (!codeParserAvailable() || !estree) throw new InputError("Cannot read code files: the 'typescript' package is not installed next to iamlint", 0);
  const p = estree;
  try {
    return p.parse(text, { range: true, loc: false, comment: false, tokens: false, jsx, loggerFn: false, suppressDeprecatedPropertyWarnings: true });
  } catch (e) {
    const err = e as Error & { index?: number; location?: { start?: { offset?: number }; end?: { offset?: number } } };
    const start = err.location?.start?.offset ?? err.index ?? 0;
    const end = err.location?.end?.offset ?? start + 1;
    throw new InputError(
      `Could not parse as ${/\.[mc]?tsx?$/.test(lower) ? 'TypeScript' : 'JavaScript'}: ${err.message.split('\n')[0]}`,
      start,
      Math.max(end, start + 1),
    );
  }
}

/** The naming context of a string: the property, variable or environment variable it is assigned to. */
function nameOf(n: Node, parents: WeakMap<Node, Node>): string | undefined {
  let child: Node = n;
  let p = parents.get(n);
  while (p && (p.type === 'TSAsExpression' || p.type === 'TSSatisfiesExpression' || p.type === 'TSNonNullExpression')) {
    child = p;
    p = parents.get(p);
  }
  if (!p) return undefined;
  switch (p.type) {
    case 'Property':
    case 'PropertyDefinition':
      return p.value === child ? staticKey(p) : undefined;
    case 'VariableDeclarator':
      return p.init === child && p.id.type === 'Identifier' ? p.id.name : undefined;
    case 'AssignmentExpression': {
      if (p.right !== child) return undefined;
      const left = unwrap(p.left);
      if (left.type === 'Identifier') return left.name;
      return left.type === 'MemberExpression' ? propName(left) : undefined;
    }
    case 'AssignmentPattern':
      return p.right === child && p.left.type === 'Identifier' ? p.left.name : undefined;
    case 'JSXAttribute':
      return p.name.type === 'JSXIdentifier' ? p.name.name : undefined;
    default:
      return undefined;
  }
}

/** The object literal a string is a property value of. */
function objectOf(n: Node, parents: WeakMap<Node, Node>): TSESTree.ObjectExpression | undefined {
  let child: Node = n;
  let p = parents.get(n);
  while (p && (p.type === 'TSAsExpression' || p.type === 'TSSatisfiesExpression' || p.type === 'TSNonNullExpression')) {
    child = p;
    p = parents.get(p);
  }
  if (p?.type !== 'Property' || p.value !== child) return undefined;
  const o = parents.get(p);
  return o?.type === 'ObjectExpression' ? o : undefined;
}

function isStringNode(n: Node): n is StringNode {
  return (n.type === 'Literal' && typeof n.value === 'string') || n.type === 'TemplateLiteral';
}

/** Strings shorter than this cannot hold a key id (20) or a secret (40): the credential rule skips them too. */
const MIN_LENGTH = 20;

export interface CodeExtraction {
  readonly roots: LoadedFile['roots'];
  readonly policies: readonly PolicyDocument[];
  readonly evaluator: CodeEvaluator;
  readonly launch: LaunchModel;
  readonly code: CodeModel;
}

/**
 * The model of a code file, from an ESTree program (typescript-estree here; ESLint's own AST in the
 * plugin, so the editor does not parse twice):
 * - `policies`: CDK IAM constructs as policy documents;
 * - `roots`: one map of every string literal long enough to hold a credential, keyed by what it is
 *   assigned to (`secretAccessKey`, `AWS_SECRET_ACCESS_KEY`), for the credential rule, which reads
 *   every input format's strings the same way;
 * - `code.credentialSites`: those literals the AWS SDK receives as credentials.
 */
export function extractCode(path: string, text: string, program: TSESTree.Program): CodeExtraction {
  const scope = new Scope(program);
  // The values module asks the IAM module what a provider's `openIdConnectProviderArn` is.
  const late: { iam?: CdkIam } = {};
  const values = new Values(scope, { memberParts: (m) => late.iam?.memberParts(m) });
  const iam = new CdkIam(scope, values);
  late.iam = iam;
  const evaluator = new CodeEvaluator(values.symbolic);
  const policies = iam.documents(evaluator);
  const sdk = new SdkCredentials(scope, values, text);
  sdk.collect();
  const entries: SEntry[] = [];
  const credentialSites = new Map<SScalar, CredentialSite>();
  const scalarsOf = (str: StringNode): { value: string; scalar: SScalar }[] => {
    const pieces: { value: string; node: Node }[] =
      str.type === 'Literal'
        ? [{ value: str.value, node: str }]
        : str.expressions.length === 0
          ? [{ value: str.quasis[0]?.value.cooked ?? '', node: str }]
          : str.quasis.map((q) => ({ value: q.value.cooked ?? q.value.raw, node: q }));
    const site = sdk.sites.get(str);
    return pieces.map(({ value, node }) => {
      const scalar = values.scalar({ start: node.range[0], end: node.range[1] }, value);
      if (site) credentialSites.set(scalar, site);
      return { value, scalar };
    });
  };
  // An object literal with a long string becomes one map of all its string properties, so a name
  // given by a sibling (`{ name: 'AWS_SECRET_ACCESS_KEY', value: '...' }`) is seen as in JSON and YAML.
  const objects = new Set<TSESTree.ObjectExpression>();
  for (const s of scope.strings) {
    const parent = scope.parents.get(s);
    if (
      parent &&
      (parent.type === 'ImportDeclaration' ||
        parent.type === 'ExportAllDeclaration' ||
        parent.type === 'ExportNamedDeclaration' ||
        parent.type === 'ImportExpression')
    )
      continue;
    const pieces = scalarsOf(s).filter((p) => p.value.length >= MIN_LENGTH);
    if (pieces.length === 0) continue;
    const site = sdk.sites.get(s);
    const obj = site ? undefined : objectOf(s, scope.parents);
    if (obj) {
      if (objects.has(obj)) continue;
      objects.add(obj);
      const inner: SEntry[] = [];
      for (const p of obj.properties) {
        if (p.type !== 'Property') continue;
        const v = unwrap(p.value);
        if (!isStringNode(v) || sdk.sites.has(v)) continue;
        const key = staticKey(p) ?? '(computed)';
        for (const { scalar } of scalarsOf(v)) inner.push({ key: values.scalar({ start: p.key.range[0], end: p.key.range[1] }, key), value: scalar });
      }
      const range = { start: obj.range[0], end: obj.range[1] };
      entries.push({ key: values.scalar(range, nameOf(obj, scope.parents) ?? '(object)'), value: { kind: 'map', range, entries: inner } });
      continue;
    }
    const name = site?.field ?? nameOf(s, scope.parents) ?? '(string)';
    for (const { scalar } of pieces) entries.push({ key: values.scalar(scalar.range, name), value: scalar });
  }
  const roots = entries.length ? [{ kind: 'map' as const, range: { start: program.range[0], end: program.range[1] }, entries }] : [];
  const language = /\.[mc]?tsx?$/i.test(path) ? 'typescript' : 'javascript';
  return { roots, policies, evaluator, launch: cdkLaunch(scope, values), code: { language, credentialSites } };
}

/** loadText for code files: the cheap check, the parse, the extraction. */
export function loadCode(path: string, text: string): LoadOutcome {
  if (!isCodeRelevant(text)) return { status: 'skipped', reason: 'no AWS CDK, AWS SDK or credential in this file' };
  if (!codeParserAvailable()) return { status: 'skipped', reason: "code files need the 'typescript' package" };
  const lines = new LineIndex(text);
  let program: TSESTree.Program;
  try {
    program = parseCode(path, text);
  } catch (e) {
    if (e instanceof InputError) return { status: 'error', error: e, lines };
    throw e;
  }
  const file = codeFile(path, text, program, lines);
  return { status: 'parsed', kind: file.policies.length || file.launch.specs.length ? 'code-policy' : 'code', file };
}

/** The loaded file of a parsed program: the CLI parses with typescript-estree, the ESLint plugin hands over ESLint's AST. */
export function codeFile(path: string, text: string, program: TSESTree.Program, lines = new LineIndex(text)): LoadedFile {
  const x = extractCode(path, text, program);
  return {
    path,
    text,
    lines,
    format: x.code.language,
    roots: x.roots,
    template: undefined,
    evaluator: x.evaluator,
    policies: x.policies,
    launch: x.launch,
    code: x.code,
  };
}
