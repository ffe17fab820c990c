import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocationIndex, locationIndex, type LogicalLocation } from '../src/engine/locations.js';
import { lintText, type LintOptions } from '../src/engine/run.js';
import { defineRule, type LoadedFile, type Report, type Target } from '../src/engine/types.js';
import { loadText } from '../src/loaders/load.js';
import { Evaluator } from '../src/model/intrinsics.js';
import { NO_LAUNCH } from '../src/model/launch.js';
import type { SEntry, SMap, SNode, SScalar, SSeq } from '../src/model/node.js';
import { buildPolicy, type PolicyDocument, type Statement } from '../src/model/policy.js';
import { LineIndex, type Range } from '../src/model/source.js';
import { ROOT, SETTINGS } from './fixture-harness.js';

function load(path: string, text: string): LoadedFile {
  const r = loadText(path, text);
  if (r.status !== 'parsed') throw new Error(`${path} did not load: ${r.status}`);
  return r.file;
}

function at(file: LoadedFile, t: Target): LogicalLocation | undefined {
  return locationIndex(file).locate(t);
}

/** The document of a file whose origin path is `path`. */
function doc(file: LoadedFile, path: string): PolicyDocument {
  const d = file.policies.find((p) => p.origin.path === path);
  if (!d) throw new Error(`no document at ${path}: ${file.policies.map((p) => p.origin.path).join(', ')}`);
  return d;
}

function st(d: PolicyDocument, i: number): Statement {
  const s = d.statements[i];
  if (!s) throw new Error(`no statement ${i}`);
  return s;
}

/** A range strictly inside a node (a bare `Range` target, as rules report a part of a string). */
function inside(n: SNode): Range {
  return { start: n.range.start + 1, end: Math.max(n.range.start + 1, n.range.end - 1) };
}

const YAML_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Vendor:
    Type: String
    Default: '222222222222'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub 'arn:aws:iam::\${Vendor}:root'
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: vendor-external-id
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub '\${Bucket.Arn}/*'
              - Sid: Pass
                Effect: Allow
                Action: iam:PassRole
                Resource:
                  - arn:aws:iam::111111111111:role/app
                  - '*'
                Condition:
                  StringEquals:
                    iam:PassedToService: ec2.amazonaws.com
`;

const JSON_TEMPLATE = JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      AppRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::222222222222:root' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'sts:ExternalId': 'vendor-external-id' } },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'deploy',
              PolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
                  {
                    Effect: 'Allow',
                    Action: 'iam:PassRole',
                    Resource: ['arn:aws:iam::111111111111:role/app', '*'],
                    Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
                  },
                ],
              },
            },
          ],
        },
      },
    },
  },
  null,
  2,
);

/** The same four targets in both templates: a statement, a Resource element, a Principal, a condition value. */
function templateCases(file: LoadedFile) {
  const trust = doc(file, 'Properties.AssumeRolePolicyDocument');
  const identity = doc(file, 'Properties.Policies[0].PolicyDocument');
  const pass = st(identity, 1);
  const tst = st(trust, 0);
  const star = pass.resource?.values[1];
  const principal = tst.principal?.entries[0]?.val;
  const condValue = tst.condition.clauses[0]?.values[0];
  if (!star || !principal || !condValue) throw new Error('model changed');
  return { pass, star, principal, condValue, passCondition: pass.condition.clauses[0] };
}

describe('logical locations from the node reported', () => {
  for (const [name, path, text] of [
    ['CloudFormation YAML', 'stack.yaml', YAML_TEMPLATE],
    ['JSON template', 'stack.json', JSON_TEMPLATE],
  ] as const) {
    it(`${name}: statement, Resource element, Principal and condition value`, () => {
      const file = load(path, text);
      const { pass, star, principal, condValue, passCondition } = templateCases(file);
      const id = 'Properties.Policies[0].PolicyDocument.Statement[1]';
      expect(at(file, pass.node)).toEqual({ resource: 'AppRole', path: id });
      // A Val (one value of a list), its SNode, the element's key and a range inside the value: all the element.
      expect(at(file, star)).toEqual({ resource: 'AppRole', path: `${id}.Resource` });
      expect(at(file, star.node)).toEqual({ resource: 'AppRole', path: `${id}.Resource` });
      expect(at(file, pass.resource!.key)).toEqual({ resource: 'AppRole', path: `${id}.Resource` });
      expect(at(file, inside(star.node))).toEqual({ resource: 'AppRole', path: `${id}.Resource` });
      expect(at(file, principal)).toEqual({ resource: 'AppRole', path: 'Properties.AssumeRolePolicyDocument.Statement[0].Principal' });
      expect(at(file, condValue)).toEqual({ resource: 'AppRole', path: 'Properties.AssumeRolePolicyDocument.Statement[0].Condition' });
      expect(at(file, passCondition!.keyNode)).toEqual({ resource: 'AppRole', path: `${id}.Condition` });
      // Outside statements: the full path; the logical id itself is the resource with an empty path.
      const role = file.template?.resources.get('AppRole');
      expect(at(file, role!.keyNode)).toEqual({ resource: 'AppRole', path: '' });
      expect(at(file, role!.node.entries[0]!.value)).toEqual({ resource: 'AppRole', path: 'Type' });
    });
  }

  it('a parameter default and the template sections are not resources', () => {
    const file = load('stack.yaml', YAML_TEMPLATE);
    const p = file.template?.parameters.get('Vendor');
    expect(at(file, p!.default!)).toEqual({ resource: undefined, path: 'Parameters.Vendor.Default' });
  });

  it('a policy file: paths from the document root, no resource', () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:*", "Resource": "*" },
    {
      "Effect": "Allow",
      "Principal": { "AWS": ["arn:aws:iam::222222222222:root", "*"] },
      "Action": ["iam:PassRole"],
      "Resource": ["arn:aws:iam::111111111111:role/a", "*"],
      "Condition": { "StringLike": { "iam:PassedToService": "*" } }
    }
  ]
}`;
    const file = load('policy.json', text);
    const d = doc(file, '');
    const s = st(d, 1);
    expect(at(file, s.node)).toEqual({ resource: undefined, path: 'Statement[1]' });
    expect(at(file, s.resource!.values[1]!)).toEqual({ resource: undefined, path: 'Statement[1].Resource' });
    expect(at(file, s.principal!.entries[1]!.val)).toEqual({ resource: undefined, path: 'Statement[1].Principal' });
    expect(at(file, s.condition.clauses[0]!.values[0]!)).toEqual({ resource: undefined, path: 'Statement[1].Condition' });
    // The root names nothing beyond the file: the engine keeps what the rule passed, if anything.
    expect(at(file, file.roots[0]!)).toBeUndefined();
    expect(at(file, get(file.roots[0], 'Version'))).toEqual({ resource: undefined, path: 'Version' });
  });

  it('a policy written as a JSON string in a template (its nodes are not under the roots)', () => {
    const text = `Resources:
  StringPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}'
`;
    const file = load('embedded.yaml', text);
    const s = st(doc(file, 'Properties.PolicyDocument'), 0);
    expect(file.roots.some((r) => contains(r, s.node))).toBe(false);
    const star = s.resource!.values[0]!;
    expect(text.slice(star.node.range.start, star.node.range.end)).toBe('"*"');
    expect(at(file, star)).toEqual({ resource: 'StringPolicy', path: 'Properties.PolicyDocument.Statement[0].Resource' });
    // A bare range inside the string, over the embedded value: the innermost indexed node wins.
    expect(at(file, inside(star.node))).toEqual({ resource: 'StringPolicy', path: 'Properties.PolicyDocument.Statement[0].Resource' });
  });

  it('a statement chosen by Fn::If is named as the model names it, not by the Fn::If path', () => {
    const text = `Conditions:
  IsDev: !Equals [!Ref AWS::StackName, dev]
Resources:
  BranchPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - !If
            - IsDev
            - Effect: Allow
              Action: iam:PassRole
              Resource: '*'
            - !Ref AWS::NoValue
`;
    const file = load('branch.yaml', text);
    const s = st(doc(file, 'Properties.PolicyDocument'), 0);
    expect(s.path).toBe('Statement[0]');
    expect(at(file, s.node)).toEqual({ resource: 'BranchPolicy', path: 'Properties.PolicyDocument.Statement[0]' });
    expect(at(file, s.resource!.values[0]!)).toEqual({ resource: 'BranchPolicy', path: 'Properties.PolicyDocument.Statement[0].Resource' });
  });

  it('a CDK-style synthetic document: nodes built by the code loader, ranges in the TypeScript source', () => {
    const text = [
      "const role = new iam.Role(this, 'AppRole', { assumedBy: new iam.AccountPrincipal('222222222222') });",
      'role.addToPolicy(new iam.PolicyStatement({',
      "  actions: ['iam:PassRole'],",
      "  resources: ['arn:aws:iam::111111111111:role/app', '*'],",
      "  conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },",
      '}));',
      '',
    ].join('\n');
    const s = synth(text);
    const trustNode = s.map('new iam.AccountPrincipal', [
      s.entry(
        'assumedBy',
        'Statement',
        s.seq('assumedBy', [
          s.map("new iam.AccountPrincipal('222222222222')", [
            s.entry('assumedBy', 'Effect', s.scalar('assumedBy', 'Allow')),
            s.entry(
              'assumedBy',
              'Principal',
              s.map("iam.AccountPrincipal('222222222222')", [s.entry('AccountPrincipal', 'AWS', s.scalar("'222222222222'", 'arn:aws:iam::222222222222:root'))]),
            ),
            s.entry('assumedBy', 'Action', s.scalar('assumedBy', 'sts:AssumeRole')),
          ]),
        ]),
      ),
    ]);
    const star = s.scalar("'*'", '*');
    const statement = s.map('new iam.PolicyStatement', [
      s.entry('new iam.PolicyStatement', 'Effect', s.scalar('new iam.PolicyStatement', 'Allow')),
      s.entry('actions', 'Action', s.seq("['iam:PassRole']", [s.scalar("'iam:PassRole'", 'iam:PassRole')])),
      s.entry(
        'resources',
        'Resource',
        s.seq("['arn:aws:iam::111111111111:role/app', '*']", [s.scalar("'arn:aws:iam::111111111111:role/app'", 'arn:aws:iam::111111111111:role/app'), star]),
      ),
      s.entry(
        'conditions',
        'Condition',
        s.map('{ StringEquals', [
          s.entry(
            'StringEquals',
            'StringEquals',
            s.map("{ 'iam:PassedToService'", [s.entry("'iam:PassedToService'", 'iam:PassedToService', s.scalar("'ec2.amazonaws.com'", 'ec2.amazonaws.com'))]),
          ),
        ]),
      ),
    ]);
    const identityNode = s.map('role.addToPolicy', [s.entry('role.addToPolicy', 'Statement', s.seq('new iam.PolicyStatement', [statement]))]);
    const ev = new Evaluator(undefined);
    const policies = [
      buildPolicy(trustNode, ev, 'trust', { resource: 'AppRole', path: 'Properties.AssumeRolePolicyDocument', label: 'trust policy of AppRole' }),
      buildPolicy(identityNode, ev, 'identity', { resource: 'AppRole', path: 'Properties.Policies[0].PolicyDocument', label: 'policy of AppRole' }),
    ];
    const file: LoadedFile = {
      path: 'stack.ts',
      text,
      lines: new LineIndex(text),
      format: 'typescript',
      roots: [],
      template: undefined,
      evaluator: ev,
      policies,
      launch: NO_LAUNCH,
    };
    const pass = st(policies[1]!, 0);
    const trust = st(policies[0]!, 0);
    const id = 'Properties.Policies[0].PolicyDocument.Statement[0]';
    expect(at(file, pass.node)).toEqual({ resource: 'AppRole', path: id });
    expect(at(file, pass.resource!.values[1]!)).toEqual({ resource: 'AppRole', path: `${id}.Resource` });
    expect(at(file, trust.principal!.entries[0]!.val)).toEqual({ resource: 'AppRole', path: 'Properties.AssumeRolePolicyDocument.Statement[0].Principal' });
    expect(at(file, pass.condition.clauses[0]!.values[0]!)).toEqual({ resource: 'AppRole', path: `${id}.Condition` });
    // A range inside the `'*'` literal: no rule-supplied location needed.
    expect(at(file, inside(star))).toEqual({ resource: 'AppRole', path: `${id}.Resource` });
    // A range no node contains: no location (the engine then falls back to what the rule passed, if anything).
    expect(at(file, { start: text.length, end: text.length })).toBeUndefined();
  });
});

describe('the engine uses the derived location', () => {
  const probe = (report: (file: LoadedFile) => Report<'m'>[]) =>
    defineRule({
      id: 'probe',
      meta: {
        summary: 's',
        why: 'w',
        flagged: [],
        notFlagged: [],
        fix: 'f',
        level: 'warning',
        securitySeverity: 1,
        tags: [],
        references: [],
        recommended: false,
        domain: 'test',
      },
      messages: { m: 'message' },
      visit: {
        file(file, ctx) {
          for (const r of report(file)) ctx.report(r);
        },
      },
    });
  const opts = (rule: ReturnType<typeof probe>): LintOptions => ({ rules: [rule], levels: new Map(), ruleOptions: new Map(), settings: SETTINGS });

  it('a node no loader indexed has no logical location (the region still says where)', () => {
    const rule = probe((file) => {
      const synthetic: SScalar = { kind: 'scalar', range: { start: 0, end: file.text.length }, value: 'x' };
      return [{ messageId: 'm', at: synthetic }];
    });
    const r = lintText('stack.yaml', YAML_TEMPLATE, opts(rule));
    expect(r.findings.map((f) => f.logical)).toEqual([{ resource: undefined, path: undefined }]);
  });

  it('never prints a key found in a map key as part of the location', () => {
    const key = 'AKIA' + 'Q3EGRIAHZ3DOCXMP';
    const text = `{"credentials": {"${key}": "aws_secret_access_key_goes_here_and_it_is_long"}}`;
    const rule = probe((file) => [{ messageId: 'm', at: (file.roots[0] as SMap).entries[0]!.value }]);
    const rule2 = probe((file) => [{ messageId: 'm', at: ((file.roots[0] as SMap).entries[0]!.value as SMap).entries[0]!.value }]);
    expect(lintText('c.json', text, opts(rule)).findings[0]?.logical).toEqual({ resource: undefined, path: 'credentials' });
    const f = lintText('c.json', text, opts(rule2)).findings[0];
    expect(f?.logical.path).toMatch(/^credentials\.AKIA\*+$/);
    expect(JSON.stringify(f)).not.toContain(key);
  });

  it('keeps fingerprints when lines move and when a list gains a value, and changes them when the element does', () => {
    const rule = probe((file) => {
      const s = st(doc(file, 'Properties.Policies[0].PolicyDocument'), 1);
      const star = s.resource!.values.find((v) => v.parts[0] === '*');
      return star ? [{ messageId: 'm', at: star }] : [];
    });
    const fp = (text: string) => {
      const fs = lintText('stack.yaml', text, opts(rule)).findings;
      expect(fs).toHaveLength(1);
      return { fingerprint: fs[0]!.fingerprint, line: fs[0]!.region.startLine };
    };
    const before = fp(YAML_TEMPLATE);
    const moved = fp(YAML_TEMPLATE.replace('Resources:\n', 'Resources:\n  # a comment\n\n  Queue:\n    Type: AWS::SQS::Queue\n'));
    expect(moved.line).toBe(before.line + 4);
    expect(moved.fingerprint).toBe(before.fingerprint);
    const gained = fp(YAML_TEMPLATE.replace("                  - '*'", "                  - arn:aws:iam::111111111111:role/b\n                  - '*'"));
    expect(gained.fingerprint).toBe(before.fingerprint);
    const otherResource = fp(YAML_TEMPLATE.replaceAll('AppRole', 'OtherRole'));
    expect(otherResource.fingerprint).not.toBe(before.fingerprint);
  });
});

describe('no rule builds a location', () => {
  it('rules report model nodes only: no rule source passes or computes a logical location', () => {
    const dir = join(ROOT, 'rules');
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      // What rules used to pass by hand (`resource:`/`path:` on a report, `specLocation`, `logicalLocation`).
      expect(text, f).not.toMatch(/\b(specLocation|logicalLocation|handLocation)\b/);
    }
  });
});

describe('the index is linear', () => {
  /** A template of n roles, each with an inline policy of two statements. */
  function template(n: number): string {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < n; i++)
      resources[`Role${i}`] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Policies: [
            {
              PolicyName: `p${i}`,
              PolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [`arn:aws:s3:::b${i}/*`, '*'] },
                  { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
                ],
              },
            },
          ],
        },
      };
    return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 1);
  }

  /** Builds the index and makes three lookups per statement (a Val, a node, a bare range). */
  function work(n: number) {
    const file = load('big.json', template(n));
    const ix = new LocationIndex(file);
    const built = ix.work.built;
    let found = 0;
    for (const d of file.policies)
      for (const s of d.statements) {
        const action = s.action!.values[0]!;
        for (const t of [action, s.node, inside(action.node)]) if (ix.locate(t)) found++;
      }
    return { built, sorted: ix.work.sorted, looked: ix.work.looked, found };
  }

  it('building and lookups do work proportional to the file (doubling the file doubles the work)', () => {
    const a = work(500);
    const b = work(1000);
    expect(a.found).toBe(500 * 3 * 3);
    expect(b.found).toBe(1000 * 3 * 3);
    // Building: one entry per node and level; exactly linear.
    expect(b.built / a.built).toBeGreaterThan(1.95);
    expect(b.built / a.built).toBeLessThan(2.05);
    // Sorting the intervals: the walk emits them almost in order, so the sort stays near-linear.
    expect(b.sorted / a.sorted).toBeLessThan(2.3);
    // Lookups: a binary search (one more step per doubling) plus short parent chains; quadratic would be 4x.
    expect(b.looked / a.looked).toBeLessThan(2.3);
  });
});

function get(n: SNode | undefined, key: string): SNode {
  const e = n?.kind === 'map' ? n.entries.find((x) => x.key.value === key) : undefined;
  if (!e) throw new Error(`no ${key}`);
  return e.value;
}

function contains(root: SNode, target: SNode): boolean {
  const stack = [root];
  while (stack.length) {
    const n = stack.pop() as SNode;
    if (n === target) return true;
    if (n.kind === 'seq') stack.push(...n.items);
    else if (n.kind === 'map') for (const e of n.entries) stack.push(e.key, e.value);
  }
  return false;
}

/** Builds synthetic nodes the way the code loader does: each with the range of a snippet of the source. */
function synth(text: string) {
  const rangeOf = (snippet: string): Range => {
    const start = text.indexOf(snippet);
    if (start < 0) throw new Error(`'${snippet}' is not in the source`);
    return { start, end: start + snippet.length };
  };
  return {
    scalar: (snippet: string, value: string): SScalar => ({ kind: 'scalar', range: rangeOf(snippet), value }),
    seq: (snippet: string, items: SNode[]): SSeq => ({ kind: 'seq', range: rangeOf(snippet), items }),
    map: (snippet: string, entries: SEntry[]): SMap => ({ kind: 'map', range: rangeOf(snippet), entries }),
    entry: (keySnippet: string, key: string, value: SNode): SEntry => ({ key: { kind: 'scalar', range: rangeOf(keySnippet), value: key }, value }),
  };
}
