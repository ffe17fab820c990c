#!/usr/bin/env node
// Runs the committed single-file bundle dist-action/cli.js (`npm run build:action`): it starts in about
// half the CPU time of the compiled dist/ (one file to read and compile instead of some hundred
// modules to resolve), and it is there on every install path (registry, tarball, directory, git,
// pre-commit) without a build. dist/src/cli-entry.js (`npm run build:dist`) is used instead only when it is
// newer than the bundle, as in a clone being worked on; an npm tarball gives every file the same time.
import { statSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+: V8's compile cache (in the OS temporary directory) for the bundle's code on later runs.
module.enableCompileCache?.();

const bundle = new URL('../dist-action/cli.js', import.meta.url);
const built = new URL('../dist/src/cli-entry.js', import.meta.url);
const mtime = (u) => statSync(u, { throwIfNoEntry: false })?.mtimeMs;
const b = mtime(bundle);
const d = mtime(built);
await import((d !== undefined && (b === undefined || d > b) ? built : bundle).href);
