// node scripts/launch-report.mjs [dir] [--findings out.txt]: after `npm run build`, counts on a corpus
// (default ../shared/corpus) the EC2 launch settings iamlint reads (instances, launch templates, launch
// configurations, Spot Fleet launch specifications, launch-template data files, instance profiles) and
// the findings of the launch rules and of hardcoded-credentials in user data, per rule and message.
// With --findings, every such finding is written one per line (file:line:col level rule/message text),
// for reading a sample by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const out = args.includes('--findings') ? args[args.indexOf('--findings') + 1] : undefined;
const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--findings') ?? join(root, '..', 'shared', 'corpus'));

const { discover } = await import(join(root, 'dist/src/node/discover.js'));
const { loadText } = await import(join(root, 'dist/src/loaders/load.js'));
const { lintText } = await import(join(root, 'dist/src/engine/run.js'));
const { rules } = await import(join(root, 'dist/rules/index.js'));

const LAUNCH_RULES = new Set(rules.filter((r) => r.meta.domain === 'launch').map((r) => r.id));
const opts = { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-11-23' } };
const counts = { files: 0, templates: 0, launchTemplateDataFiles: 0, filesWithLaunchSettings: 0, userData: 0, instanceProfiles: 0 };
const kinds = {};
const perRule = {};
const lines = [];

for (const abs of discover([dir], dir, [], dir).files) {
  const rel = relative(dir, abs);
  const text = readFileSync(abs, 'utf8');
  counts.files++;
  const loaded = loadText(rel, text);
  if (loaded.status !== 'parsed') continue;
  const launch = loaded.file.launch;
  if (loaded.kind === 'template') counts.templates++;
  if (loaded.kind === 'launch-template-data') counts.launchTemplateDataFiles++;
  if (launch.specs.length) counts.filesWithLaunchSettings++;
  counts.instanceProfiles += launch.profiles.length;
  for (const s of launch.specs) {
    kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
    if (s.userData) counts.userData++;
  }
  if (!launch.specs.length && !launch.profiles.length) continue;
  const result = lintText(rel, text, opts);
  for (const f of result.findings) {
    const userData = f.ruleId === 'hardcoded-credentials' && (f.messageId === 'userData' || /UserData/.test(f.logical.path ?? ''));
    if (!LAUNCH_RULES.has(f.ruleId) && !userData) continue;
    const key = `${f.ruleId}${userData ? ' (user data)' : ''}`;
    perRule[key] ??= { total: 0, files: new Set(), messages: {} };
    perRule[key].total++;
    perRule[key].files.add(rel);
    perRule[key].messages[f.messageId] = (perRule[key].messages[f.messageId] ?? 0) + 1;
    lines.push(`${rel}:${f.region.startLine}:${f.region.startColumn} ${f.level} ${f.ruleId}/${f.messageId} ${f.message}`);
  }
}

console.log(`corpus: ${dir}`);
console.log(
  `files: ${counts.files}, templates: ${counts.templates}, launch-template data files: ${counts.launchTemplateDataFiles}, files with launch settings: ${counts.filesWithLaunchSettings}`,
);
console.log(`launch settings by kind: ${JSON.stringify(kinds)}; with user data: ${counts.userData}; instance profiles: ${counts.instanceProfiles}`);
console.log('findings:');
for (const [rule, v] of Object.entries(perRule).sort()) console.log(`  ${rule}: ${v.total} in ${v.files.size} files ${JSON.stringify(v.messages)}`);
if (out) {
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(`${lines.length} findings written to ${out}`);
}
