// node scripts/new-rule.mjs <domain> <rule-id> [--dry-run] [--root <dir>]
//
// Scaffolds a rule the way CONTRIBUTING.md describes: rules/<domain>/<id>.ts (made with defineRule, a
// working policy visitor to replace), fixtures/<domain>/<id>/bad.json (with an `// expect:` marker) and
// good.json, a docs/rules/<id>.md stub (`npm run docs` writes the real page from the metadata), and the
// two lines in rules/index.ts. The fixture harness (test/rules.test.ts) passes on the scaffold as is,
// so you start from green and change the rule, its fixtures and its metadata together.
// --dry-run prints what it would write; --root writes into another checkout (test/docs.test.ts uses both).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function camel(id) {
  return id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

export function ruleSource(domain, id) {
  return `import { defineRule, known } from '../../src/index.js';

// Scaffolded by scripts/new-rule.mjs: replace every TODO, then run
// \`npx vitest run test/rules.test.ts -t ${id}\` and \`npm run docs\`.
export default defineRule({
  id: '${id}',
  meta: {
    summary: 'TODO: one line, what is wrong (the id says the problem, never the severity).',
    why: 'TODO: why it matters, with the AWS semantics behind it (cite the AWS documentation in references).',
    flagged: ['TODO: what is flagged.'],
    notFlagged: ['TODO: what is deliberately not flagged (unknown values never are).'],
    fix: 'TODO: how to fix it, ideally with a policy snippet.',
    level: 'warning',
    securitySeverity: 5.0,
    tags: ['${domain}'],
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html'],
    recommended: false,
    domain: '${domain}',
  },
  messages: {
    example: "This statement allows '{action}': TODO say what is wrong and what to do instead.",
  },
  visit: {
    policy(doc, ctx) {
      for (const statement of doc.statements) {
        if (statement.effect !== 'Allow') continue;
        for (const v of statement.action?.values ?? []) {
          // TODO: the condition this rule is about. known(v) is undefined for values iamlint cannot
          // know offline (a Ref, an import): those never produce findings.
          const action = known(v);
          if (action === 'example:DoNotUse') ctx.report({ messageId: 'example', at: v, data: { action } });
        }
      }
    },
  },
});
`;
}

const BAD = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "example:DoNotUse"], // expect: example
      "Resource": "*"
    }
  ]
}
`;

const GOOD = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" },
    { "Effect": "Deny", "Action": "example:DoNotUse", "Resource": "*" }
  ]
}
`;

function docStub(id) {
  return `# ${id}\n\nThis page is generated from the rule's metadata: run \`npm run docs\`.\n`;
}

/** rules/index.ts with the rule imported and listed before the engine's own rules (or at the end). */
export function register(index, domain, id) {
  const name = camel(id);
  const importLine = `import ${name} from './${domain}/${id}.js';`;
  if (index.includes(importLine)) return index;
  const lines = index.split('\n');
  let lastImport = -1;
  lines.forEach((l, i) => {
    if (l.startsWith('import ')) lastImport = i;
  });
  if (lastImport < 0) throw new Error('rules/index.ts has no import lines');
  lines.splice(lastImport + 1, 0, importLine);
  let at = lines.findIndex((l) => l.trim() === 'invalidInput,');
  if (at < 0) at = lines.findIndex((l) => l.startsWith(']'));
  if (at < 0) throw new Error('rules/index.ts: cannot find the rule list');
  lines.splice(at, 0, `  ${name},`);
  return lines.join('\n');
}

/** The files the scaffold writes, relative to the checkout: path → content. */
export function scaffold(root, domain, id) {
  if (!KEBAB.test(domain)) throw new Error(`domain '${domain}' must be kebab-case (like passrole, trust, launch)`);
  if (!KEBAB.test(id)) throw new Error(`rule id '${id}' must be kebab-case and describe the problem (like passrole-wildcard-resource)`);
  const rulePath = join('rules', domain, `${id}.ts`);
  if (existsSync(join(root, rulePath))) throw new Error(`${rulePath} already exists`);
  const index = readFileSync(join(root, 'rules', 'index.ts'), 'utf8');
  return new Map([
    [rulePath, ruleSource(domain, id)],
    [join('fixtures', domain, id, 'bad.json'), BAD],
    [join('fixtures', domain, id, 'good.json'), GOOD],
    [join('docs', 'rules', `${id}.md`), docStub(id)],
    [join('rules', 'index.ts'), register(index, domain, id)],
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dry = args.includes('--dry-run');
  const r = args.indexOf('--root');
  const root = r >= 0 ? resolve(args[r + 1] ?? '.') : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const positional = args.filter((a, i) => !a.startsWith('--') && (r < 0 || i !== r + 1));
  if (positional.length !== 2) {
    console.error('usage: node scripts/new-rule.mjs <domain> <rule-id> [--dry-run] [--root <dir>]');
    process.exit(2);
  }
  const [domain, id] = positional;
  let files;
  try {
    files = scaffold(root, domain, id);
  } catch (e) {
    console.error(`new-rule: ${e.message}`);
    process.exit(2);
  }
  for (const [rel, text] of files) {
    if (dry) {
      console.log(`would write ${rel} (${text.split('\n').length} lines)`);
      continue;
    }
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
    console.log(`wrote ${rel}`);
  }
  if (!dry) console.log(`next: edit rules/${domain}/${id}.ts and its fixtures, then npx vitest run test/rules.test.ts -t ${id} and npm run docs`);
}
