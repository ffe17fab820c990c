// Writes docs/rules/<id>.md for every rule and the rule table in README.md, from rule metadata; the
// rule ids and tags in schema/iamlintrc.schema.json (so editors complete them); and the README's
// configuration reference from that schema. It imports the compiled
// code, so `npm run docs` builds first. test/docs.test.ts and test/readme.test.ts fail when the
// committed files differ from what this writes.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { README_END, README_START, replaceRulesSection, ruleDoc, ruleDocPath } from '../dist/src/docs.js';
import { rules } from '../dist/rules/index.js';
import { CONFIG_END, CONFIG_START, replaceConfigSection } from '../dist/src/config-docs.js';
import { withRuleIds } from '../dist/src/engine/config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docsDir = join(root, 'docs', 'rules');
mkdirSync(docsDir, { recursive: true });

const wanted = new Set();
for (const rule of rules) {
  const rel = ruleDocPath(rule.id);
  wanted.add(rel.split('/').pop());
  writeFileSync(join(root, rel), ruleDoc(rule));
}
for (const name of readdirSync(docsDir)) {
  if (name.endsWith('.md') && !wanted.has(name)) {
    rmSync(join(docsDir, name));
    console.log(`removed docs/rules/${name} (no such rule)`);
  }
}

const readmePath = join(root, 'README.md');
const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : `# iamlint\n\n${README_START}\n${README_END}\n`;
const updated = replaceRulesSection(readme, rules);
if (updated === undefined) {
  console.error(`README.md has no ${README_START} … ${README_END} section; add the markers where the rule table belongs.`);
  process.exit(1);
}
const schemaPath = join(root, 'schema', 'iamlintrc.schema.json');
const schema = withRuleIds(JSON.parse(readFileSync(schemaPath, 'utf8')), rules);
// Formatted as `npm run format` would, so the format check stays green after a regeneration.
const prettier = await import('prettier');
const prettierOptions = { ...(await prettier.resolveConfig(schemaPath)), filepath: schemaPath };
writeFileSync(schemaPath, await prettier.format(JSON.stringify(schema, null, 2), prettierOptions));
const withConfig = replaceConfigSection(updated, schema);
if (withConfig === undefined) {
  console.error(`README.md has no ${CONFIG_START} … ${CONFIG_END} section; add the markers where the configuration reference belongs.`);
  process.exit(1);
}
writeFileSync(readmePath, withConfig);
console.log(`wrote ${rules.length} rule pages, the rule ids in the schema, the README rule table and the configuration reference`);
