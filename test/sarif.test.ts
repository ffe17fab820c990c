import { readFileSync } from 'node:fs';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { ruleDoc } from '../src/docs.js';
import { lintText, type FileResult, type LintOptions, type RunResult } from '../src/index.js';
import { json } from '../src/reporters/json.js';
import { fileUri, fullyQualifiedName, pascalCase, sarif } from '../src/reporters/sarif.js';
import { text } from '../src/reporters/text.js';
import { rules } from '../rules/index.js';
import { validateSarif } from './helpers/sarif-validate.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const options: LintOptions = {
  rules,
  levels: new Map(),
  ruleOptions: new Map(),
  settings: { ownAccounts: [], today: '2026-01-01' },
};

function read(path: string): string {
  return readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
}

function lintFixture(path: string): FileResult {
  return lintText(path, read(path), options);
}

function runOf(files: FileResult[], levels: RunResult['levels'] = new Map()): RunResult {
  return { files, rules, levels, tool: { name: 'iamlint', version: pkg.version, informationUri: 'https://github.com/iamlint/iamlint' } };
}

function sarifOf(run: RunResult): { log: Sarif.Log; text: string; run0: Sarif.Run } {
  const out = sarif(run);
  const log = JSON.parse(out) as Sarif.Log;
  const run0 = log.runs[0];
  if (!run0) throw new Error('no run');
  return { log, text: out, run0 };
}

const FIXTURES = ['fixtures/sarif/template.yaml', 'fixtures/sarif/policy.json', 'fixtures/sarif/broken.json'];

// Assembled at run time so that no credential-shaped literal sits in the repository (push protection).
const KEY_ID = ['AKIA', 'Q3EGUNBS', '5OVWP4LZ'].join('');
const SECRET = ['9dR7xQ2mK4', 'pL8vN3bT6y', 'H1jF5wC0zS', '7uE2aG4kMq'].join('');

describe('sarif reporter', () => {
  const fixtureRun = runOf(FIXTURES.map(lintFixture));
  const { log, run0 } = sarifOf(fixtureRun);
  const results = run0.results ?? [];
  const driverRules = run0.tool.driver.rules ?? [];

  it('is valid against the SARIF 2.1.0 schema', () => {
    expect(validateSarif(log)).toEqual([]);
  });

  it('the validator itself rejects bad logs', () => {
    expect(validateSarif({ version: '2.1.0' })).not.toEqual([]);
    const badUri = structuredClone(log);
    badUri.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri = 'dir with space/x.json';
    expect(validateSarif(badUri).join('\n')).toMatch(/format/);
  });

  it('matches the snapshot (version normalized, help bodies checked separately)', async () => {
    const normalized = structuredClone(log);
    const driver = normalized.runs[0]!.tool.driver;
    driver.version = '0.0.0-test';
    driver.semanticVersion = '0.0.0-test';
    for (const r of driver.rules ?? []) {
      // help.markdown is the rule page; test/docs.test.ts keeps docs/rules in step with it.
      expect(r.help?.markdown).toBe(ruleDoc(rules.find((x) => x.id === r.id)!));
      r.help = { text: '<generated from metadata>', markdown: `<docs/rules/${r.id}.md>` };
    }
    await expect(`${JSON.stringify(normalized, null, 2)}\n`).toMatchFileSnapshot('../fixtures/sarif/expected.sarif.json');
  });

  it('describes every rule, with GitHub properties', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(run0.tool.driver).toMatchObject({
      name: 'iamlint',
      version: pkg.version,
      semanticVersion: pkg.version,
      informationUri: 'https://github.com/iamlint/iamlint',
    });
    expect(driverRules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    for (const [i, d] of driverRules.entries()) {
      const rule = rules[i]!;
      expect(d.name).toBe(pascalCase(rule.id));
      expect(d.shortDescription?.text).toBe(rule.meta.summary);
      expect(d.fullDescription?.text).toBe(rule.meta.why);
      expect(d.helpUri).toBe(`https://github.com/iamlint/iamlint/blob/main/docs/rules/${rule.id}.md`);
      expect(d.defaultConfiguration).toEqual({ level: rule.meta.level });
      const tags = d.properties?.tags ?? [];
      expect(tags).toEqual([...rule.meta.tags]);
      expect(['high', 'medium']).toContain(d.properties?.['precision']);
      if (tags.includes('security')) expect(d.properties?.['security-severity']).toBe(rule.meta.securitySeverity.toFixed(1));
      else expect(d.properties?.['security-severity']).toBeUndefined();
    }
    expect(pascalCase('passrole-wildcard-resource')).toBe('PassroleWildcardResource');
    expect(driverRules.find((r) => r.id === 'passrole-wildcard-resource')?.properties?.['security-severity']).toBe('8.8');
  });

  it('reflects the effective level, and disabled rules', () => {
    const levels = new Map([
      ['passrole-missing-passed-to-service', 'error' as const],
      ['trust-oidc-unscoped', 'off' as const],
    ]);
    const d = sarifOf(runOf([], levels)).run0.tool.driver.rules ?? [];
    expect(d.find((r) => r.id === 'passrole-missing-passed-to-service')?.defaultConfiguration).toEqual({ level: 'error' });
    expect(d.find((r) => r.id === 'trust-oidc-unscoped')?.defaultConfiguration).toEqual({ enabled: false, level: 'error' });
  });

  it('points ruleIndex at the rule of the result', () => {
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.ruleIndex).toBeTypeOf('number');
      expect(driverRules[r.ruleIndex!]?.id).toBe(r.ruleId);
    }
  });

  it('gives exact regions, relative URIs and logical locations', () => {
    const at = (uri: string, ruleId: string) =>
      results.filter((r) => r.ruleId === ruleId && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === uri).map((r) => r.locations![0]!);
    const [policy] = at('fixtures/sarif/policy.json', 'passrole-wildcard-resource');
    expect(policy?.physicalLocation).toEqual({
      artifactLocation: { uri: 'fixtures/sarif/policy.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 19, endLine: 8, endColumn: 22 },
    });
    expect(policy?.logicalLocations).toEqual([{ fullyQualifiedName: 'Statement[0].Resource', kind: 'object' }]);
    const tmpl = at('fixtures/sarif/template.yaml', 'passrole-wildcard-resource');
    expect(tmpl.map((l) => l.physicalLocation?.region)).toEqual([
      { startLine: 23, startColumn: 27, endLine: 23, endColumn: 30 },
      { startLine: 33, startColumn: 28, endLine: 33, endColumn: 79 },
    ]);
    expect(tmpl.map((l) => l.logicalLocations?.[0]?.fullyQualifiedName)).toEqual([
      'Resources.AppRole.Properties.Policies[0].PolicyDocument.Statement[1].Resource',
      'Resources.DeployPolicy.Properties.PolicyDocument.Statement[0].Resource',
    ]);
    // Every region covers the text the message is about, in the file's own coordinates.
    const slice = (path: string, r: Sarif.Region) => {
      const line = read(path).split('\n')[r.startLine! - 1] ?? '';
      return line.slice(r.startColumn! - 1, r.endColumn! - 1);
    };
    expect(slice('fixtures/sarif/policy.json', policy!.physicalLocation!.region!)).toBe('"*"');
    expect(slice('fixtures/sarif/template.yaml', tmpl[0]!.physicalLocation!.region!)).toBe("'*'");
    expect(slice('fixtures/sarif/template.yaml', tmpl[1]!.physicalLocation!.region!)).toBe('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*');
    for (const r of results) expect(r.partialFingerprints?.['iamlint/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('marks suppressed findings with an accepted in-source suppression', () => {
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => [r.ruleId, r.locations?.[0]?.physicalLocation?.region?.startLine])).toEqual([['passrole-wildcard-resource', 33]]);
    expect(suppressed[0]?.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'the deploy pipeline passes every app role (reviewed in SEC-42)',
        location: { physicalLocation: { artifactLocation: { uri: 'fixtures/sarif/template.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 32 } } },
      },
    ]);
    expect(results.filter((r) => !r.suppressions && r.ruleId === 'passrole-wildcard-resource')).toHaveLength(2);
  });

  it('reports a broken file as a tool notification and an invalid-input result', () => {
    const notes = log.runs[0]!.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(log.runs[0]!.invocations?.[0]?.executionSuccessful).toBe(true);
    const broken = { uri: 'fixtures/sarif/broken.json', uriBaseId: '%SRCROOT%' };
    const region = { startLine: 4, startColumn: 51, endLine: 4, endColumn: 52 };
    expect(notes).toEqual([
      {
        level: 'error',
        message: { text: "Unexpected '\"', expected ',' or '}'." },
        locations: [{ physicalLocation: { artifactLocation: broken, region } }],
        associatedRule: { id: 'invalid-input', index: rules.findIndex((r) => r.id === 'invalid-input') },
      },
    ]);
    const invalid = results.filter((r) => r.ruleId === 'invalid-input');
    expect(invalid.map((r) => r.locations?.[0]?.physicalLocation)).toEqual([{ artifactLocation: broken, region }]);
    expect(invalid[0]?.level).toBe('error');
  });

  it('percent-encodes URIs and keeps them relative', () => {
    const policy = read('fixtures/sarif/policy.json');
    const { log: spaced, run0: r } = sarifOf(runOf([lintText('fixtures/sarif/dir with space/pol#1 %.json', policy, options)]));
    expect(validateSarif(spaced)).toEqual([]);
    expect(r.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({
      uri: 'fixtures/sarif/dir%20with%20space/pol%231%20%25.json',
      uriBaseId: '%SRCROOT%',
    });
    expect(fileUri('./a:b/ü.json')).toEqual({ uri: 'a%3Ab/%C3%BC.json', absolute: false });
    expect(fileUri('/abs/x y.json')).toEqual({ uri: 'file:///abs/x%20y.json', absolute: true });
    expect(fileUri('C:/repo/x.json')).toEqual({ uri: 'file:///C:/repo/x.json', absolute: true });
  });

  it('builds fully qualified logical names', () => {
    expect(fullyQualifiedName({ resource: 'AppRole', path: 'Properties.Policies[0].PolicyDocument.Statement[1]' })).toBe(
      'Resources.AppRole.Properties.Policies[0].PolicyDocument.Statement[1]',
    );
    expect(fullyQualifiedName({ resource: 'Secret', path: 'Outputs.Secret.Value' })).toBe('Outputs.Secret.Value');
    expect(fullyQualifiedName({ resource: 'AppRole', path: undefined })).toBe('Resources.AppRole');
    expect(fullyQualifiedName({ resource: undefined, path: 'Statement[0]' })).toBe('Statement[0]');
    expect(fullyQualifiedName({ resource: undefined, path: undefined })).toBeUndefined();
  });

  it('never prints a full secret, in any report', () => {
    const source = ['credentials:', `  aws_access_key_id: ${KEY_ID}`, `  aws_secret_access_key: ${SECRET}`, ''].join('\n');
    const run = runOf([lintText('fixtures/sarif/credentials.yaml', source, options)]);
    const found = run.files[0]!.findings.filter((f) => f.ruleId === 'hardcoded-credentials');
    expect(found.map((f) => f.region)).toEqual([
      { startLine: 2, startColumn: 22, endLine: 2, endColumn: 42 },
      { startLine: 3, startColumn: 26, endLine: 3, endColumn: 66 },
    ]);
    const { log: credLog, text: out } = sarifOf(run);
    expect(validateSarif(credLog)).toEqual([]);
    for (const report of [out, json(run), text(run, { color: false }), text(run, { color: true })]) {
      expect(report).not.toContain(KEY_ID);
      // No 8-character run of the secret past its first four characters (the masked form keeps those).
      for (let i = 4; i + 8 <= SECRET.length; i++) expect(report).not.toContain(SECRET.slice(i, i + 8));
    }
  });
});
