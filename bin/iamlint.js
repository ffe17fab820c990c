#!/usr/bin/env node
// The compiled CLI (dist/, from `npm run build`; in the npm package) when it exists, otherwise the
// committed single-file bundle dist-action/cli.js (`npm run build:action`). So a checkout works right
// after `npm ci`, and so does pre-commit's install, which runs no build (see .pre-commit-hooks.yaml).
import { existsSync } from 'node:fs';

const built = new URL('../dist/src/cli-entry.js', import.meta.url);
await import(existsSync(built) ? built.href : new URL('../dist-action/cli.js', import.meta.url).href);
