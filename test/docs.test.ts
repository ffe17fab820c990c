import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { README_END, README_START, replaceRulesSection, ruleDoc, ruleDocPath, rulesTable } from '../src/docs.js';
import { sarif } from '../src/reporters/sarif.js';
import { rules } from '../rules/index.js';

const root = new URL('../', import.meta.url);
const read = (rel: string) => readFileSync(new URL(rel, root), 'utf8');
const STALE = 'stale: run `npm run build && npm run docs` and commit the result';

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
