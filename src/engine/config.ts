import type { ErrorObject, ValidateFunction } from 'ajv';
import { globMatch } from '../model/glob.js';
import type { SNode } from '../model/node.js';
import type { LevelSetting, Rule } from './types.js';

/** Per-path settings, as ESLint's and cfn-lint's overrides: later entries win over earlier ones. */
export interface Override {
  /** Globs relative to the config file's directory: `**` any directories, `*` and `?` within a name. */
  readonly files: readonly string[];
  readonly excludedFiles?: readonly string[];
  readonly rules?: Readonly<Record<string, LevelSetting>>;
}

/** The configuration, as written by the user (validated against schema/iamlintrc.schema.json). */
export interface Config {
  /** Level per rule id, or per `tag:<tag>` (every rule with that tag); an id wins over a tag. */
  readonly rules?: Readonly<Record<string, LevelSetting>>;
  readonly overrides?: readonly Override[];
  /** Path + rule suppressions with a reason, for files that cannot carry comments (suppressions.ts applies them). */
  readonly suppress?: readonly { readonly files: readonly string[]; readonly rules: readonly string[]; readonly reason: string; readonly until?: string }[];
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

/** Keys that would reach an object's prototype if assigned with `o[key] = v`. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The configuration tree as plain data. Unlike `toPlain`, a `__proto__`, `constructor` or `prototype`
 * key is an error with its position (assigned with `o[k] = v`, `__proto__` would replace the object's
 * prototype and vanish from validation), and objects have no prototype at all.
 */
export function configData(n: SNode, source: string, position: (offset: number) => { line: number; column: number }): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map((i) => configData(i, source, position));
    case 'map': {
      const o = Object.create(null) as Record<string, unknown>;
      for (const e of n.entries) {
        const key = String(e.key.value);
        if (PROTOTYPE_KEYS.has(key)) {
          const p = position(e.key.range.start);
          throw new ConfigError(`${source}:${p.line}:${p.column}: '${key}' is not allowed as a key in a configuration`);
        }
        o[key] = configData(e.value, source, position);
      }
      return o;
    }
  }
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown key '${String(e.params['additionalProperty'])}'`;
  if (e.keyword === 'enum') return `${where}: must be one of ${(e.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
  if (e.keyword === 'propertyNames') return `${where}: key '${String(e.params['propertyName'])}' is not a rule id or tag:<tag> (see iamlint --list-rules)`;
  return `${where}: ${e.message ?? 'invalid'}`;
}

/** Characters of a path glob that overrides do not support; rejected rather than taken literally. */
const UNSUPPORTED_GLOB = /[[\]{}!]/;

/** The tags of all rules, sorted. */
export function ruleTags(rules: readonly Rule[]): string[] {
  return [...new Set(rules.flatMap((r) => r.meta.tags))].sort();
}

/**
 * `tag:<tag>` and rule-id keys resolved to rule ids: tags first (in the order written), then ids, so a
 * rule named explicitly keeps its own level whatever tag also covers it.
 */
export function expandRuleLevels(entries: Iterable<readonly [string, LevelSetting]>, rules: readonly Rule[], where: string): Map<string, LevelSetting> {
  const ids = new Set(rules.map((r) => r.id));
  const byTag = new Map<string, LevelSetting>();
  const byId = new Map<string, LevelSetting>();
  for (const [key, level] of entries) {
    if (key.startsWith('tag:')) {
      const tag = key.slice(4);
      if (!rules.some((r) => r.meta.tags.includes(tag))) throw new ConfigError(`${where}: no rule has the tag '${tag}' (tags: ${ruleTags(rules).join(', ')})`);
      byTag.delete(tag);
      byTag.set(tag, level);
    } else if (ids.has(key)) {
      byId.set(key, level);
    } else {
      throw new ConfigError(`${where}: unknown rule '${key}' (see iamlint --list-rules)`);
    }
  }
  const out = new Map<string, LevelSetting>();
  for (const [tag, level] of byTag) for (const r of rules) if (r.meta.tags.includes(tag)) out.set(r.id, level);
  for (const [id, level] of byId) out.set(id, level);
  return out;
}

let compiled: { schema: object; validate: ValidateFunction } | undefined;

/**
 * Validates a parsed configuration object. Pure: the schema and the validator constructor are passed
 * in (the shell loads ajv only when a configuration exists, which keeps it out of most runs' start-up),
 * so the same check runs in the CLI, the Action and tests. Unknown keys, unknown rule ids and tags,
 * and path globs with unsupported syntax are errors. Returns the config with tags resolved to rule ids.
 */
export function validateConfig(
  data: unknown,
  schema: object,
  rules: readonly Rule[],
  source: string,
  Ajv: new (opts: { allErrors: boolean; strict: boolean }) => { compile(schema: object): ValidateFunction },
): Config {
  if (compiled?.schema !== schema) compiled = { schema, validate: new Ajv({ allErrors: true, strict: false }).compile(schema) };
  const validate = compiled.validate;
  if (!validate(data)) {
    const msgs = (validate.errors ?? []).map(describe);
    throw new ConfigError(`${source}: invalid configuration:\n  ${[...new Set(msgs)].join('\n  ')}`);
  }
  const cfg = data as Config;
  const rulesOf = (r: Readonly<Record<string, LevelSetting>> | undefined, where: string) =>
    Object.fromEntries(expandRuleLevels(Object.entries(r ?? {}), rules, `${source}: ${where}`)) as Record<string, LevelSetting>;
  const overrides = (cfg.overrides ?? []).map((o, i): Override => {
    for (const g of [...o.files, ...(o.excludedFiles ?? [])]) {
      if (UNSUPPORTED_GLOB.test(g)) throw new ConfigError(`${source}: overrides[${i}]: '${g}': only '**', '*' and '?' are supported in paths`);
    }
    return { ...o, rules: rulesOf(o.rules, `overrides[${i}].rules`) };
  });
  const ids = new Set(rules.map((r) => r.id));
  (cfg.suppress ?? []).forEach((e, i) => {
    for (const id of e.rules) if (!ids.has(id)) throw new ConfigError(`${source}: suppress[${i}].rules: unknown rule '${id}' (see iamlint --list-rules)`);
  });
  return { ...cfg, rules: rulesOf(cfg.rules, 'rules'), ...(cfg.overrides ? { overrides } : {}) };
}

/**
 * Whether a `/`-separated path (relative to the config file's directory) matches a path glob: `**` is
 * any number of directories, `*` and `?` stay within one name. A pattern without `/` matches the
 * name at any depth (as .gitignore, and as users of `*.template.json` expect). The greedy two-pointer
 * method with one saved `**`, over segments (each segment compared with the linear `globMatch`): no
 * regular expression is built from configuration text, and the work is at most O(pattern × path).
 */
export function pathMatches(pattern: string, path: string): boolean {
  const pat = pattern.replace(/^\.\//, '').replace(/\/$/, '/**');
  const p = pat.includes('/') ? pat.replace(/^\//, '').split('/') : ['**', pat];
  const v = path.split('/');
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const seg = p[pi];
    if (seg !== undefined && seg !== '**' && globMatch(seg, v[vi] ?? '')) {
      pi++;
      vi++;
    } else if (seg === '**') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '**') pi++;
  return pi === p.length;
}

/**
 * The rule levels for one file: the config's `rules`, then every matching override in order, then
 * the command line's `--rule` options (which win, as in ESLint). `relPath` is relative to the config
 * file's directory; a file outside it matches no override.
 */
export function levelsForFile(config: Config, relPath: string, cli: ReadonlyMap<string, LevelSetting>): Map<string, LevelSetting> {
  const out = new Map<string, LevelSetting>(Object.entries(config.rules ?? {}));
  if (!relPath.startsWith('../')) {
    for (const o of config.overrides ?? []) {
      if (!o.files.some((g) => pathMatches(g, relPath))) continue;
      if ((o.excludedFiles ?? []).some((g) => pathMatches(g, relPath))) continue;
      for (const [k, v] of Object.entries(o.rules ?? {})) out.set(k, v);
    }
  }
  for (const [k, v] of cli) out.set(k, v);
  return out;
}

/** `--rule id=level` and `--rule tag:<tag>=level` options on top of the config's levels. */
export function parseRuleOverrides(specs: readonly string[], rules: readonly Rule[]): Map<string, LevelSetting> {
  const out = new Map<string, LevelSetting>();
  for (const spec of specs) {
    const m = /^((?:tag:)?[a-z0-9-]+)=(off|note|warning|error)$/.exec(spec.trim());
    if (!m) throw new ConfigError(`--rule '${spec}': expected <rule-id>=off|note|warning|error or tag:<tag>=<level>`);
    const [, key, level] = m as unknown as [string, string, LevelSetting];
    // Each option is resolved alone, so a later `--rule` wins over an earlier one, tag or not.
    for (const [id, l] of expandRuleLevels([[key, level]], rules, `--rule '${spec}'`)) out.set(id, l);
  }
  return out;
}

const LEVEL_ENUM = ['off', 'note', 'warning', 'error'] as const;

/** The schema of a `rules` object, generated from the rules' metadata so editors complete ids and tags. */
function ruleLevelsSchema(rules: readonly Rule[], description: string): object {
  const level = { enum: [...LEVEL_ENUM] };
  return {
    type: 'object',
    description,
    properties: Object.fromEntries([
      ...rules.map((r) => [r.id, { ...level, description: `${r.meta.summary} (default ${r.meta.level})` }] as const),
      ...ruleTags(rules).map((t) => [`tag:${t}`, { ...level, description: `Every rule tagged ${t}.` }] as const),
    ]),
    // Only rule ids and tags: also keeps `__proto__` and `constructor` out.
    propertyNames: { enum: [...rules.map((r) => r.id), ...ruleTags(rules).map((t) => `tag:${t}`)] },
    additionalProperties: level,
  };
}

/**
 * The shipped schema with its generated parts (rule ids and tags of `rules` and `overrides[].rules`)
 * filled in from rule metadata. `scripts/gen-docs.mjs` writes it; test/config-schema.test.ts fails when
 * the committed schema differs.
 */
export function withRuleIds(schema: object, rules: readonly Rule[]): object {
  const s = structuredClone(schema) as {
    properties: Record<string, { description?: string; items?: { properties: Record<string, { description?: string }> } }>;
  };
  const top = s.properties['rules'];
  s.properties['rules'] = ruleLevelsSchema(rules, top?.description ?? 'Level per rule id or tag:<tag>.');
  const items = s.properties['overrides']?.items;
  if (items) items.properties['rules'] = ruleLevelsSchema(rules, items.properties['rules']?.description ?? 'Levels for the matching files.');
  return s;
}
