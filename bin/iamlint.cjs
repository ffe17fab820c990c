#!/usr/bin/env node
'use strict';
// Runs the committed single-file CommonJS bundle dist-action/cli.cjs (`npm run build:action`): it starts
// in about half the CPU time of the compiled dist/ (one file to read and compile instead of some hundred
// modules to resolve), and it is there on every install path (registry, tarball, directory, git,
// pre-commit) without a build. This file and the bundle are CommonJS because Node's ES module loader
// alone costs a fifth of `node -e 0` more at start-up. dist/src/cli-entry.js (`npm run build:dist`) is used
// instead only when it is newer than the bundle, as in a clone being worked on; an npm tarball gives
// every file the same time.
//
// The bundle's compiled code is cached between runs: on Node 22.1+ by Node's own compile cache, on older
// Node by V8's code cache kept here, in a directory of the OS temporary directory that only this user may
// write (checked before every read: a cache planted by someone else would be code run as this user),
// keyed by the bundle's SHA-256 (its first line) and the runtime.
// Without a usable directory the bundle is compiled as usual. IAMLINT_NO_COMPILE_CACHE=1 turns both off.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist-action', 'cli.cjs');
const built = path.join(__dirname, '..', 'dist', 'src', 'cli-entry.js');
const bundleStat = fs.statSync(bundle, { throwIfNoEntry: false });
const builtStat = fs.statSync(built, { throwIfNoEntry: false });
const noCache = process.env.IAMLINT_NO_COMPILE_CACHE === '1';

if (builtStat && (!bundleStat || builtStat.mtimeMs > bundleStat.mtimeMs)) {
  import(require('node:url').pathToFileURL(built).href);
} else if (noCache) {
  require(bundle);
} else if (typeof Module.enableCompileCache === 'function') {
  Module.enableCompileCache();
  require(bundle);
} else {
  runWithCodeCache(bundle);
}

/** The per-user cache directory, or undefined when it is not this user's alone. */
function cacheDir() {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.join(require('node:os').tmpdir(), `iamlint-code-cache-${uid ?? 'user'}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0))) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function runWithCodeCache(file) {
  const vm = require('node:vm');
  // ASCII (the build checks): Latin-1 is the same text, read as a copy into a one-byte string.
  const source = fs.readFileSync(file, 'latin1');
  // The build writes the SHA-256 of the bundle on its first line: the cache is keyed by the code itself
  // and the runtime (V8 also rejects data of another V8 version or other flags, but checks only the
  // source's length).
  const hash = /^\/\/ iamlint-bundle-sha256:([0-9a-f]{64})\n/.exec(source.slice(0, 100))?.[1];
  const dir = hash ? cacheDir() : undefined;
  if (!dir) return void require(file);
  const key = path.join(dir, `cli-${hash.slice(0, 32)}-${process.version}-${process.arch}.bin`);
  let cachedData;
  try {
    const st = fs.lstatSync(key);
    if (st.isFile() && (typeof process.getuid !== 'function' || st.uid === process.getuid())) cachedData = fs.readFileSync(key);
  } catch {
    // no cache yet
  }
  // No dynamic import() can run from this script (V8 keeps no loader for it in a code cache): the
  // build turns the bundle's into require() and fails on any other (scripts/build-action.mjs).
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written at exit, so the functions the run compiled lazily are in it too; through a temporary file,
    // so a concurrent run never reads half a cache.
    process.once('exit', () => {
      try {
        const tmp = `${key}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, key);
        // Caches of other bundles or runtimes: the three written last stay (installs of other versions on
        // the same machine keep theirs), and none older than 30 days.
        const old = Date.now() - 30 * 24 * 3600 * 1000;
        const others = fs
          .readdirSync(dir)
          .filter((f) => f.startsWith('cli-') && path.join(dir, f) !== key)
          .map((f) => ({ p: path.join(dir, f), t: fs.lstatSync(path.join(dir, f)).mtimeMs }))
          .sort((a, b) => b.t - a.t);
        for (const [i, o] of others.entries()) if (i >= 3 || o.t < old) fs.rmSync(o.p, { force: true });
      } catch {
        // a cache is only an optimisation
      }
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}
