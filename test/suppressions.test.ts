import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { PEER_IDS } from '../src/engine/peer-ids.js';
import { lintText } from '../src/engine/run.js';
import { applyPathSuppressions, resolveSuppressions, scanComments } from '../src/engine/suppressions.js';
import type { Finding } from '../src/engine/types.js';
import plugin from '../src/eslint-plugin.js';
import { loadText } from '../src/loaders/load.js';
import { ROOT, SETTINGS } from './fixture-harness.js';

const opts = { rules, levels: new Map(), ruleOptions: new Map(), settings: SETTINGS };
const lint = (path: string, text: string) => lintText(path, text, opts).findings;
const bodies = (text: string, syntax: 'yaml' | 'json' | 'code') => scanComments(text, syntax).map((c) => c.body.trim());

describe('comments, not strings', () => {
  it('YAML: quoted scalars (on one or several lines), block scalars and plain text with a quote are not comments', () => {
    const text = [
      'a: "x # not" # one',
      "b: 'it''s # not' # two",
      "c: don't # three",
      'd: |',
      '  #!/bin/bash',
      '  # not: script',
      'e: "multi',
      '  # not',
      '  line" # four',
      'f: !Sub "${X} # not" # five',
      '- - "# not" # six',
      'g: [ "# not", \'# not\' ] # seven',
      'h: a#b # eight',
      '# nine',
      'i: >-',
      '',
      '    # not, folded',
      '# ten',
    ].join('\n');
    expect(bodies(text, 'yaml')).toEqual(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']);
  });

  it('JSON: strings with escaped quotes, // and /* */ comments', () => {
    const text = '{ "a": "// not \\" // still not", // one\n /* two */ "b": "/* not */" }';
    expect(bodies(text, 'json')).toEqual(['one', 'two']);
  });

  it('code: strings, template literals with nested ${}, regular expressions', () => {
    const text = [
      "const a = '// not'; // one",
      'const b = `// not ${ { x: "// not" }.x } // not`; /* two */',
      'const r = /\\/\\/ not [/]/g; // three',
      'const d = x / 2; // four',
      'return /\\/\\/ not/.test(s); // five',
    ].join('\n');
    expect(bodies(text, 'code')).toEqual(['one', 'two', 'three', 'four', 'five']);
  });

  it('a directive inside a string value does not suppress (YAML, JSON and code)', () => {
    const yaml = `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Description: "# iamlint-disable-next-line trust-wildcard-principal -- no"\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: sts:AssumeRole\n`;
    const y = lint('t.yaml', yaml);
    expect(y.map((f) => [f.ruleId, f.region.startLine, !!f.suppression])).toEqual([['trust-wildcard-principal', 9, false]]);
    const json = `{"Statement": [{"Sid": "// iamlint-disable-next-line passrole-wildcard-resource -- no",\n "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}`;
    expect(lint('p.json', json).map((f) => [f.ruleId, !!f.suppression])).toEqual([['passrole-wildcard-resource', false]]);
  });
});

describe('what a directive covers', () => {
  const template = (directive: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
${directive}
          - Effect: Allow
            Action: iam:PassRole
            Resource: '*'
          - Effect: Allow
            Action: iam:PassRole
            Resource: 'arn:aws:iam::123456789012:role/*'
`;

  it('above a statement: the whole statement, and only it', () => {
    const f = lint('t.yaml', template('          # iamlint-disable-next-line passrole-wildcard-resource, passrole-missing-passed-to-service -- reviewed'));
    expect(f.map((x) => [x.ruleId, x.region.startLine, x.suppression?.justification ?? null])).toEqual([
      ['passrole-missing-passed-to-service', 10, 'reviewed'],
      ['passrole-wildcard-resource', 11, 'reviewed'],
      ['passrole-missing-passed-to-service', 13, null],
      ['passrole-wildcard-resource', 14, null],
    ]);
  });

  it('above a resource, in JSON with comments: the whole resource', () => {
    const json = `{"Resources": {
  // iamlint-disable-next-line passrole-wildcard-resource -- the deploy policy
  "P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole",
     "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}}},
  "Q": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}}}
}}`;
    const f = lint('t.json', json).filter((x) => x.ruleId === 'passrole-wildcard-resource');
    expect(f.map((x) => [x.logical.resource, x.region.startLine, !!x.suppression])).toEqual([
      ['P', 5, true],
      ['Q', 7, false],
    ]);
  });

  it('above a CDK PolicyStatement: the whole statement, in the CLI and in ESLint', () => {
    const code = `import * as iam from 'aws-cdk-lib/aws-iam';
// iamlint-disable-next-line passrole-wildcard-resource -- the pipeline passes every app role
export const a = new iam.PolicyStatement({
  actions: ['iam:PassRole'],
  resources: ['*'],
  conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
});
export const b = new iam.PolicyStatement({
  actions: ['iam:PassRole'],
  resources: ['*'],
  conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
});
`;
    const f = lint('stack.ts', code).filter((x) => x.ruleId === 'passrole-wildcard-resource');
    expect(f.map((x) => [x.region.startLine, x.suppression?.justification ?? null])).toEqual([
      [5, 'the pipeline passes every app role'],
      [10, null],
    ]);
  });

  it('ESLint form: the next line only, as ESLint has it', () => {
    const f = lint('t.yaml', template('          # eslint-disable-next-line iamlint/passrole-wildcard-resource -- reviewed'));
    expect(f.filter((x) => x.ruleId === 'passrole-wildcard-resource').map((x) => !!x.suppression)).toEqual([false, false]);
  });

  it('no reason: reported and not applied, in the CLI and in ESLint alike', () => {
    const text = template('          # iamlint-disable-next-line passrole-wildcard-resource');
    const cli = lint('t.yaml', text)
      .filter((x) => !x.suppression)
      .map((x) => `${x.region.startLine}:${x.ruleId}:${x.messageId}`);
    const linter = new Linter({ configType: 'flat' });
    const all = Object.fromEntries(Object.keys(plugin.rules).map((id) => [`iamlint/${id}`, 'error' as const]));
    const es = linter.verify(text, [{ ...plugin.configs.data, rules: all }], 't.yaml').map((m) => `${m.line}:${m.ruleId?.slice(8)}:${m.messageId}`);
    expect(cli).toContain('8:invalid-suppression:noReason');
    expect(cli).toContain('11:passrole-wildcard-resource:allRoles');
    expect(es.sort()).toEqual(cli.sort());
  });

  it('a duplicate directive and one that matches nothing are reported as unused', () => {
    const f = lint(
      't.yaml',
      template(
        '          # iamlint-disable-next-line passrole-wildcard-resource -- one\n          # iamlint-disable-next-line passrole-wildcard-resource, trust-wildcard-principal -- two',
      ),
    ).filter((x) => x.ruleId === 'invalid-suppression');
    expect(f.map((x) => [x.region.startLine, x.messageId, x.message])).toEqual([
      [9, 'unused', expect.stringContaining('passrole-wildcard-resource matches no finding')],
      [9, 'unused', expect.stringContaining('trust-wildcard-principal matches no finding')],
    ]);
  });

  it('an unused suppression of a rule turned off is not reported', () => {
    const text = template('          # iamlint-disable-next-line trust-wildcard-principal -- old');
    const off = lintText('t.yaml', text, { ...opts, levels: new Map([['trust-wildcard-principal', 'off' as const]]) }).findings;
    expect(off.filter((x) => x.ruleId === 'invalid-suppression')).toEqual([]);
    expect(
      lint('t.yaml', text)
        .filter((x) => x.ruleId === 'invalid-suppression')
        .map((x) => x.messageId),
    ).toEqual(['unused']);
  });
});

describe("peers' suppressions", () => {
  const role = (metadata: string) => `Resources:
  R:
    Type: AWS::IAM::Role
    Metadata:
${metadata}
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'}
            Action: sts:AssumeRole
`;

  it("say which peer and which id suppressed the finding, with the peer's reason", () => {
    const f = lint('t.yaml', role('      checkov:\n        skip:\n          - id: CKV_AWS_60\n            comment: demo role'));
    expect(f.map((x) => x.suppression)).toEqual([{ kind: 'inSource', justification: 'checkov CKV_AWS_60: demo role', location: 't.yaml:7' }]);
  });

  it('an id that means something else, or none, suppresses nothing and is not reported', () => {
    for (const md of [
      '      cfn_nag:\n        rules_to_suppress:\n          - id: F38\n            reason: x',
      "      cfn-lint:\n        config:\n          ignore_checks: ['W3005']",
      '      checkov:\n        skip:\n          - id: CKV_AWS_79',
    ]) {
      expect(lint('t.yaml', role(md)).map((x) => [x.ruleId, !!x.suppression])).toEqual([['trust-wildcard-principal', false]]);
    }
  });

  it('docs/suppressions.md shows every mapped id, with the other ids each tool accepts for it', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'suppressions.md'), 'utf8');
    const rows = doc.split('\n');
    for (const [tool, list] of Object.entries(PEER_IDS))
      for (const m of list) {
        const start = `| ${tool} | ${m.id} | ${m.title} |`;
        expect(doc).toContain(start);
        if (m.input !== 'terraform') continue;
        const row = rows.find(
          (r) =>
            r.startsWith(start) &&
            (m.aliases ?? []).every((a) => r.includes(a)) &&
            (m.blocks ?? []).every((b) => r.includes(b.replace(/^provider\.(.*)$/, 'provider "$1"'))),
        );
        expect(row, `${tool} ${m.id}: its row names every alias and block`).toBeDefined();
      }
  });

  it('an id names one check: ids and aliases are unique per tool and input, as each tool compares them', () => {
    for (const [tool, list] of Object.entries(PEER_IDS)) {
      const seen = new Set<string>();
      for (const m of list)
        for (const id of [m.id, ...(m.aliases ?? [])]) {
          const key = `${m.input} ${tool === 'trivy' ? id.toLowerCase() : id}`;
          expect(seen.has(key), `${tool} ${key}`).toBe(false);
          seen.add(key);
        }
    }
  });

  it('the table maps only to rules and messages that exist', () => {
    const byId = new Map(rules.map((r) => [r.id, r]));
    for (const list of Object.values(PEER_IDS)) {
      for (const m of list) {
        for (const t of m.targets) {
          const r = byId.get(t.rule);
          expect(r, `${m.id} → ${t.rule}`).toBeDefined();
          for (const id of t.messageIds ?? []) expect(Object.keys(r?.messages ?? {})).toContain(id);
        }
      }
    }
  });
});

describe('bounded work', () => {
  /** n directives above one statement (the same rule: all but one are duplicates), n findings in it. */
  function work(n: number): number {
    const text = `Statement:\n${'  # iamlint-disable-next-line passrole-wildcard-resource -- r\n'.repeat(n)}  - Effect: Allow\n    Action: iam:PassRole\n    Resource: '*'\n`;
    const loaded = loadText('p.yaml', text);
    if (loaded.status !== 'parsed') throw new Error('not parsed');
    const start = text.indexOf('- Effect') + 2;
    const candidates = Array.from({ length: n }, () => ({ ruleId: 'passrole-wildcard-resource', messageId: 'allRoles', start, line: n + 2 }));
    const out = resolveSuppressions(loaded.file, candidates, { rules, levels: new Map(), settings: SETTINGS });
    expect(out.suppressions.every((s) => s?.justification === 'r')).toBe(true);
    return out.work;
  }

  it('directives × findings is not a product: doubling both doubles the work', () => {
    const a = work(400);
    const b = work(800);
    expect(a).toBeGreaterThan(0);
    expect(b / a).toBeLessThan(2.2);
  });
});

describe('config suppressions by path and rule (for policy JSON, which takes no comments)', () => {
  const finding = (ruleId: string): Finding => ({
    ruleId,
    messageId: 'x',
    level: 'error',
    message: 'm',
    file: 'policies/legacy/deploy.json',
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    logical: { resource: undefined, path: undefined },
    fingerprint: 'f',
  });
  it('marks the named rules in matching files as suppressed (external), with the reason; not past the date', () => {
    const fs = [finding('passrole-wildcard-resource'), finding('trust-wildcard-principal')];
    const entry = { files: ['policies/legacy/*.json'], rules: ['passrole-wildcard-resource'], reason: 'legacy deployer, replaced in Q3' };
    expect(applyPathSuppressions('policies/legacy/deploy.json', fs, [entry], '2026-11-23', '.iamlintrc.json')).toBe(1);
    expect(fs.map((f) => f.suppression)).toEqual([
      { kind: 'external', justification: 'legacy deployer, replaced in Q3', location: '.iamlintrc.json' },
      undefined,
    ]);
    const other = [finding('passrole-wildcard-resource')];
    expect(applyPathSuppressions('policies/new/deploy.json', other, [entry], '2026-11-23', '.iamlintrc.json')).toBe(0);
    expect(applyPathSuppressions('policies/legacy/deploy.json', other, [{ ...entry, until: '2026-01-01' }], '2026-11-23', '.iamlintrc.json')).toBe(0);
    expect(applyPathSuppressions('policies/legacy/deploy.json', other, [{ ...entry, reason: '' }], '2026-11-23', '.iamlintrc.json')).toBe(0);
  });
});
