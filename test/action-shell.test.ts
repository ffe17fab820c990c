import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The Action as built from the current sources (test/action.test.ts runs the committed bundle, which
 * the lead rebuilds at the end): bundled into a temporary package beside package.json and schema/.
 */
const root = resolve(__dirname, '..');
const pkg = mkdtempSync(join(tmpdir(), 'iamlint-action-src-'));
for (const p of ['package.json', 'schema', 'node_modules']) symlinkSync(join(root, p), join(pkg, p));
const build = (await import(pathToFileURL(join(root, 'scripts', 'build-action.mjs')).href)) as { buildAction: (outdir: string) => Promise<string[]> };
await build.buildAction(join(pkg, 'dist-action'));
const BUNDLE = join(pkg, 'dist-action', 'index.js');

const BAD_TEMPLATE = readFileSync(join(root, 'fixtures', 'cli', 'app-stack.yaml'), 'utf8');
const CDK = "import * as iam from 'aws-cdk-lib/aws-iam';\n\nexport const deploy = new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] });\n";
// Not AWS's documented example key: a key id and a secret that look real, planted where messages may quote them.
const KEY_ID = 'AKIAZ7Q3HJK2M4N6P8R1';
const SECRET = 'Zq8Jw3Lr5Tn7Vx9Bz2Dc4Fg6Hj8Kl0Mn1Pq3Rs5T';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-action-ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function runAction(ws: string, inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-runner-'));
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary.md') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    INPUT_FORMAT: 'text',
    'INPUT_SARIF-FILE': 'iamlint.sarif',
    INPUT_ANNOTATIONS: 'true',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [BUNDLE], { cwd: ws, env, encoding: 'utf8' });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(files.output, 'utf8').split('\n'))
    if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  const sarif = (() => {
    try {
      return readFileSync(join(ws, 'iamlint.sarif'), 'utf8');
    } catch {
      return '';
    }
  })();
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(files.summary, 'utf8'), sarif };
}

describe('the Action selects files as the CLI does, and says so when nothing is selected', () => {
  it('an empty `paths` (a list of changed files that came out empty) is a usage error, not a scan of the workspace', () => {
    const ws = workspace({ 'p.json': BAD_TEMPLATE });
    const r = runAction(ws, { paths: ' \n ' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("::error title=iamlint::input 'paths' is empty");
    expect(r.summary).toContain("iamlint could not run: input 'paths' is empty");
    expect(r.outputs).toEqual({});
  });

  it('a glob that matches nothing is a usage error naming it', () => {
    const ws = workspace({ 'infra/app.yaml': BAD_TEMPLATE });
    const r = runAction(ws, { paths: 'infra/**/*.json' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("::error title=iamlint::no files match the pattern 'infra/**/*.json'");
  });
});

describe('paths from the Action are never options', () => {
  it('a file named `--write-baseline=x.json` in `paths` (or found by a glob) is checked, and nothing is written', () => {
    const wildcard = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] });
    const ws = workspace({ '--write-baseline=x.json': wildcard, 'infra/--output=y.json': wildcard });
    const r = runAction(ws, { paths: '--write-baseline=x.json infra/*.json' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error file=--write-baseline=x.json,');
    expect(r.stdout).toContain('::error file=infra/--output=y.json,');
    expect(existsSync(join(ws, 'x.json'))).toBe(false);
    expect(existsSync(join(ws, 'y.json'))).toBe(false);
  });
});

describe('the Action scans code files like the CLI and counts truthfully', () => {
  it('finds the CDK finding; files a cheap check ruled out are skipped, not scanned', () => {
    const ws = workspace({
      'infra/app.yaml': BAD_TEMPLATE,
      'lib/deploy.ts': CDK,
      'lib/types.d.ts': CDK,
      'dist/index.js': `/******/ (() => { // webpackBootstrap\nvar __nccwpck_require__ = {};\n${CDK}`,
      'notes.yaml': 'title: release notes\nitems: [a, b]\n',
    });
    const r = runAction(ws, { paths: '.' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lib/deploy.ts:3:88  error  This statement allows iam:PassRole on every role');
    expect(r.outputs['files-scanned']).toBe('2');
    expect(r.outputs['files-skipped']).toBe('3');
    expect(r.summary).toMatch(/ in 2 files of 2 scanned/);
  });
});

describe('Action output never carries a whole secret', () => {
  it('masks keys quoted by a configuration error, findings, notes and the job summary', () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      `  ${KEY_ID}:`,
      '    Type: AWS::IAM::User',
      '  Key:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Environment:',
      '        Variables:',
      `          AWS_ACCESS_KEY_ID: ${KEY_ID}`,
      `          AWS_SECRET_ACCESS_KEY: ${SECRET}`,
      '',
    ].join('\n');
    const ws = workspace({ 'stack.yaml': template, 'bad-config.json': JSON.stringify({ rules: { [KEY_ID]: 'off', [SECRET]: 'off' } }) });
    const findings = runAction(ws, { paths: 'stack.yaml' });
    expect(findings.stdout).toContain('AKIA');
    const config = runAction(ws, { paths: 'stack.yaml', config: 'bad-config.json' });
    expect(config.code).toBe(2);
    for (const r of [findings, config]) {
      for (const text of [r.stdout, r.stderr, r.summary, r.sarif, JSON.stringify(r.outputs)]) {
        expect(text).not.toContain(KEY_ID);
        expect(text).not.toContain(SECRET);
      }
    }
  });
});
