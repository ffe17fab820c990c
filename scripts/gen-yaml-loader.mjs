// node scripts/gen-yaml-loader.mjs: writes src/loaders/vendor/js-yaml.ts, js-yaml's single-file ES module
// build (node_modules/js-yaml/dist/js-yaml.mjs, MIT) with one option added, and typed exports.
//
// The option, `skipMappingValues`: a mapping's result is an empty object (one per mapping, so its
// identity is kept) instead of an object with its keys set, and a flow sequence's result an empty list. The loader builds its own tree from the
// parser's listener events and never reads a mapping's value; setting each key on a fresh object was
// about half of js-yaml's time on the corpus's CloudFormation templates (every new set of logical ids
// makes V8 build new object shapes). Merge keys `<<` and every error js-yaml raises are unchanged: a
// merge source is still an object or a list of objects, only an empty one.
//
// One more change, not an option: the state is not copied before each node unless a tag or an anchor starts
// there (see below); what the parser does is unchanged.
//
// Run it after updating the pinned js-yaml; it fails if a patched line is not found exactly once.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', 'js-yaml');
export const OUT = join(root, 'src', 'loaders', 'vendor', 'js-yaml.ts');

/** The vendored module's text, from the installed js-yaml. */
export function generateYamlLoader() {
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const license = readFileSync(join(pkgDir, 'LICENSE'), 'utf8').trim();
  let code = readFileSync(join(pkgDir, 'dist', 'js-yaml.mjs'), 'utf8');

  function patch(from, to) {
    const at = code.indexOf(from);
    if (at < 0 || code.indexOf(from, at + 1) >= 0) throw new Error(`gen-yaml-loader: expected exactly one ${JSON.stringify(from)} in js-yaml ${version}`);
    code = code.slice(0, at) + to + code.slice(at + from.length);
  }

  patch(
    '    this.listener = options["listener"] || null;\n',
    '    this.listener = options["listener"] || null;\n    this.skipMappingValues = options["skipMappingValues"] || false;\n',
  );
  patch(
    '      setProperty(_result, keyNode, valueNode);\n      delete overridableKeys[keyNode];',
    '      if (!state.skipMappingValues) setProperty(_result, keyNode, valueNode);\n      delete overridableKeys[keyNode];',
  );
  // Nor is a mapping's set of keys a merge may override: with every mapping empty no merge sets a key, and
  // a fresh dictionary-mode object for each mapping was a tenth of the loader's allocation.
  const keysAt = code.indexOf('  function readFlowCollection(state, nodeIndent) {');
  if (keysAt < 0) throw new Error(`gen-yaml-loader: readFlowCollection not found in js-yaml ${version}`);
  code = code.slice(0, keysAt) + '  const NO_OVERRIDABLE_KEYS = Object.create(null);\n' + code.slice(keysAt);
  const fresh = '    const overridableKeys = /* @__PURE__ */ Object.create(null);\n';
  if (code.split(fresh).length !== 3) throw new Error(`gen-yaml-loader: expected two ${JSON.stringify(fresh)} in js-yaml ${version}`);
  code = code.split(fresh).join('    const overridableKeys = state.skipMappingValues ? NO_OVERRIDABLE_KEYS : Object.create(null);\n');
  // A flow sequence's items are not kept either (the tree reads its children's events, not its result);
  // a pair in it (`[a: b]`) is still stored, so a bad merge source raises its error.
  patch(
    '        _result.push(storeMappingPair(state, null, overridableKeys, keyTag, keyNode, valueNode, _line, _lineStart, _pos));\n      } else {\n        _result.push(keyNode);\n      }',
    '        const pair = storeMappingPair(state, null, overridableKeys, keyTag, keyNode, valueNode, _line, _lineStart, _pos);\n        if (!state.skipMappingValues) _result.push(pair);\n      } else if (!state.skipMappingValues) {\n        _result.push(keyNode);\n      }',
  );
  // Not an option: no snapshot of the parser's state before each node unless a tag `!` or an anchor `&`
  // starts there (neither property reader moves without one, and the snapshot is kept only after a read).
  // It was js-yaml's largest allocation, one object for every node.
  patch(
    '        const propertyState = snapshotState(state);\n        if (atNewLine && (ch === 33 && state.tag !== null || ch === 38 && state.anchor !== null)) {\n          break;\n        }\n',
    '        if (atNewLine && (ch === 33 && state.tag !== null || ch === 38 && state.anchor !== null)) {\n          break;\n        }\n        if (ch !== 33 && ch !== 38) {\n          break;\n        }\n        const propertyState = snapshotState(state);\n',
  );
  // The bundle's own export list and source map comment give way to the typed exports below.
  const exportAt = code.indexOf('\nconst {\n  Type,');
  if (exportAt < 0) throw new Error(`gen-yaml-loader: export block not found in js-yaml ${version}`);
  code = code.slice(0, exportAt + 1);

  const header = `// @ts-nocheck
// Generated by scripts/gen-yaml-loader.mjs from js-yaml ${version} (dist/js-yaml.mjs). Do not edit: run
// \`node scripts/gen-yaml-loader.mjs\` after updating the pinned package. Two changes: the loader option
// \`skipMappingValues\`, and no copy of the state before a node without a tag or an anchor (see the script).
// js-yaml's license:
//
${license
  .split('\n')
  .map((l) => `// ${l}`.trimEnd())
  .join('\n')}
`;

  const exports = `
type Kind = 'scalar' | 'sequence' | 'mapping';
export interface YamlType {
  readonly tag: string;
}
export interface YamlSchema {
  extend(types: { readonly implicit?: readonly YamlType[]; readonly explicit?: readonly YamlType[] }): YamlSchema;
}
export interface YamlMark {
  readonly position: number;
  readonly line: number;
  readonly column: number;
}
export interface YamlError extends Error {
  readonly reason: string;
  readonly mark: YamlMark | undefined;
}
export interface LoadOptions {
  readonly schema?: YamlSchema;
  readonly json?: boolean;
  readonly maxDepth?: number;
  /** Called when the parser starts (\`open\`) and ends (\`close\`) a node, with its state. */
  readonly listener?: (type: 'open' | 'close', state: never) => void;
  /** A mapping's result is an empty object of its own: for callers that build their tree from the events. */
  readonly skipMappingValues?: boolean;
}
export const Type: new (
  tag: string,
  options: { readonly kind: Kind; readonly multi?: boolean; readonly resolve?: (data: unknown) => boolean; readonly construct?: (data: unknown) => unknown },
) => YamlType = yaml.Type;
export const CORE_SCHEMA: YamlSchema = yaml.CORE_SCHEMA;
export const DEFAULT_SCHEMA: YamlSchema = yaml.DEFAULT_SCHEMA;
export const YAMLException: new (reason: string) => YamlError = yaml.YAMLException;
export const load: (input: string, options?: LoadOptions) => unknown = yaml.load;
export const loadAll: (input: string, iterator: null, options?: LoadOptions) => unknown[] = yaml.loadAll;
`;

  return header + code + exports;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, generateYamlLoader());
  console.log(`wrote ${OUT.slice(root.length + 1)}`);
}
