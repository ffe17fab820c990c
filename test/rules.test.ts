import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { actual, expectations, findingsSnapshot, fixtureFiles, lintFixture, ROOT, rulesFor, snapshotPath } from './fixture-harness.js';

/**
 * The fixture harness: every fixture of every rule, run with that rule (and the engine's rules), must
 * yield exactly the (line, messageId) pairs its `expect:` markers announce; `good*` files yield nothing.
 * Regions, logical locations and fingerprints are pinned by committed snapshots (see fixture-harness.ts;
 * regenerate with `npx vitest run test/rules.test.ts -u`).
 */

/** Whether vitest may write snapshots in this run: only with `-u` ('all'); 'new' (the local default) and 'none' (CI) may not create one here. */
function updatingSnapshots(): boolean {
  return expect.getState().snapshotState.snapshotUpdateState === 'all';
}

describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  const files = fixtureFiles(rule);

  it('has fixtures', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(file, async () => {
      const { result, bytes, path } = lintFixture(rule, file);
      const expected = expectations(path, bytes);
      if (file.startsWith('good')) {
        expect(expected, 'a good fixture carries no expect markers').toEqual([]);
      } else {
        expect(expected.length, 'a bad fixture announces at least one finding').toBeGreaterThan(0);
      }
      // A fixture that was skipped or not read would pass vacuously: only invalid-input's own fixtures may be.
      if (rule.id !== 'invalid-input') expect(result.status, 'the fixture is read').toBe('parsed');
      // `bad-partial-*`: a file that was read, but with a part that could not be checked.
      else if (file.startsWith('bad') && !file.startsWith('bad-partial')) expect(result.status).toBe('error');
      expect(actual(result.findings)).toEqual(expected);
      // Every finding names a rule that ran and a message id that rule declares.
      const enabled = new Map(rulesFor(rule).map((r) => [r.id, r]));
      for (const f of result.findings) {
        const r = enabled.get(f.ruleId);
        expect(r, `finding of rule ${f.ruleId}`).toBeDefined();
        expect(Object.keys(r?.messages ?? {})).toContain(f.messageId);
        // A placeholder left uninterpolated (`${X}` is how values from a template are shown, and stays).
        expect(f.message).not.toMatch(/(?<!\$)\{\w+\}/);
      }
      // Columns, logical locations and fingerprints: the committed snapshot. It must exist, or the
      // comparison would pass by writing it.
      const snap = snapshotPath(rule, file);
      const where = relative(ROOT, snap);
      if (result.findings.length === 0) {
        expect(existsSync(snap), `${where} is stale: the fixture yields no finding`).toBe(false);
        return;
      }
      if (!updatingSnapshots()) expect(existsSync(snap), `${where} is missing: run npx vitest run test/rules.test.ts -u and review it`).toBe(true);
      await expect(findingsSnapshot(result.findings)).toMatchFileSnapshot(snap);
    });
  }
});

describe('suppressions', () => {
  const rule = rules.find((r) => r.id === 'invalid-suppression');
  if (!rule) throw new Error('invalid-suppression is not registered');
  const suppressed = (file: string) =>
    lintFixture(rule, file)
      .result.findings.filter((f) => f.suppression)
      .map((f) => ({ line: f.region.startLine, ruleId: f.ruleId, kind: f.suppression?.kind, justification: f.suppression?.justification }));

  it('marks suppressed findings with the reason, in comments and in CloudFormation metadata', () => {
    expect(suppressed('good.yaml')).toEqual([
      { line: 13, ruleId: 'passrole-missing-passed-to-service', kind: 'inSource', justification: 'the deploy tool passes roles to several services' },
      { line: 15, ruleId: 'passrole-wildcard-resource', kind: 'inSource', justification: 'scoped by an SCP' },
      { line: 29, ruleId: 'trust-wildcard-principal', kind: 'inSource', justification: 'public demo role with no permissions' },
    ]);
  });

  it('reads `//` and `/* */` suppressions in JSON', () => {
    expect(suppressed('good-policy.json')).toEqual([
      { line: 8, ruleId: 'passrole-missing-passed-to-service', kind: 'inSource', justification: 'CI passes this role to EC2 and Lambda' },
      { line: 10, ruleId: 'passrole-wildcard-resource', kind: 'inSource', justification: 'only one role exists in this sandbox account' },
    ]);
  });

  it('still applies a suppression for its known rule when it also names an unknown one', () => {
    expect(suppressed('bad.yaml')).toEqual([{ line: 15, ruleId: 'passrole-wildcard-resource', kind: 'inSource', justification: 'scoped by an SCP' }]);
  });
});

describe('hardcoded-credentials output', () => {
  const rule = rules.find((r) => r.id === 'hardcoded-credentials');
  if (!rule) throw new Error('hardcoded-credentials is not registered');
  // Every key-like value in the fixtures: key ids, 40-character secrets, session tokens.
  const SECRET = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}/g;

  it("reports AWS's documented example keys as a note, real-looking ones at the rule's level", () => {
    const levels = lintFixture(rule, 'bad-config.json').result.findings.map((f) => `${f.messageId}:${f.level}`);
    expect([...new Set(levels)].sort()).toEqual(['credential:error', 'example:note']);
  });

  for (const file of fixtureFiles(rule).filter((f) => f.startsWith('bad'))) {
    it(`never prints a secret (${file})`, () => {
      const { result, bytes } = lintFixture(rule, file);
      const secrets = [...new TextDecoder().decode(bytes).matchAll(SECRET)].map((m) => m[0]);
      expect(secrets.length).toBeGreaterThan(0);
      expect(result.findings.length).toBeGreaterThan(0);
      // Everything a reporter could print: messages, logical locations, fingerprints.
      const out = JSON.stringify(result);
      for (const s of secrets) {
        expect(out).not.toContain(s);
        // Not even a long part of it: a masked value shows at most 8 of its characters.
        for (let i = 0; i + 9 <= s.length; i++) expect(out).not.toContain(s.slice(i, i + 9));
      }
    });
  }
});

/**
 * What the messages must say, beyond their id: the unsafe `Fn::If` branch, the parameter whose default
 * is the problem, and why a condition does not restrict. Each case names a snippet of a fixture line.
 */
describe('messages', () => {
  const cases: [ruleId: string, file: string, snippet: string, messageId: string, says: string][] = [
    [
      'passrole-wildcard-resource',
      'bad-template.yaml',
      'Resource: !Ref PassableRoles',
      'allRoles',
      "every role ('*') (the default of parameter PassableRoles)",
    ],
    ['passrole-wildcard-resource', 'bad-template.yaml', "Resource: !If [IsDev, '*'", 'allRoles', 'when condition IsDev is true'],
    ['passrole-wildcard-resource', 'bad-template.json', '"Fn::If": ["IsProd"', 'allRoles', 'when condition IsProd is false'],
    ['passrole-wildcard-resource', 'bad-template.yaml', '!FindInMap [RoleScope, prod, Pattern]', 'allRoles', 'from mapping RoleScope'],
    ['passrole-wildcard-resource', 'bad-policy.json', '"Action": "*:PassRole"', 'allRoles', "through '*:PassRole'"],
    ['passrole-wildcard-resource', 'bad-policy.json', '"NotAction": ["s3:*", "ec2:*"]', 'allRoles', 'through NotAction, which does not exclude it'],
    ['passrole-missing-passed-to-service', 'bad-policy.json', '"StringEqualsIfExists"', 'weakOperator', 'true whenever the request does not carry the key'],
    ['passrole-missing-passed-to-service', 'bad-policy.json', '"ForAllValues:StringEquals"', 'weakOperator', 'ForAllValues is true when the key is absent'],
    ['passrole-missing-passed-to-service', 'bad-policy.json', '"StringNotEquals"', 'weakOperator', 'a negated operator matches every other value'],
    [
      'passrole-missing-passed-to-service',
      'bad-policy.json',
      '"iam:PassedToService": "*.amazonaws.com"',
      'broadValue',
      "'*.amazonaws.com' matches any service",
    ],
    ['passrole-missing-passed-to-service', 'bad-policy.json', '"iam:PassedToServices"', 'misspelt', 'Did you mean iam:PassedToService?'],
    [
      'passrole-missing-passed-to-service',
      'bad-template.yaml',
      'iam:PassedToService: !Ref TargetService',
      'broadValue',
      'the default of parameter TargetService',
    ],
    ['trust-wildcard-principal', 'bad-template.yaml', "AWS: !If [OpenForTesting, '*'", 'everyone', 'when condition OpenForTesting is true'],
    ['trust-wildcard-principal', 'bad-trust-policy.json', '"arn:aws:iam::*:role/deployer"', 'weakCondition', 'matches principals in every account'],
    [
      'trust-cross-account-without-external-id',
      'bad-template.yaml',
      "iam::${VendorAccount}:root'",
      'wholeAccount',
      'account 222222222222 (the default of parameter VendorAccount)',
    ],
    ['trust-cross-account-without-external-id', 'bad-template.yaml', 'AWS: 012345678901', 'wholeAccount', 'account 012345678901'],
    ['trust-oidc-unscoped', 'bad-template.yaml', "!If [Shared, 'repo:my-org/*', '*']", 'broadSub', 'when condition Shared is false'],
    ['trust-oidc-unscoped', 'bad-github.json', '"repo:*/deploy:ref:refs/heads/main"', 'broadSub', 'matches repositories of any owner'],
    ['trust-oidc-unscoped', 'bad-github.json', '"token.actions.githubusercontent.com:aud": "*"', 'weakCondition', "'*' matches every audience"],
    ['hardcoded-credentials', 'bad-config.json', '"aws_access_key_id": "AKIA2FAKE3NOT4REAL5Q"', 'credential', 'access key id AKIA************AL5Q'],
    ['hardcoded-credentials', 'bad-config.json', '"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE"', 'example', "AWS's documented example access key id"],
  ];

  it.each(cases)('%s %s: %s', (ruleId, file, snippet, messageId, says) => {
    const rule = rules.find((r) => r.id === ruleId);
    if (!rule) throw new Error(`${ruleId} is not registered`);
    const { result, bytes } = lintFixture(rule, file);
    const lines = new TextDecoder().decode(bytes).split('\n');
    const at = lines.filter((l) => l.includes(snippet));
    expect(at.length, `'${snippet}' is on exactly one line of ${file}`).toBe(1);
    const line = lines.findIndex((l) => l.includes(snippet)) + 1;
    const messages = result.findings.filter((f) => f.region.startLine === line && f.messageId === messageId).map((f) => f.message);
    expect(messages.length, `a ${messageId} finding on line ${line}`).toBe(1);
    expect(messages[0]).toContain(says);
  });
});
