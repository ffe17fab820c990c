// npm run build:action [-- <outdir>]: bundles the GitHub Action entry, the CLI and the worker thread
// into dist-action/ (committed: GitHub runs an action from its repository, with no install step, and
// pre-commit's hook runs the CLI bundle without a TypeScript build). test/action.test.ts rebuilds into
// a temporary directory and fails when the committed files differ.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundles, by output name. `worker.js` sits beside the others: lint-files.ts starts it as `./worker.js`. */
export const ENTRIES = { index: 'src/action.ts', cli: 'src/cli-entry.ts', worker: 'src/node/worker.ts' };

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
  return Object.keys(ENTRIES).map((name) => join(outdir, `${name}.js`));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildAction(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`wrote ${files.map((f) => f.slice(root.length + 1)).join(', ')}`);
}
