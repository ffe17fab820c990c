import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import type { Rule } from '../src/index.js';
import { FIXTURES, ROOT, fixtureDir, fixtureFiles, lintFixture, unsuppressed } from './fixture-harness.js';

/** One test that guards every rule: registered, named after its file, with fixtures that exercise every message. */

const RULES_DIR = join(ROOT, 'rules');
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function subdirs(dir: string): string[] {
  return readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory());
}

/** Every `rules/<domain>/<file>.ts`, as `<domain>/<file>`. */
function ruleFiles(): string[] {
  return subdirs(RULES_DIR).flatMap((d) =>
    readdirSync(join(RULES_DIR, d))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${d}/${basename(f, '.ts')}`),
  );
}

describe('rule registry', () => {
  it('has unique rule ids', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('registers every rule file, and only those', () => {
    const registered = rules.map((r) => `${r.meta.domain}/${r.id}`).sort();
    expect(registered).toEqual(ruleFiles().sort());
  });

  it('has a fixture folder for every rule and no orphan folders', () => {
    const folders = subdirs(FIXTURES).flatMap((d) => subdirs(join(FIXTURES, d)).map((r) => `${d}/${r}`));
    const ruleFolders = new Set(rules.map((r) => `${r.meta.domain}/${r.id}`));
    // Other fixture folders (loaders, SARIF, CLI) are not named like a domain/rule pair of a rule.
    const orphans = folders.filter((f) => !ruleFolders.has(f) && rules.some((r) => f.startsWith(`${r.meta.domain}/`)));
    expect(orphans).toEqual([]);
  });
});

describe.each(rules.map((r) => [r.id, r] as const))('%s', (id, rule: Rule) => {
  it('has a kebab-case id equal to its file name', async () => {
    expect(id).toMatch(KEBAB);
    const file = join(RULES_DIR, rule.meta.domain, `${id}.ts`);
    expect(existsSync(file), file).toBe(true);
    const mod = (await import(pathToFileURL(file).href)) as { default: Rule };
    expect(mod.default.id).toBe(id);
    expect(mod.default).toBe(rule);
  });

  it('has camelCase message ids, each with a message', () => {
    const ids = Object.keys(rule.messages);
    expect(ids.length).toBeGreaterThan(0);
    for (const m of ids) {
      expect(m).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(rule.messages[m]?.trim()).not.toBe('');
    }
  });

  it('has at least one bad and one good fixture', () => {
    expect(existsSync(fixtureDir(rule)), fixtureDir(rule)).toBe(true);
    const files = fixtureFiles(rule);
    expect(files.filter((f) => f.startsWith('bad')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('good')).length).toBeGreaterThan(0);
  });

  it('has every message id produced by a bad fixture', () => {
    const produced = new Set<string>();
    for (const file of fixtureFiles(rule).filter((f) => f.startsWith('bad'))) {
      for (const f of unsuppressed(lintFixture(rule, file).result.findings)) if (f.ruleId === id) produced.add(f.messageId);
    }
    expect([...produced].sort()).toEqual(Object.keys(rule.messages).sort());
  });
});
