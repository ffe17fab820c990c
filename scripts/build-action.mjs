// npm run build:action [-- <outdir>]: bundles the GitHub Action entry, the CLI and the worker thread
// into dist-action/ (committed: GitHub runs an action from its repository, with no install step, and
// pre-commit's hook runs the CLI bundle without a TypeScript build). test/action.test.ts rebuilds into
// a temporary directory and fails when the committed files differ.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The ES module bundles, by output name. `worker.js` sits beside the others: lint-files.ts starts it as `./worker.js`. */
export const ENTRIES = { index: 'src/action.ts', worker: 'src/node/worker.ts', 'eslint-plugin': 'src/eslint-plugin.ts' };

/**
 * fdir (under tinyglobby) tries `require("picomatch")` at load, for a glob API iamlint never calls;
 * where picomatch is installed that cost every run about 4 ms. The bundles drop the attempt.
 */
const FDIR_PICOMATCH = /\b(?:__)?require\.resolve\("picomatch"\);\s*pm\s*=\s*(?:__)?require\("picomatch"\);?/;

/**
 * The CLI bundle runs from a vm.Script with V8's code cache (bin/iamlint.cjs), where a dynamic
 * `import()` has no loader: web-tree-sitter's two imports of Node built-ins become `require`, and the
 * build fails if any other dynamic import is left.
 */
function requireBuiltins(file) {
  const text = readFileSync(file, 'utf8');
  const out = text.replace(/\bawait import\("(module|fs\/promises)"\)/g, '__iamlintRequire("$1")');
  // eslint-disable-next-line no-control-regex -- the ASCII range, NUL included
  if (/[^\x00-\x7f]/.test(out)) throw new Error(`build-action: ${file} is not ASCII: bin/iamlint.cjs reads it as Latin-1`);
  const left = /(^|[^\w.$])import\(/m.exec(out);
  if (left) throw new Error(`build-action: ${file} has a dynamic import() at ${out.slice(left.index, left.index + 60)}: it cannot run under the code cache`);
  writeFileSync(file, out);
}

/**
 * The CLI bundle's first line names the SHA-256 of the rest: bin/iamlint.cjs keys its code cache by it,
 * so a cache is never used for other code (npm gives every file of a tarball the same time, and two
 * builds can have the same size; V8 itself checks only the source's length).
 */
function stampContentHash(file) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, `// iamlint-bundle-sha256:${createHash('sha256').update(text).digest('hex')}\n${text}`);
}

function dropOptionalPicomatch(file) {
  const text = readFileSync(file, 'utf8');
  const out = text.replace(FDIR_PICOMATCH, '');
  if (out.includes('"picomatch"')) throw new Error(`build-action: ${file} still requires picomatch: fdir's code changed`);
  if (out !== text) writeFileSync(file, out);
}

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
  // The CLI as one CommonJS file (dist-action/cli.cjs): bin/iamlint.cjs loads it with a code cache
  // (vm.Script needs a script, not a module), and CommonJS skips the ES module loader's start-up.
  // Both CommonJS bundles: import.meta.url becomes the file's URL, computed in the banner.
  const cjs = {
    absWorkingDir: root,
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    define: { 'import.meta.url': '__iamlintModuleUrl' },
  };
  await build({
    ...cjs,
    entryPoints: { cli: 'src/cli-entry.ts' },
    // __iamlintRequire: the module's require under a name no bundled code shadows (see requireBuiltins).
    banner: { js: "const __iamlintModuleUrl = require('node:url').pathToFileURL(__filename).href;\nconst __iamlintRequire = require;" },
    legalComments: 'eof',
    // Whitespace and comments out, and ASCII only (non-ASCII escaped): a sixth smaller, and bin/iamlint.cjs
    // reads it as Latin-1, a copy, into a one-byte string; together about 10 ms of each start-up.
    charset: 'ascii',
    minifyWhitespace: true,
    logLevel: 'warning',
  });
  for (const name of Object.keys(ENTRIES)) dropOptionalPicomatch(join(outdir, `${name}.js`));
  dropOptionalPicomatch(join(outdir, 'cli.cjs'));
  requireBuiltins(join(outdir, 'cli.cjs'));
  stampContentHash(join(outdir, 'cli.cjs'));
  // The code parser: oxc-parser's JavaScript as one CommonJS file that src/loaders/code/parse.ts
  // requires when no node_modules are there (the Action runs from its repository), with the native
  // binding for GitHub's Linux x64 runners beside it. Elsewhere code files are reported unreadable, with the reason.
  await build({
    ...cjs,
    entryPoints: { 'oxc-parser': 'node_modules/oxc-parser/src-js/index.js' },
    external: ['*.node', '@oxc-parser/*', '@napi-rs/*'],
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
  return [...Object.keys(ENTRIES).map((name) => join(outdir, `${name}.js`)), join(outdir, 'cli.cjs'), join(outdir, 'oxc-parser.cjs')];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildAction(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`wrote ${files.map((f) => f.slice(root.length + 1)).join(', ')}`);
}
