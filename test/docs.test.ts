import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { lintText, type LintOptions, type Rule } from '../src/index.js';
import { expectations } from './fixture-harness.js';
import { README_END, README_START, replaceRulesSection, ruleDoc, ruleDocPath, rulesTable } from '../src/docs.js';
import { sarif } from '../src/reporters/sarif.js';
import { rules } from '../rules/index.js';

const root = new URL('../', import.meta.url);
const read = (rel: string) => readFileSync(new URL(rel, root), 'utf8');
const STALE = 'stale: run `npm run docs` and commit the result';

describe('generated docs', () => {
  it.each(rules.map((r) => [r.id, r] as const))('docs/rules/%s.md is current', (id, rule) => {
    const rel = ruleDocPath(id);
    expect(existsSync(new URL(rel, root)), `${rel} is missing; ${STALE}`).toBe(true);
    expect(read(rel), `${rel} is ${STALE}`).toBe(ruleDoc(rule));
  });

  it('docs/rules has no page for a rule that does not exist', () => {
    const pages = readdirSync(new URL('docs/rules/', root)).filter((n) => n.endsWith('.md'));
    expect(pages.sort()).toEqual(rules.map((r) => `${r.id}.md`).sort());
  });

  it('the README rule table is current', () => {
    const readme = read('README.md');
    expect(readme).toContain(README_START);
    expect(readme).toContain(README_END);
    expect(replaceRulesSection(readme, rules), `README.md rule table is ${STALE}`).toBe(readme);
    // The section holds the table the generator writes, not something else between the markers.
    expect(readme).toContain(rulesTable(rules).trimEnd());
  });

  it('every rule page starts with the rule id and has every section', () => {
    for (const r of rules) {
      const doc = ruleDoc(r);
      expect(doc.startsWith(`# ${r.id}\n`)).toBe(true);
      for (const h of ['Why', 'What is flagged', 'What is not flagged', 'How to fix', 'Messages', 'References']) expect(doc).toContain(`\n## ${h}\n`);
      for (const m of Object.keys(r.messages)) expect(doc).toContain(`- \`${m}\`: `);
    }
  });

  it('every SARIF helpUri names a page that exists in this repository', () => {
    const log = JSON.parse(
      sarif({ files: [], rules, levels: new Map(), tool: { name: 'iamlint', version: '0.0.0', informationUri: 'https://github.com/iamlint/iamlint' } }),
    ) as Sarif.Log;
    const descriptors = log.runs[0]?.tool.driver.rules ?? [];
    expect(descriptors).toHaveLength(rules.length);
    const prefix = 'https://github.com/iamlint/iamlint/blob/main/';
    for (const d of descriptors) {
      expect(d.helpUri?.startsWith(prefix), d.helpUri).toBe(true);
      const rel = d.helpUri!.slice(prefix.length);
      expect(rel).toBe(ruleDocPath(d.id));
      expect(existsSync(new URL(rel, root)), `${rel} (helpUri of ${d.id}) does not exist`).toBe(true);
    }
  });
});

describe('scripts/new-rule.mjs (the scaffold CONTRIBUTING.md describes)', () => {
  const repo = fileURLToPath(root);
  const script = join(repo, 'scripts', 'new-rule.mjs');

  it('--dry-run lists the files and writes nothing', () => {
    const r = spawnSync(process.execPath, [script, 'trust', 'trust-scaffold-example', '--dry-run'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(/ \(\d+ lines\)$/, '')),
    ).toEqual([
      'would write rules/trust/trust-scaffold-example.ts',
      'would write fixtures/trust/trust-scaffold-example/bad.json',
      'would write fixtures/trust/trust-scaffold-example/good.json',
      'would write docs/rules/trust-scaffold-example.md',
      'would write rules/index.ts',
    ]);
    expect(existsSync(join(repo, 'rules', 'trust', 'trust-scaffold-example.ts'))).toBe(false);
  });

  it('refuses ids that are not kebab-case and rules that exist', () => {
    expect(spawnSync(process.execPath, [script, 'trust', 'Bad_Id', '--dry-run'], { encoding: 'utf8' }).status).toBe(2);
    const taken = spawnSync(process.execPath, [script, 'passrole', 'passrole-wildcard-resource', '--dry-run'], { encoding: 'utf8' });
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain('already exists');
  });

  it('writes a rule that loads, is registered, and passes its own fixtures, into a scratch copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlint-new-rule-'));
    cpSync(join(repo, 'rules'), join(dir, 'rules'), { recursive: true });
    symlinkSync(join(repo, 'src'), join(dir, 'src'));
    const r = spawnSync(process.execPath, [script, 'example', 'example-do-not-use', '--root', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const index = readFileSync(join(dir, 'rules', 'index.ts'), 'utf8');
    expect(index).toContain("import exampleDoNotUse from './example/example-do-not-use.js';");
    expect(index).toMatch(/\n {2}exampleDoNotUse,\n/);
    expect(readFileSync(join(dir, 'docs', 'rules', 'example-do-not-use.md'), 'utf8')).toContain('# example-do-not-use');
    const rule = ((await import(pathToFileURL(join(dir, 'rules', 'example', 'example-do-not-use.ts')).href)) as { default: Rule }).default;
    expect(rule.id).toBe('example-do-not-use');
    expect(rule.meta.domain).toBe('example');
    const opts: LintOptions = { rules: [rule], levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-01-01' } };
    for (const name of ['bad.json', 'good.json']) {
      const path = join(dir, 'fixtures', 'example', 'example-do-not-use', name);
      const bytes = readFileSync(path);
      const found = lintText(name, bytes.toString('utf8'), opts).findings.map((f) => `${String(f.region.startLine).padStart(4, ' ')} ${f.messageId}`);
      expect(found.sort(), name).toEqual(expectations(path, bytes));
    }
    expect(
      expectations(
        join(dir, 'fixtures', 'example', 'example-do-not-use', 'bad.json'),
        readFileSync(join(dir, 'fixtures', 'example', 'example-do-not-use', 'bad.json')),
      ),
    ).toEqual(['   6 example']);
  });
});
