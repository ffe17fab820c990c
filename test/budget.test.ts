import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { parseJson } from '../src/loaders/json.js';
import { loadText } from '../src/loaders/load.js';
import { parseYaml } from '../src/loaders/yaml.js';
import { lintText, type LintOptions } from '../src/index.js';
import { Budget, DEFAULT_LIMITS } from '../src/model/budget.js';
import { Evaluator } from '../src/model/intrinsics.js';
import { isMap } from '../src/model/node.js';
import { urlCredentials } from '../src/model/script-secrets.js';
import { buildTemplate } from '../src/model/template.js';
import { aliasDocument } from '../scripts/hostile-inputs.mjs';
import { SETTINGS } from './fixture-harness.js';

/**
 * Bounded work for every input, asserted on work counters (never on time): the per-file budget stops
 * alias bombs, decoding bombs and intrinsic functions that grow without end, and the paths that were
 * quadratic grow linearly (doubling the input at most about doubles the work).
 */

const OPTS: LintOptions = { rules, levels: new Map(), ruleOptions: new Map(), settings: SETTINGS };
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

function template(json: unknown): { ev: Evaluator } {
  const root = parseJson(JSON.stringify(json));
  if (!isMap(root)) throw new Error('not a map');
  return { ev: new Evaluator(buildTemplate(root), new Budget()) };
}

/** Work for input size n and 2n, and their ratio. */
function doubling(work: (n: number) => number, n: number): number {
  const a = work(n);
  const b = work(2 * n);
  expect(a).toBeGreaterThan(0);
  return b / a;
}

describe('the per-file budget', () => {
  it('counts YAML alias expansion over all documents of a file (60 documents of 9-fold aliases)', () => {
    // Each document expands to ~600,000 nodes, under the limit alone; 60 of them exhausted the heap.
    const text = Array(60).fill(aliasDocument()).join('\n---\n');
    const budget = new Budget();
    expect(() => parseYaml(text, budget)).toThrow(/More than 2,000,000 nodes after YAML alias expansion \(over all documents of the file\)/);
    // Stopped at the alias that crossed the limit: not one document further.
    expect(budget.used.nodes).toBeLessThan(DEFAULT_LIMITS.nodes + 600_000);
    const r = lintText('bombs.yaml', text, OPTS);
    expect(r.findings.map((f) => `${f.ruleId} ${f.level}`)).toEqual(['invalid-input error']);
    expect(r.findings[0]?.message).toContain('bombs.yaml');
  });

  it('stops Fn::Join/Fn::FindInMap that double a string per level (2^40 characters)', () => {
    const levels: Record<string, unknown> = { L0: { v: 'ab' } };
    for (let i = 1; i <= 40; i++)
      levels[`L${i}`] = { v: { 'Fn::Join': ['', [{ 'Fn::FindInMap': ['M', `L${i - 1}`, 'v'] }, { 'Fn::FindInMap': ['M', `L${i - 1}`, 'v'] }]] } };
    const t = {
      AWSTemplateFormatVersion: '2010-09-09',
      Mappings: { M: levels },
      Resources: {
        P: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'p',
            Roles: ['r'],
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::FindInMap': ['M', 'L40', 'v'] } }] },
          },
        },
      },
    };
    const r = loadText('join-bomb.json', JSON.stringify(t));
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.error.message).toMatch(/over the limit of (16,777,216 characters of evaluated values|1,000,000 intrinsic-function evaluation steps) for one file/);
    const { ev } = template(t);
    // Evaluating it directly: Unknown, within the budget.
    const v = ev.str(parseJson(JSON.stringify({ 'Fn::FindInMap': ['M', 'L40', 'v'] })));
    expect(v.map((x) => x.parts.length)).toEqual([1]);
    expect(ev.budget.used.chars).toBeLessThan(DEFAULT_LIMITS.chars * 2);
    expect(ev.budget.exceeded).toBeDefined();
  });

  it('stops Fn::If chains that double their alternatives per level', () => {
    const levels: Record<string, unknown> = { L0: { v: 'x' } };
    for (let i = 1; i <= 40; i++)
      levels[`L${i}`] = { v: { 'Fn::If': ['C', { 'Fn::FindInMap': ['M', `L${i - 1}`, 'v'] }, { 'Fn::FindInMap': ['M', `L${i - 1}`, 'v'] }] } };
    const { ev } = template({
      AWSTemplateFormatVersion: '2010-09-09',
      Conditions: { C: { 'Fn::Equals': ['a', 'b'] } },
      Mappings: { M: levels },
      Resources: {},
    });
    const v = ev.str(parseJson(JSON.stringify({ 'Fn::FindInMap': ['M', 'L40', 'v'] })));
    // What was evaluated before the budget ran out, and Unknown for the rest (the loader refuses such a file).
    expect(v.length).toBeLessThanOrEqual(32);
    expect(v.some((x) => x.parts.some((p) => typeof p !== 'string'))).toBe(true);
    expect(ev.budget.exceeded?.kind).toBe('steps');
    expect(ev.budget.used.steps).toBeLessThan(DEFAULT_LIMITS.steps + 10_000);
  });

  it('stops nested user-data decoding (MIME parts of gzip bombs) and says so', () => {
    // Each part: 1 KB of base64 that gunzips to 1 MiB. 50 parts decoded 50 MiB before the budget.
    const bomb = b64(gzipSync(Buffer.alloc((1 << 20) - 64, 'echo hello\n')));
    const parts = Array.from({ length: 50 }, () => `--XYZ\nContent-Type: text/x-shellscript\nContent-Transfer-Encoding: base64\n\n${bomb}\n`).join('');
    const mime = `Content-Type: multipart/mixed; boundary="XYZ"\nMIME-Version: 1.0\n\n${parts}--XYZ--\n`;
    const data = JSON.stringify({ ImageId: 'ami-1', MetadataOptions: { HttpTokens: 'required' }, UserData: b64(mime) });
    const loaded = loadText('lt.json', data);
    if (loaded.status !== 'parsed') throw new Error('not parsed');
    const spec = loaded.file.launch.specs[0];
    expect(spec?.userData?.segments().length).toBeGreaterThan(1);
    expect(spec?.userData?.overLimit()).toMatch(/decoded user data/);
    expect(loaded.file.evaluator.budget.used.decodedBytes).toBeLessThan(DEFAULT_LIMITS.decodedBytes + (2 << 20));
    const r = lintText('lt.json', data, OPTS);
    expect(r.findings.map((f) => `${f.ruleId}/${f.messageId}`)).toContain('invalid-input/userDataOverLimit');
  });
});

describe('no quadratic paths: doubling the input at most about doubles the work', () => {
  it('Fn::Join over n parts', () => {
    const ratio = doubling((n) => {
      const { ev } = template({ AWSTemplateFormatVersion: '2010-09-09', Parameters: { P: { Type: 'String', Default: 'p' } }, Resources: {} });
      const items = Array.from({ length: n }, (_, i) => (i % 2 ? { Ref: 'P' } : { Ref: 'AWS::AccountId' }));
      const v = ev.str(parseJson(JSON.stringify({ 'Fn::Join': [':', items] })));
      expect(v).toHaveLength(1);
      return ev.budget.used.steps;
    }, 4000);
    expect(ratio).toBeLessThan(2.2);
  });

  it('Fn::Sub with n references', () => {
    const ratio = doubling((n) => {
      const { ev } = template({ AWSTemplateFormatVersion: '2010-09-09', Parameters: { P: { Type: 'String', Default: 'p' } }, Resources: {} });
      const vars = Object.fromEntries(Array.from({ length: n }, (_, i) => [`V${i}`, { Ref: 'AWS::Region' }]));
      const tpl = Array.from({ length: n }, (_, i) => `\${V${i}}-\${P}-\${AWS::AccountId}`).join('/');
      const v = ev.str(parseJson(JSON.stringify({ 'Fn::Sub': [tpl, vars] })));
      expect(v).toHaveLength(1);
      return ev.budget.used.steps;
    }, 2000);
    expect(ratio).toBeLessThan(2.2);
  });

  it('the role graph: n roles, each with an instance profile and a policy', () => {
    const ratio = doubling((n) => {
      const resources: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        resources[`Role${i}`] = {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
        };
        resources[`Profile${i}`] = { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [{ Ref: `Role${i}` }] } };
        resources[`Policy${i}`] = {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'p',
            Roles: [{ Ref: `Role${i}` }],
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
          },
        };
      }
      const r = loadText('t.json', JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }));
      if (r.status !== 'parsed') throw new Error('not parsed');
      expect(r.file.launch.profiles).toHaveLength(n);
      // Every role found its own policy, and only it.
      expect(r.file.launch.profiles.every((p) => p.roles[0]?.role?.policies.length === 1)).toBe(true);
      return r.file.evaluator.budget.used.steps;
    }, 500);
    expect(ratio).toBeLessThan(2.2);
  });

  it('the user-data URL scan', () => {
    const meter = { reads: 0 };
    const ratio = doubling((n) => {
      meter.reads = 0;
      const text = Array.from({ length: n }, (_, i) => `x.y://u${i}:${'p'.repeat(50)} a.a.a.a.a`).join(' ');
      expect(urlCredentials(text, meter)).toEqual([]);
      return meter.reads;
    }, 5000);
    expect(ratio).toBeLessThan(2.2);
    expect(urlCredentials('postgres://app:s3cret@db/x mysql://root@h')).toEqual([{ index: 15, length: 6 }]);
  });
});

describe('prototype keys from a scanned file', () => {
  it('a parameter named constructor (or toString) is a parameter, not Object.prototype', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const t = [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Parameters:',
        `  ${name}:`,
        '    Type: String',
        '    Default: "*"',
        'Resources:',
        '  P:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Action: iam:PassRole',
        `            Resource: !Ref ${name}`,
        '          - Effect: Allow',
        '            Action: iam:PassRole',
        `            Resource: !Sub "\${${name}}"`,
        '',
      ].join('\n');
      const r = lintText('proto.yaml', t, OPTS);
      const lines = r.findings.filter((f) => f.ruleId === 'passrole-wildcard-resource').map((f) => f.region.startLine);
      expect(lines, name).toEqual([14, 17]);
    }
  });
});
