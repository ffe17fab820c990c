import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { main } from '../src/cli.js';
import { ConfigError, expandRuleLevels, levelsForFile, parseRuleOverrides, pathMatches, withRuleIds } from '../src/engine/config.js';
import { readConfig } from '../src/node/config-file.js';

const root = resolve(__dirname, '..');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'iamlintrc.schema.json'), 'utf8')) as object;

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function run(argv: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (s) => (out += s), stderr: (s) => (err += s), readStdin: async () => '', color: false, today: '2026-11-23' });
  return { code, out, err };
}

const WILDCARD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }, null, 2);
const HOP =
  'Resources:\n  LT:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        MetadataOptions:\n          HttpTokens: optional\n          HttpPutResponseHopLimit: 5\n';

describe('path globs of overrides', () => {
  it('matches ** across directories, * and ? within a name, bare names at any depth', () => {
    const cases: [string, string, boolean][] = [
      ['**/*.json', 'a.json', true],
      ['**/*.json', 'a/b/c.json', true],
      ['*.json', 'a/b/c.json', true],
      ['*.json', 'a/b/c.yaml', false],
      ['test/**', 'test/x/y.json', true],
      ['test/', 'test/x/y.json', true],
      ['test/*.json', 'test/x/y.json', false],
      ['test/*.json', 'test/y.json', true],
      ['./infra/**/prod-?.yaml', 'infra/eu/prod-1.yaml', true],
      ['./infra/**/prod-?.yaml', 'infra/prod-12.yaml', false],
      ['infra/**/x/**/y.json', 'infra/a/x/b/x/c/y.json', true],
      ['infra/**/x/**/y.json', 'infra/a/b/y.json', false],
      ['/cdk.out/**', 'cdk.out/a.template.json', true],
    ];
    for (const [p, v, want] of cases) expect(pathMatches(p, v), `${p} ~ ${v}`).toBe(want);
  });

  it('stays fast on patterns that make backtracking matchers explode (work grows polynomially)', () => {
    // A RegExp built from this glob (a*)*… backtracks exponentially; the segment matcher does not.
    const pattern = `${'**/a*'.repeat(30)}/b`;
    const path = Array.from({ length: 40 }, () => 'aaaaaaaaaaaaaaaaaaaa').join('/');
    expect(pathMatches(pattern, path)).toBe(false);
  });
});

describe('rule levels', () => {
  it('selects rules by tag; a rule named explicitly wins over its tag whatever the order', () => {
    const m = expandRuleLevels(
      [
        ['imds-hop-limit', 'error'],
        ['tag:imds', 'off'],
      ],
      rules,
      'test',
    );
    expect(m.get('imdsv2-not-required')).toBe('off');
    expect(m.get('imds-hop-limit')).toBe('error');
    expect(m.has('passrole-wildcard-resource')).toBe(false);
    expect(() => expandRuleLevels([['tag:nope', 'off']], rules, 'test')).toThrow(/no rule has the tag 'nope'/);
  });

  it('--rule tag:<tag>=level, the later option winning', () => {
    const m = parseRuleOverrides(['tag:imds=off', 'imds-hop-limit=note'], rules);
    expect([...m].filter(([, l]) => l === 'off').map(([id]) => id)).toEqual(expect.arrayContaining(['imdsv2-not-required']));
    expect(m.get('imds-hop-limit')).toBe('note');
    expect(parseRuleOverrides(['imds-hop-limit=note', 'tag:imds=off'], rules).get('imds-hop-limit')).toBe('off');
    expect(() => parseRuleOverrides(['tag:=off'], rules)).toThrow(ConfigError);
  });

  it('applies overrides in order, excludedFiles, and the command line last', () => {
    const config = {
      rules: { 'passrole-wildcard-resource': 'warning' as const },
      overrides: [
        { files: ['test/**'], rules: { 'passrole-wildcard-resource': 'off' as const } },
        { files: ['test/keep/**'], excludedFiles: ['**/*.yaml'], rules: { 'passrole-wildcard-resource': 'error' as const } },
      ],
    };
    const cli = new Map([['hardcoded-credentials', 'off' as const]]);
    expect(levelsForFile(config, 'src/a.json', new Map()).get('passrole-wildcard-resource')).toBe('warning');
    expect(levelsForFile(config, 'test/a.json', new Map()).get('passrole-wildcard-resource')).toBe('off');
    expect(levelsForFile(config, 'test/keep/a.json', new Map()).get('passrole-wildcard-resource')).toBe('error');
    expect(levelsForFile(config, 'test/keep/a.yaml', new Map()).get('passrole-wildcard-resource')).toBe('off');
    expect(levelsForFile(config, '../test/a.json', new Map()).get('passrole-wildcard-resource')).toBe('warning');
    expect(levelsForFile(config, 'test/a.json', cli).get('hardcoded-credentials')).toBe('off');
  });
});

describe('configuration files', () => {
  it('rejects __proto__ and constructor keys with their position, instead of losing them', async () => {
    for (const key of ['__proto__', 'constructor']) {
      const dir = tmp({ '.iamlintrc.json': `{\n  "rules": {\n    "${key}": { "passrole-wildcard-resource": "off" }\n  }\n}\n` });
      await expect(readConfig(join(dir, '.iamlintrc.json'), rules)).rejects.toThrow(`.iamlintrc.json:3:5: '${key}' is not allowed as a key in a configuration`);
    }
    const yaml = tmp({ '.iamlintrc.yaml': 'overrides:\n  - files: ["a"]\n    rules:\n      __proto__: {}\n' });
    await expect(readConfig(join(yaml, '.iamlintrc.yaml'), rules)).rejects.toThrow("'__proto__' is not allowed");
  });

  it('rejects unknown rule ids and unknown tags, in rules and overrides, and unsupported glob syntax', async () => {
    const bad = async (cfg: object) => {
      const dir = tmp({ '.iamlintrc.json': JSON.stringify(cfg) });
      return readConfig(join(dir, '.iamlintrc.json'), rules).then(
        () => '',
        (e: Error) => e.message,
      );
    };
    expect(await bad({ rules: { 'no-such-rule': 'off' } })).toContain("'no-such-rule' is not a rule id or tag:<tag>");
    expect(await bad({ overrides: [{ files: ['a'], rules: { 'tag:nope': 'off' } }] })).toContain("'tag:nope' is not a rule id or tag:<tag>");
    expect(await bad({ overrides: [{ files: ['{a,b}/*.json'], rules: {} }] })).toContain("only '**', '*' and '?' are supported");
    expect(await bad({ overrides: [{ rules: {} }] })).toContain("must have required property 'files'");
  });

  it('validates path + rule suppressions: known rules, a reason, a date', async () => {
    const bad = async (cfg: object) => {
      const dir = tmp({ '.iamlintrc.json': JSON.stringify(cfg) });
      return readConfig(join(dir, '.iamlintrc.json'), rules).then(
        () => '',
        (e: Error) => e.message,
      );
    };
    expect(await bad({ suppress: [{ files: ['a.json'], rules: ['passrole-wildcard-resource'], reason: 'ok', until: '2027-03-01' }] })).toBe('');
    expect(await bad({ suppress: [{ files: ['a.json'], rules: ['nope'], reason: 'ok' }] })).toContain("suppress[0].rules: unknown rule 'nope'");
    expect(await bad({ suppress: [{ files: ['a.json'], rules: ['passrole-wildcard-resource'] }] })).toContain("must have required property 'reason'");
    expect(await bad({ suppress: [{ files: ['a.json'], rules: ['passrole-wildcard-resource'], reason: 'ok', until: 'soon' }] })).toContain('suppress.0.until');
  });

  it('ships a schema that enumerates every rule id and tag (regenerated by npm run docs)', () => {
    expect(schema, 'schema/iamlintrc.schema.json is stale: run `npm run docs`').toEqual(withRuleIds(schema, rules));
    const props = (schema as { properties: { rules: { properties: object; propertyNames: { enum: string[] } } } }).properties.rules;
    expect(Object.keys(props.properties)).toEqual(expect.arrayContaining(rules.map((r) => r.id)));
    expect(props.propertyNames.enum).toEqual(expect.arrayContaining(['tag:imds', ...rules.map((r) => r.id)]));
    expect(props.propertyNames.enum).not.toContain('__proto__');
  });
});

describe('overrides and tags through the CLI', () => {
  it('turns a rule off under a path only, and tags off from the config', async () => {
    const dir = tmp({
      '.iamlintrc.yaml': 'rules:\n  tag:imds: off\noverrides:\n  - files: ["test/**"]\n    rules:\n      passrole-wildcard-resource: off\n',
      'src/p.json': WILDCARD,
      'test/p.json': WILDCARD,
      'src/lt.yaml': HOP,
    });
    const r = await run(['--format', 'json', '.'], dir);
    // The rules this test is about (rules added later may find more in these files).
    const about = new Set(['passrole-wildcard-resource', 'passrole-missing-passed-to-service', 'imds-hop-limit', 'imdsv2-not-required']);
    const found = (JSON.parse(r.out) as { findings: { file: string; ruleId: string }[] }).findings
      .filter((f) => about.has(f.ruleId))
      .map((f) => `${f.file} ${f.ruleId}`);
    // test/ keeps every other rule; the launch template's IMDS findings are off everywhere (tag:imds).
    expect(found.sort()).toEqual([
      'src/p.json passrole-missing-passed-to-service',
      'src/p.json passrole-wildcard-resource',
      'test/p.json passrole-missing-passed-to-service',
    ]);
    const cli = await run(['--format', 'json', '--rule', 'tag:imds=error', 'src/lt.yaml'], dir);
    expect(
      (JSON.parse(cli.out) as { findings: { ruleId: string }[] }).findings
        .map((f) => f.ruleId)
        .filter((id) => about.has(id))
        .sort(),
    ).toEqual(['imds-hop-limit', 'imdsv2-not-required']);
  });

  it('suppresses findings in policy JSON by path and rule, with the reason, from the config', async () => {
    const dir = tmp({
      '.iamlintrc.json': JSON.stringify({
        suppress: [
          { files: ['policies/deploy-pipeline.json'], rules: ['passrole-wildcard-resource'], reason: 'the pipeline role deploys every app role (SEC-42)' },
        ],
      }),
      'policies/deploy-pipeline.json': WILDCARD,
      'policies/other.json': WILDCARD,
    });
    const r = await run(['--format', 'json', 'policies'], dir);
    const found = (JSON.parse(r.out) as { findings: { file: string; ruleId: string; suppressed: boolean; justification: string | null }[] }).findings
      .filter((f) => f.ruleId === 'passrole-wildcard-resource')
      .map((f) => [f.file, f.suppressed, f.justification]);
    expect(found).toEqual([
      ['policies/deploy-pipeline.json', true, 'the pipeline role deploys every app role (SEC-42)'],
      ['policies/other.json', false, null],
    ]);
  });

  it('--print-config shows the levels that apply to one file', async () => {
    const dir = tmp({
      '.iamlintrc.json': JSON.stringify({
        ownAccounts: ['111122223333'],
        ignorePatterns: ['vendor/'],
        overrides: [{ files: ['test/**'], rules: { 'tag:passrole': 'off' } }],
      }),
    });
    const r = await run(['--print-config', 'test/x.json'], dir);
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.out) as { file: string; configFile: string; ignored: boolean; rules: Record<string, string>; ownAccounts: string[] };
    expect(cfg.ignored).toBe(false);
    expect((JSON.parse((await run(['--print-config', 'vendor/x.json'], dir)).out) as { ignored: boolean }).ignored).toBe(true);
    expect(cfg.file).toBe('test/x.json');
    expect(cfg.configFile).toBe('.iamlintrc.json');
    expect(cfg.ownAccounts).toEqual(['111122223333']);
    expect(cfg.rules['passrole-wildcard-resource']).toBe('off');
    expect(cfg.rules['trust-wildcard-principal']).toBe('error');
    expect(Object.keys(cfg.rules).sort()).toEqual(rules.map((x) => x.id).sort());
    const other = JSON.parse((await run(['--print-config', 'src/x.json', '--rule', 'trust-wildcard-principal=note'], dir)).out) as {
      rules: Record<string, string>;
    };
    expect(other.rules['passrole-wildcard-resource']).toBe('error');
    expect(other.rules['trust-wildcard-principal']).toBe('note');
    const bad = tmp({ '.iamlintrc.json': '{"rules": {"nope": "off"}}' });
    expect((await run(['--print-config', 'a.json'], bad)).code).toBe(2);
  });
});
