import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lintText } from '../src/engine/run.js';
import type { Finding } from '../src/engine/types.js';
import plugin, { pluginRunFor } from '../src/eslint-plugin.js';
import { DATA_EXTENSIONS } from '../src/loaders/load.js';
import { CODE_EXTENSIONS } from '../src/loaders/typescript.js';
import { FIXTURES, ROOT, SETTINGS } from './fixture-harness.js';

/**
 * The CLI (lintText, which the Action runs too) and the ESLint plugin (ESLint's Linter, with the
 * user's parser for code and the iamlint/data language for JSON and YAML) give the same findings and
 * suppress the same ones, with the same reasons, on every fixture. The suppression pass is one
 * engine function; this proves the adapter does not bypass it.
 */

const EXTENSIONS = [...DATA_EXTENSIONS, ...CODE_EXTENSIONS];

function allFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x)) && !e.name.endsWith('.expect.json') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(FIXTURES);
  return out.sort();
}

// Expiry is compared on the real day: the plugin has no other clock.
const today = new Date().toISOString().slice(0, 10);
const allOn = Object.fromEntries(Object.keys(plugin.rules).map((id) => [`iamlint/${id}`, 'error' as const]));
const config: Linter.Config[] = [
  { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tseslint.parser } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  { files: ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.tsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  { ...plugin.configs.recommended, rules: allOn },
  { ...plugin.configs.data, rules: allOn },
  { settings: { iamlint: { ownAccounts: SETTINGS.ownAccounts } } },
];

const key = (line: number, column: number, endLine: number, endColumn: number, ruleId: string, message: string) =>
  `${line}:${column}-${endLine}:${endColumn} ${ruleId} ${message}`;
const findingKey = (f: Finding) => key(f.region.startLine, f.region.startColumn, f.region.endLine, f.region.endColumn, f.ruleId, f.message);
const messageKey = (m: Linter.LintMessage) =>
  key(m.line, m.column, m.endLine ?? m.line, m.endColumn ?? m.column, (m.ruleId ?? '').replace(/^iamlint\//, ''), m.message);

const files = allFixtures().map((f) => relative(ROOT, f));

describe('the CLI and the ESLint plugin agree on every fixture', () => {
  it('walks the fixtures', () => {
    // Every kind of input is in the walk: templates, policies, code.
    expect(files.some((f) => f.endsWith('.yaml'))).toBe(true);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('.ts'))).toBe(true);
    expect(files).toContain('fixtures/engine/invalid-suppression/bad.yaml');
  });

  let compared = 0;
  let suppressedSeen = 0;
  it.each(files.map((f) => [f]))('%s', (rel) => {
    const seen = agree(rel, config);
    if (seen === undefined) return;
    compared++;
    suppressedSeen += seen;
  });

  it('compared files with suppressed findings (the test is not vacuous)', () => {
    expect(compared).toBeGreaterThan(50);
    expect(suppressedSeen).toBeGreaterThan(5);
  });
});

/** TypeScript read by the plugin's own language (configs.code: oxc, for projects where typescript-eslint cannot install). */
const codeConfig: Linter.Config[] = [
  { files: ['**/*.js', '**/*.mjs', '**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  { ...plugin.configs.recommended, rules: allOn },
  { ...plugin.configs.code, rules: allOn },
  { ...plugin.configs.data, rules: allOn },
  { settings: { iamlint: { ownAccounts: SETTINGS.ownAccounts } } },
];

describe('with the iamlint/code language for TypeScript, the CLI and ESLint agree too', () => {
  const tsFiles = files.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f));
  let compared = 0;
  it.each(tsFiles.map((f) => [f]))('%s', (rel) => {
    if (agree(rel, codeConfig) !== undefined) compared++;
  });
  it('compared every TypeScript fixture the CLI reads', () => {
    expect(compared).toBeGreaterThan(20);
  });
});

/** Compares one file; the number of suppressed findings, or undefined when there was nothing to compare. */
function agree(rel: string, config: Linter.Config[]): number | undefined {
  const text = readFileSync(join(ROOT, rel), 'utf8');
  const result = lintText(rel, text, { rules, levels: new Map(), ruleOptions: new Map(), settings: { ...SETTINGS, today } });
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(text, config, rel);
  const fatal = messages.filter((m) => m.fatal);
  if (result.status === 'error') {
    // Unreadable for the CLI: ESLint's parser refuses it too (for data files, the same loader).
    if (DATA_EXTENSIONS.some((x) => rel.endsWith(x))) expect(fatal.length).toBeGreaterThan(0);
    return undefined;
  }
  if (fatal.length) {
    // A code file the CLI's parser reads and ESLint's does not (syntax outside the configured parser): nothing to compare.
    expect(result.findings.filter((f) => f.ruleId !== 'invalid-input')).toEqual([]);
    return undefined;
  }
  const cli = result.findings.filter((f) => f.ruleId !== 'invalid-input');
  const cliShown = cli
    .filter((f) => !f.suppression)
    .map(findingKey)
    .sort();
  const eslintShown = messages
    .filter((m) => m.ruleId?.startsWith('iamlint/'))
    .map(messageKey)
    .sort();
  expect(eslintShown).toEqual(cliShown);

  // Suppressed: by ESLint itself (eslint-disable comments) or by the engine's pass inside the plugin.
  const cliSuppressed = cli
    .filter((f) => f.suppression)
    .map((f) => `${findingKey(f)} | ${f.suppression?.justification ?? ''}`)
    .sort();
  // Not in ESLint 10's type declarations, but on the Linter (ESLint's own FlatESLint reads it).
  const bySelf = (linter as unknown as { getSuppressedMessages(): Linter.SuppressedLintMessage[] })
    .getSuppressedMessages()
    .filter((m) => m.ruleId?.startsWith('iamlint/'))
    .map((m) => `${messageKey(m)} | ${m.suppressions.map((s) => s.justification).join('; ')}`);
  const run = pluginRunFor(linter.getSourceCode());
  const byEngine = (run?.reports ?? []).flatMap((p, i) => {
    const s = run?.outcome.suppressions[i];
    if (!s || !run) return [];
    const at = p.report.at;
    const range = 'range' in at ? at.range : 'node' in at ? at.node.range : at;
    const r = run.file.lines.region(range);
    const rule = rules.find((x) => x.id === p.ruleId);
    const message = (rule?.messages[p.report.messageId] ?? '').replace(/\{(\w+)\}/g, (m, k: string) => p.data[k] ?? m);
    return [`${key(r.startLine, r.startColumn, r.endLine, r.endColumn, p.ruleId, message)} | ${s.justification}`];
  });
  expect([...bySelf, ...byEngine].sort()).toEqual(cliSuppressed);
  return cliSuppressed.length;
}
