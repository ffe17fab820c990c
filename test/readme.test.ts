import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_END, CONFIG_START, configReference, replaceConfigSection } from '../src/config-docs.js';
import { README_START, replaceRulesSection } from '../src/docs.js';
import { rules } from '../rules/index.js';
import { lintText } from '../src/engine/run.js';
import { readConfig } from '../src/node/config-file.js';

const root = resolve(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'iamlintrc.schema.json'), 'utf8')) as object;
const STALE = 'stale: run `npm run docs` and commit README.md';

/** Fenced code blocks of one language, in order. */
function blocks(lang: string): string[] {
  return [...readme.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1] ?? '');
}

interface ReadmeCommand {
  readonly line: string;
  readonly command: string;
  readonly expected: number;
}

/**
 * The iamlint commands of the README's `sh` blocks, with the exit status their comment announces
 * (`# exit status 1: …`; none means 0). Other commands (npm ci, npm test) are not run here: they
 * need the network or are this very test run.
 */
function readmeCommands(): ReadmeCommand[] {
  const out: ReadmeCommand[] = [];
  for (const block of blocks('sh')) {
    for (const line of block.split('\n')) {
      const hash = line.search(/\s#\s/);
      const code = (hash < 0 ? line : line.slice(0, hash)).trim();
      const comment = hash < 0 ? '' : line.slice(hash);
      const expected = Number(/exit status (\d)/.exec(comment)?.[1] ?? 0);
      for (const segment of code.split('&&').map((s) => s.trim())) {
        if (segment.startsWith('npx iamlint')) out.push({ line: line.trim(), command: segment, expected });
      }
    }
  }
  return out;
}

describe('README', () => {
  it('has a current configuration reference, generated from the schema', () => {
    expect(readme).toContain(CONFIG_START);
    expect(readme).toContain(CONFIG_END);
    expect(replaceConfigSection(readme, schema), `the configuration reference is ${STALE}`).toBe(readme);
    expect(readme).toContain(configReference(schema));
    for (const key of Object.keys((schema as { properties: object }).properties)) expect(readme).toContain(`| \`${key}\` |`);
  });

  it('has a current rule table', () => {
    expect(readme).toContain(README_START);
    expect(replaceRulesSection(readme, rules), `the rule table is ${STALE}`).toBe(readme);
  });

  const commands = readmeCommands();

  it('shows the quick start and the CLI examples', () => {
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(['npx iamlint fixtures/demo', 'npx iamlint --list-rules', 'npx iamlint --baseline .iamlint-baseline.json fixtures/demo']),
    );
    expect(commands.length).toBeGreaterThanOrEqual(10);
  });

  it('every iamlint command in it runs offline with the exit status it announces', () => {
    // A scratch copy of the demo, so commands that write files (-o, --write-baseline) leave the repository alone.
    const dir = mkdtempSync(join(tmpdir(), 'iamlint-readme-'));
    cpSync(join(root, 'fixtures', 'demo'), join(dir, 'fixtures', 'demo'), { recursive: true });
    const bin = join(root, 'bin', 'iamlint.cjs');
    const ran: [string, number | null][] = [];
    for (const c of commands) {
      const r = spawnSync('bash', ['-c', c.command.replace(/^npx iamlint/, `node '${bin}'`)], { cwd: dir, encoding: 'utf8' });
      ran.push([c.line, r.status]);
      expect(r.stderr, c.line).not.toContain('internal error');
    }
    expect(ran).toEqual(commands.map((c) => [c.line, c.expected]));
  });

  it('every other command in its sh blocks is one this repository has and a test exercises', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
    // What proves each command true: the CI gate runs npm ci/test, test/install.test.ts clones (a git
    // copy), packs and installs from the tarball and the directory, test/docs.test.ts runs the scaffold.
    const known = new Set([
      'npm ci',
      'npm test',
      'git clone https://github.com/iamlint/iamlint',
      'cd iamlint',
      'npm pack',
      `npm install --save-dev ../iamlint/iamlint-${pkg.version}.tgz`,
      'npm install --save-dev ../iamlint',
      'node scripts/new-rule.mjs trust trust-example',
    ]);
    const others: string[] = [];
    for (const block of blocks('sh')) {
      for (const line of block.split('\n')) {
        const hash = line.search(/\s#\s/);
        const code = (hash < 0 ? line : line.slice(0, hash)).trim();
        for (const segment of code.split('&&').map((x) => x.trim())) if (segment && !segment.startsWith('npx iamlint')) others.push(segment);
      }
    }
    for (const c of others) {
      const script = /^npm run ([\w:-]+)/.exec(c)?.[1];
      if (script) expect(Object.keys(pkg.scripts), c).toContain(script);
      else expect([...known], c).toContain(c);
    }
    expect(others).toEqual(expect.arrayContaining(['npm ci', 'npm test', 'npm pack', 'npm run test:e2e']));
    // The quick start: two commands, one installing and running on the demo, one running the tests.
    expect(
      blocks('sh')[0]
        ?.trim()
        .split('\n')
        .map((l) => l.replace(/\s+#.*$/, '')),
    ).toEqual(['npm ci && npx iamlint fixtures/demo', 'npm test']);
  });

  it('its configuration examples are valid configurations', async () => {
    const configs = blocks('json').filter((b) => b.includes('"ownAccounts"') || b.includes('"overrides"') || b.includes('"suppress"'));
    expect(configs.length).toBeGreaterThanOrEqual(2);
    expect(configs.length).toBeGreaterThan(0);
    for (const text of configs) {
      const dir = mkdtempSync(join(tmpdir(), 'iamlint-readme-config-'));
      writeFileSync(join(dir, '.iamlintrc.json'), text);
      await expect(readConfig(join(dir, '.iamlintrc.json'), rules)).resolves.toBeDefined();
    }
  });

  it('its suppression examples suppress what they name, and nothing is left unused', () => {
    const examples = blocks('yaml').filter((b) => b.includes('iamlint-disable-next-line'));
    expect(examples.length).toBeGreaterThan(0);
    for (const text of examples) {
      const named = /iamlint-disable-next-line ([a-z0-9-]+)/.exec(text)?.[1];
      const r = lintText('readme-example.yaml', text, { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-11-23' } });
      const of = r.findings.filter((f) => f.ruleId === named);
      expect(of.length, `the example must produce a ${named} finding to suppress`).toBeGreaterThan(0);
      expect(
        of.every((f) => f.suppression?.kind === 'inSource'),
        text,
      ).toBe(true);
      expect(r.findings.filter((f) => f.ruleId === 'invalid-suppression')).toEqual([]);
    }
    // Policy JSON as IAM deploys it takes no comments: the README must not suggest writing them there.
    expect(readme).not.toMatch(/in JSON files\s+with\s+`\/\/`/);
  });

  it('its workflow uses the action’s real inputs and outputs and grants what upload-sarif needs', () => {
    const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    const workflowText = blocks('yaml').find((b) => b.includes('uses: iamlint/iamlint@'));
    expect(workflowText).toBeDefined();
    const workflow = parseYaml(workflowText!) as {
      jobs: Record<string, { permissions: Record<string, string>; steps: { id?: string; uses?: string; with?: Record<string, unknown>; if?: string }[] }>;
    };
    const job = Object.values(workflow.jobs)[0]!;
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    const uses = job.steps.map((s) => s.uses);
    expect(uses[0]).toMatch(/^actions\/checkout@v\d+$/);
    const step = job.steps.find((s) => s.uses?.startsWith('iamlint/iamlint@'))!;
    for (const k of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), k).toContain(k);
    const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.['sarif_file']).toBe(`\${{ steps.${step.id}.outputs.sarif-file }}`);
    expect(Object.keys(action.outputs)).toContain('sarif-file');
    expect(upload.if).toContain('!cancelled()');
    // The README's input table lists exactly the action's inputs.
    const table = readme.slice(readme.indexOf('| input | default | meaning |'));
    const listed = [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('its pre-commit configuration names a hook this repository defines', () => {
    const config = blocks('yaml').find((b) => b.includes('repos:'));
    const parsed = parseYaml(config!) as { repos: { repo: string; hooks: { id: string }[] }[] };
    const defined = (parseYaml(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[]).map((h) => h.id);
    expect(parsed.repos[0]?.repo).toBe('https://github.com/iamlint/iamlint');
    for (const h of parsed.repos[0]?.hooks ?? []) expect(defined).toContain(h.id);
  });
});
