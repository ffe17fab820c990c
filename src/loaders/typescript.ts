export { CODE_EXTENSIONS, isCodePath, isCodeRelevant, parseCode } from './code/parse.js';
import type { TSESTree } from '@typescript-eslint/types';
import type { LoadedFile } from '../engine/types.js';
import { CodeEvaluator, type CodeModel, type CredentialSite } from '../model/code.js';
import type { SEntry, SNode, SScalar } from '../model/node.js';
import type { LaunchModel } from '../model/launch.js';
import type { PolicyDocument } from '../model/policy.js';
import { LineIndex } from '../model/source.js';
import { Ec2Lowering } from './code/cdk-ec2.js';
import { ResourceGraph } from './code/cdk-graph.js';
import { L1Lowering } from './code/cdk-l1.js';
import { buildPolicy } from '../model/policy.js';
import { buildTemplate, type Template } from '../model/template.js';
import { templatePolicies } from '../model/template-policies.js';
import { NO_LAUNCH, templateLaunch } from '../model/launch.js';
import { documentKind } from './policy-file.js';
import { CdkIam } from './code/cdk-iam.js';
import { Scope, staticKey, unwrap, propName, type Node } from './code/scope.js';
import { SdkCredentials, type StringNode } from './code/sdk-credentials.js';
import { Values } from './code/values.js';
import { InputError } from './errors.js';
import type { LoadOutcome } from './outcome.js';
import { codeParserProblem, isCodeRelevant, parseCode } from './code/parse.js';

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
  readonly template: Template | undefined;
  readonly policies: readonly PolicyDocument[];
  readonly evaluator: CodeEvaluator;
  readonly launch: LaunchModel;
  readonly code: CodeModel;
}

/**
 * The model of a code file, from an ESTree program (oxc-parser here; ESLint's own AST in the
 * plugin, so the editor does not parse twice):
 * - `policies`: CDK IAM constructs as policy documents;
 * - `roots`: one map of every string literal long enough to hold a credential, keyed by what it is
 *   assigned to (`secretAccessKey`, `AWS_SECRET_ACCESS_KEY`), for the credential rule, which reads
 *   every input format's strings the same way;
 * - `code.credentialSites`: those literals the AWS SDK receives as credentials.
 */
export function extractCode(path: string, text: string, program: TSESTree.Program, lines = new LineIndex(text)): CodeExtraction {
  const scope = new Scope(program);
  // The values module asks the IAM module what a provider's `openIdConnectProviderArn` is.
  const late: { iam?: CdkIam } = {};
  const values = new Values(scope, { memberParts: (m) => late.iam?.memberParts(m) });
  const graph = new ResourceGraph({ start: program.range[0], end: program.range[1] });
  const iam = new CdkIam(scope, values, graph);
  late.iam = iam;
  const l1 = new L1Lowering(scope, values, graph, iam);
  const ec2 = new Ec2Lowering(scope, values, graph, iam, l1);
  // Pass 1 gives every construct its logical id; pass 2 writes properties that refer to them.
  iam.register();
  l1.register();
  ec2.register();
  iam.lower();
  l1.lower();
  ec2.lower();
  const templateRoot = graph.root();
  const template = templateRoot ? buildTemplate(templateRoot) : undefined;
  const evaluator = new CodeEvaluator(values.symbolic, template);
  const policies: PolicyDocument[] = template ? templatePolicies(template, evaluator, () => undefined) : [];
  for (const d of graph.free) {
    const origin = { ...(d.resource !== undefined ? { resource: d.resource } : {}), path: d.path, label: d.label };
    const doc = buildPolicy(d.node, evaluator, d.kind === 'auto' ? 'identity' : d.kind, origin);
    policies.push(d.kind === 'auto' ? { ...doc, kind: documentKind(doc) } : doc);
  }
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
  const roots: SNode[] = entries.length ? [{ kind: 'map' as const, range: { start: program.range[0], end: program.range[1] }, entries }] : [];
  // Last: where a credential literal is also a template value (user data), the resource names it.
  if (templateRoot) roots.push(templateRoot);
  const language = /\.[mc]?tsx?$/i.test(path) ? 'typescript' : 'javascript';
  const launch = template ? templateLaunch(template, evaluator, policies, lines) : NO_LAUNCH;
  return { roots, template, policies, evaluator, launch, code: { language, credentialSites } };
}

/** loadText for code files: the cheap check, the parse, the extraction. */
export function loadCode(path: string, text: string): LoadOutcome {
  if (/\.d\.[mc]?ts$/i.test(path)) return { status: 'skipped', reason: 'TypeScript declaration file (types only)' };
  if (!isCodeRelevant(text)) return { status: 'skipped', reason: 'no AWS CDK, AWS SDK or credential in this file' };
  const lines = new LineIndex(text);
  const problem = codeParserProblem();
  if (problem) return { status: 'error', error: new InputError(problem, 0), lines };
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

/** The loaded file of a parsed program: the CLI parses with oxc-parser, the ESLint plugin hands over ESLint's AST. */
export function codeFile(path: string, text: string, program: TSESTree.Program, lines = new LineIndex(text)): LoadedFile {
  const x = extractCode(path, text, program, lines);
  return {
    path,
    text,
    lines,
    format: x.code.language,
    roots: x.roots,
    template: x.template,
    evaluator: x.evaluator,
    policies: x.policies,
    launch: x.launch,
    code: x.code,
  };
}
