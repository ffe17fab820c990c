/**
 * CDK code is lowered into the CloudFormation-shaped resource graph `cdk synth` would write, so the
 * template, policy and launch models (and every rule) read it as they read a template. Fixtures in
 * fixtures/cdk/ carry `// expect: <rule-id>[, <rule-id>]` markers with rule ids (all rules run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as tsParse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lintText, type LintOptions } from '../src/index.js';
import { parseCode } from '../src/loaders/code/parse.js';
import { codeFile, extractCode } from '../src/loaders/typescript.js';
import { findingsSnapshot, FIXTURES, ROOT, SETTINGS } from './fixture-harness.js';

const OPTS: LintOptions = { rules, levels: new Map(), ruleOptions: new Map(), settings: SETTINGS };
const MARKER = /\/\/\s*expect:\s*([a-z][\w-]*(?:\s*,\s*[a-z][\w-]*)*)\s*$/;

function expected(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((l, i) => {
    const m = MARKER.exec(l);
    if (m?.[1]) for (const id of m[1].split(',')) out.push(`${i + 1} ${id.trim()}`);
  });
  return out.sort();
}

function found(path: string, text: string): string[] {
  const r = lintText(path, text, OPTS);
  return r.findings
    .filter((f) => !f.suppression)
    .map((f) => `${f.region.startLine} ${f.ruleId}`)
    .sort();
}

/** Resource id → type of the lowered template. */
function resources(path: string, text: string): Record<string, string> {
  const t = codeFile(path, text, parseCode(path, text)).template;
  return Object.fromEntries([...(t?.resources.values() ?? [])].map((r) => [r.id, r.type]));
}

describe('CDK lowered into the template resource graph', () => {
  for (const name of [
    'launch-stack.ts',
    'launch-v1.ts',
    'capacity.ts',
    'nodegroup.ts',
    'nodegroup-v1.ts',
    'resource-policy.ts',
    'import-styles.ts',
    'shadowing.ts',
  ]) {
    it(`${name}: every rule fires where its marker says, and nowhere else`, async () => {
      const path = join(FIXTURES, 'cdk', name);
      const text = readFileSync(path, 'utf8');
      expect(expected(text).length).toBeGreaterThan(0);
      expect(found(`fixtures/cdk/${name}`, text)).toEqual(expected(text));
      // Columns, logical locations (the lowered resource and the path in it) and fingerprints: a
      // committed snapshot, which must exist unless vitest runs with -u.
      const snap = join(ROOT, 'test', '__snapshots__', 'fixtures', 'cdk', `${name}.findings.json`);
      if (expect.getState().snapshotState.snapshotUpdateState !== 'all') expect(existsSync(snap), `${snap} is missing: run with -u and review it`).toBe(true);
      await expect(findingsSnapshot(lintText(`fixtures/cdk/${name}`, text, OPTS).findings)).toMatchFileSnapshot(snap);
    });
  }

  it('writes the resources synth would: roles, default policies, profiles, launch templates', () => {
    const text = readFileSync(join(FIXTURES, 'cdk', 'launch-stack.ts'), 'utf8');
    expect(resources('stack.ts', text)).toEqual({
      AppRole: 'AWS::IAM::Role',
      AppRoleDefaultPolicy: 'AWS::IAM::Policy',
      Web: 'AWS::EC2::Instance',
      WebInstanceProfile: 'AWS::IAM::InstanceProfile',
      Quiet: 'AWS::EC2::Instance',
      QuietInstanceRole: 'AWS::IAM::Role',
      QuietInstanceProfile: 'AWS::IAM::InstanceProfile',
      Lt: 'AWS::EC2::LaunchTemplate',
      Asg: 'AWS::AutoScaling::AutoScalingGroup',
      AsgInstanceProfile: 'AWS::IAM::InstanceProfile',
      AsgLaunchTemplate: 'AWS::EC2::LaunchTemplate',
    });
  });

  it('writes EKS node groups as synth does: NodeRole, the node role CDK creates, LaunchTemplate and AmiType', () => {
    const text = readFileSync(join(FIXTURES, 'cdk', 'nodegroup.ts'), 'utf8');
    const file = codeFile('nodes.ts', text, parseCode('nodes.ts', text));
    const props = (id: string) => plain(file.template?.resources.get(id)?.properties);
    expect(props('Builders')).toEqual({ NodeRole: { 'Fn::GetAtt': ['NodeRole', 'Arn'] } });
    expect(props('Al2')).toEqual({
      NodeRole: { 'Fn::GetAtt': ['Al2NodeGroupRole', 'Arn'] },
      LaunchTemplate: { Id: { Ref: 'Al2Nodes' } },
      AmiType: 'AL2_x86_64',
    });
    expect(props('Open')).toMatchObject({ LaunchTemplate: { Id: { Ref: 'OpenNodes' } }, AmiType: 'AL2023_x86_64_STANDARD' });
    expect(props('L1Nodes')).toMatchObject({ NodeRole: { 'Fn::GetAtt': ['NodeRole', 'Arn'] }, LaunchTemplate: { Id: { Ref: 'OpenNodes' }, Version: '1' } });
    // Without nodeRole: trusted by EC2, with the three AWS managed policies CDK attaches.
    const role = file.template?.resources.get('PlainNodeGroupRole');
    expect(JSON.stringify(plain(role?.properties))).toContain('"Service":"ec2.amazonaws.com"');
    const managed = file.evaluator.list(role?.properties && get(role.properties, 'ManagedPolicyArns'));
    expect(managed.map((v) => v.parts.map((p) => (typeof p === 'string' ? p : `{${p.sym}}`)).join(''))).toEqual([
      'arn:{partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:{partition}:iam::aws:policy/AmazonEKS_CNI_Policy',
      'arn:{partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
    ]);
    // `plain.role.addToPrincipalPolicy(...)` reaches that role.
    expect(props('PlainNodeGroupRoleDefaultPolicy')).toMatchObject({ Roles: [{ Ref: 'PlainNodeGroupRole' }] });
    expect(
      file.launch.specs
        .filter((s) => s.kind === 'nodegroup')
        .map((s) => s.label)
        .sort(),
    ).toEqual(['Al2', 'Al2023', 'Builders', 'Default', 'L1Nodes', 'Open', 'Plain'].map((id) => `EKS node group ${id}`));
  });

  it('reads EKS v2 modules and the aws_eks namespace as aws-eks', () => {
    for (const imp of [
      "import * as eks from 'aws-cdk-lib/aws-eks-v2';",
      "import * as eks from '@aws-cdk/aws-eks-v2-alpha';",
      "import { aws_eks_v2 as eks } from 'aws-cdk-lib';",
      "import { aws_eks as eks } from 'aws-cdk-lib';",
    ]) {
      const text = `${imp}\nnew eks.Nodegroup(this, 'Ng', { cluster });\n`;
      expect(resources('s.ts', text), imp).toEqual({ Ng: 'AWS::EKS::Nodegroup', NgNodeGroupRole: 'AWS::IAM::Role' });
    }
  });

  it('attaches policies to the principals they name, and managed policies by ARN', () => {
    const text = [
      "import * as iam from 'aws-cdk-lib/aws-iam';",
      "const role = new iam.Role(this, 'R', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });",
      "const p = new iam.Policy(this, 'P', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });",
      'p.attachToRole(role);',
      "const user = new iam.User(this, 'U');",
      "const group = new iam.Group(this, 'G');",
      'group.addUser(user);',
    ].join('\n');
    const file = codeFile('s.ts', text, parseCode('s.ts', text));
    const t = file.template;
    expect(t).toBeDefined();
    const json = (id: string) => JSON.stringify(plain(t?.resources.get(id)?.properties));
    expect(json('P')).toContain('"Roles":[{"Ref":"R"}]');
    expect(json('U')).toContain('"Groups":[{"Ref":"G"}]');
    // The AWS managed policy ARN is symbolic in the partition; the policy name is kept.
    const managed = file.evaluator.list(t?.resources.get('R')?.properties && get(t.resources.get('R')?.properties, 'ManagedPolicyArns'));
    expect(managed.map((v) => v.parts.map((p) => (typeof p === 'string' ? p : `{${p.sym}}`)).join(''))).toEqual([
      'arn:{partition}:iam::aws:policy/ReadOnlyAccess',
    ]);
  });

  it('reads the same model from oxc-parser and from typescript-eslint ASTs (the ESLint plugin path)', () => {
    for (const name of ['launch-stack.ts', 'import-styles.ts', 'nodegroup.ts']) {
      const text = readFileSync(join(FIXTURES, 'cdk', name), 'utf8');
      const oxc = extractCode(name, text, parseCode(name, text));
      const tsAst = tsParse(text, { range: true, loc: false, jsx: false }) as unknown as TSESTree.Program;
      const viaTs = extractCode(name, text, tsAst);
      expect(JSON.stringify(viaTs.roots)).toEqual(JSON.stringify(oxc.roots));
      expect(viaTs.policies.length).toEqual(oxc.policies.length);
      expect(viaTs.launch.specs.map((s) => s.label)).toEqual(oxc.launch.specs.map((s) => s.label));
    }
  });

  it('says why a code file could not be read, at the position of the syntax error', () => {
    const r = lintText('broken.ts', "import * as iam from 'aws-cdk-lib/aws-iam';\nconst = 1;\n", OPTS);
    expect(r.status).toBe('error');
    const f = r.findings.find((x) => x.ruleId === 'invalid-input');
    expect(f?.message).toContain('Could not parse as TypeScript');
    expect(f?.region.startLine).toBe(2);
  });
});

import { get, type SNode } from '../src/index.js';

/** A source tree as plain JSON (ranges dropped), for readable assertions. */
function plain(n: SNode | undefined): unknown {
  if (!n) return undefined;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(plain);
  return Object.fromEntries(n.entries.map((e) => [String(e.key.value), plain(e.value)]));
}
