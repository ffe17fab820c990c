import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, validateConfig, type Config } from '../engine/config.js';
import type { Rule } from '../engine/types.js';
import { InputError } from '../loaders/errors.js';
import { parseJson } from '../loaders/json.js';
import { parseYaml } from '../loaders/yaml.js';
import { toPlain } from '../model/node.js';
import { LineIndex } from '../model/source.js';

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

/** The first config file found from `cwd` upward, or undefined. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const n of CONFIG_NAMES) {
      const p = join(dir, n);
      if (existsSync(p)) return p;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Reads and validates a config file. It is data only: parsed as JSON or YAML, never executed. */
export function readConfig(path: string, rules: readonly Rule[]): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the configuration: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    const root = path.endsWith('.json') ? parseJson(text) : parseYaml(text)[0];
    data = root ? toPlain(root) : {};
  } catch (e) {
    if (e instanceof InputError) {
      const p = new LineIndex(text).position(e.offset);
      throw new ConfigError(`${path}:${p.line}:${p.column}: ${e.message}`);
    }
    throw e;
  }
  return validateConfig(data, configSchema(), rules, path);
}
