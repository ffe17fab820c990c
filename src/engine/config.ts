import { Ajv, type ErrorObject } from 'ajv';
import type { LevelSetting, Rule } from './types.js';

/** The configuration, as written by the user (validated against schema/iamlintrc.schema.json). */
export interface Config {
  readonly rules?: Readonly<Record<string, LevelSetting>>;
  readonly ownAccounts?: readonly string[];
  readonly ignorePatterns?: readonly string[];
  readonly failOn?: LevelSetting | 'none';
  readonly maxFileSize?: number;
  readonly imdsv2AccountDefault?: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown key '${String(e.params['additionalProperty'])}'`;
  if (e.keyword === 'enum') return `${where}: must be one of ${(e.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
  return `${where}: ${e.message ?? 'invalid'}`;
}

/**
 * Validates a parsed configuration object. Pure: the schema is passed in (the shell reads it from the
 * package), so the same check runs in the CLI, the Action and tests. Unknown keys and unknown rule ids are errors.
 */
export function validateConfig(data: unknown, schema: object, rules: readonly Rule[], source: string): Config {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  if (!validate(data)) {
    const msgs = (validate.errors ?? []).map(describe);
    throw new ConfigError(`${source}: invalid configuration:\n  ${[...new Set(msgs)].join('\n  ')}`);
  }
  const cfg = data as Config;
  const ids = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(cfg.rules ?? {})) {
    if (!ids.has(id)) throw new ConfigError(`${source}: unknown rule '${id}' in rules (see iamlint --list-rules)`);
  }
  return cfg;
}

/** `--rule id=level` options on top of the config's levels. */
export function parseRuleOverrides(specs: readonly string[], rules: readonly Rule[]): Map<string, LevelSetting> {
  const ids = new Set(rules.map((r) => r.id));
  const out = new Map<string, LevelSetting>();
  for (const spec of specs) {
    const m = /^([a-z0-9-]+)=(off|note|warning|error)$/.exec(spec.trim());
    if (!m) throw new ConfigError(`--rule '${spec}': expected <rule-id>=off|note|warning|error`);
    const [, id, level] = m as unknown as [string, string, LevelSetting];
    if (!ids.has(id)) throw new ConfigError(`--rule '${spec}': unknown rule '${id}' (see iamlint --list-rules)`);
    out.set(id, level);
  }
  return out;
}
