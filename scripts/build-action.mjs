// npm run build:action [-- <outdir>]: bundles the GitHub Action entry, the CLI and the worker thread
// into dist-action/ (committed: GitHub runs an action from its repository, with no install step, and
// pre-commit's hook runs the CLI bundle without a TypeScript build). test/action.test.ts rebuilds into
// a temporary directory and fails when the committed files differ.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundles, by output name. `worker.js` sits beside the others: lint-files.ts starts it as `./worker.js`. */
export const ENTRIES = { index: 'src/action.ts', cli: 'src/cli-entry.ts', worker: 'src/node/worker.ts', 'eslint-plugin': 'src/eslint-plugin.ts' };

export async function buildAction(outdir = join(root, 'dist-action')) {
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: 'node',
    // Node 20 is the oldest runtime we support; GitHub runs the action on node24 (action.yml).
    target: 'node20',
    format: 'esm',
    // The bundled CommonJS dependencies (ajv, ignore, picomatch) call require(); ESM has none.
    banner: { js: "import { createRequire as __iamlintCreateRequire } from 'node:module';\nconst require = __iamlintCreateRequire(import.meta.url);" },
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'warning',
  });
  // The code parser: oxc-parser's JavaScript as one CommonJS file that src/loaders/code/parse.ts
  // requires when no node_modules are there (the Action runs from its repository), with the native
  // binding for GitHub's Linux x64 runners beside it. Elsewhere code files are reported unreadable, with the reason.
  await build({
    absWorkingDir: root,
    entryPoints: { 'oxc-parser': 'node_modules/oxc-parser/src-js/index.js' },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['*.node', '@oxc-parser/*', '@napi-rs/*'],
    define: { 'import.meta.url': '__iamlintModuleUrl' },
    banner: { js: "const __iamlintModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'error',
  });
  const binding = createRequire(join(root, 'package.json')).resolve('@oxc-parser/binding-linux-x64-gnu/package.json');
  const native = join(dirname(binding), 'parser.linux-x64-gnu.node');
  if (existsSync(native)) copyFileSync(native, join(outdir, 'parser.linux-x64-gnu.node'));
  // tree-sitter's runtime and HCL grammar (WASM): src/loaders/terraform/tree-sitter.ts loads them from beside the bundle first.
  const req = createRequire(join(root, 'package.json'));
  for (const a of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'])
    copyFileSync(req.resolve(a), join(outdir, a.slice(a.lastIndexOf('/') + 1)));
  return [...Object.keys(ENTRIES).map((name) => join(outdir, `${name}.js`)), join(outdir, 'oxc-parser.cjs')];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildAction(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`wrote ${files.map((f) => f.slice(root.length + 1)).join(', ')}`);
}
