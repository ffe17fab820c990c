import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, configData, validateConfig, type Config } from '../engine/config.js';
import type { Rule } from '../engine/types.js';
import { InputError } from '../loaders/errors.js';
import { parseJson } from '../loaders/json.js';
import { parseYaml } from '../loaders/yaml.js';
import { LineIndex } from '../model/source.js';
import { repoRoot } from './discover.js';
import { readTextFile } from './read-file.js';

const MAX_CONFIG = 4 * 1024 * 1024;

export const CONFIG_NAMES = ['.iamlintrc.json', '.iamlintrc.yaml', '.iamlintrc.yml'];

/** The package root (where package.json and schema/ are), from dist/src/node/ or src/node/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('iamlint: cannot find its package root');
}

export function configSchema(): object {
  return JSON.parse(readFileSync(join(packageRoot(), 'schema', 'iamlintrc.schema.json'), 'utf8')) as object;
}

/**
 * The first config file found from `cwd` upward, stopping at the repository root (the directory that
 * holds `.git`): a file above the repository (a shared home or build directory) is not this project's
 * and must not turn its rules off. Outside a repository the search goes up to the file-system root.
 */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  const top = repoRoot(dir);
  for (;;) {
    for (const n of CONFIG_NAMES) {
      const p = join(dir, n);
      if (existsSync(p)) return p;
    }
    const up = dirname(dir);
    if (up === dir || dir === top) return undefined;
    dir = up;
  }
}

/**
 * Reads and validates a config file. It is data only: parsed as JSON or YAML, never executed. ajv is
 * imported here, on demand: most runs have no configuration and do not pay for loading it.
 */
export async function readConfig(path: string, rules: readonly Rule[]): Promise<Config> {
  let text: string;
  try {
    // A regular file only, and not a huge one: a FIFO committed as `.iamlintrc.json` must not hang the run.
    text = readTextFile(path, MAX_CONFIG);
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the configuration: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    const root = path.endsWith('.json') ? parseJson(text) : parseYaml(text)[0];
    const lines = new LineIndex(text);
    data = root ? configData(root, path, (o) => lines.position(o)) : {};
  } catch (e) {
    if (e instanceof InputError) {
      const p = new LineIndex(text).position(e.offset);
      throw new ConfigError(`${path}:${p.line}:${p.column}: ${e.message}`);
    }
    throw e;
  }
  const { Ajv } = await import('ajv');
  return validateConfig(data, configSchema(), rules, path, Ajv);
}
