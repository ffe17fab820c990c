import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { findConfig } from '../src/node/config-file.js';
import { discover, repoRoot } from '../src/node/discover.js';
import { runLint } from '../src/node/run-lint.js';

const WILDCARD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }, null, 2);
const TEMPLATE = JSON.stringify(
  { Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: JSON.parse(WILDCARD) as object } } } },
  null,
  2,
);

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-discover-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function cli(argv: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (s) => (out += s), stderr: (s) => (err += s), readStdin: async () => '', color: false, today: '2026-12-02' });
  return { code, out, err };
}

describe('the repository root bounds the search upward', () => {
  it('honours .gitignore files above the working directory up to the repository root (a monorepo subfolder)', async () => {
    const repo = tmp({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'cdk.out/\n',
      'packages/app/.gitignore': '*.local.json\n',
      'packages/app/cdk.out/App.template.json': TEMPLATE,
      'packages/app/lib/policy.json': WILDCARD,
      'packages/app/lib/dev.local.json': WILDCARD,
    });
    const app = join(repo, 'packages', 'app');
    expect(repoRoot(app)).toBe(repo);
    // Before: only .gitignore files at or below the scanned directory counted, so cdk.out was scanned.
    const { run } = await runLint({ cwd: app, paths: [], today: '2026-12-02' });
    expect(run.files.map((f) => f.file)).toEqual(['lib/policy.json']);
    // From the root, the same files: what git tracks is what is scanned, wherever the scan starts.
    expect(discover(['.'], repo, [], repo).files).toEqual([join(app, 'lib', 'policy.json')]);
  });

  it('stops at the repository root: a .gitignore above it does not apply', () => {
    const outer = tmp({ '.gitignore': '*.json\n', 'repo/.git': 'gitdir: /elsewhere/.git/worktrees/repo\n', 'repo/policy.json': WILDCARD });
    expect(discover(['.'], join(outer, 'repo'), [], join(outer, 'repo')).files).toEqual([join(outer, 'repo', 'policy.json')]);
  });

  it('looks for the configuration upward only to the repository root, not above it', async () => {
    const outer = tmp({
      '.iamlintrc.json': '{"rules": {"passrole-wildcard-resource": "off"}}',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/infra/policy.json': WILDCARD,
      'plain/policy.json': WILDCARD,
    });
    const infra = join(outer, 'repo', 'infra');
    // Before: the file above the repository turned the rule off for it.
    expect(findConfig(infra)).toBeUndefined();
    const { run } = await runLint({ cwd: infra, paths: [], today: '2026-12-02' });
    expect(run.files[0]?.findings.map((f) => f.ruleId)).toContain('passrole-wildcard-resource');
    // Outside any repository the search still goes up.
    expect(findConfig(join(outer, 'plain'))).toBe(join(outer, '.iamlintrc.json'));
    // In the repository, a config at its root is found from below.
    writeFileSync(join(outer, 'repo', '.iamlintrc.json'), '{}');
    expect(findConfig(infra)).toBe(join(outer, 'repo', '.iamlintrc.json'));
  });
});

describe('a path or glob that selects nothing is a usage error (exit 2), as in ESLint', () => {
  it('a glob that matches no file', async () => {
    const dir = tmp({ 'infra/policy.json': WILDCARD });
    const r = await cli(['infra/**/*.yml'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe("iamlint: no files match the pattern 'infra/**/*.yml'\n");
    expect(r.out).toBe('');
    expect((await cli(['infra/**/*.json'], dir)).code).toBe(1);
  });

  it('a directory with no file iamlint reads, and the default directory when it is empty', async () => {
    const dir = tmp({ 'docs/README.md': '# docs\n', 'infra/policy.json': WILDCARD });
    const r = await cli(['docs', 'infra'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no files iamlint reads (.json, .yaml, .yml, .template, .ts');
    expect(r.err).toContain("in 'docs'");
    const empty = tmp({});
    expect((await cli([], empty)).code).toBe(2);
  });

  it('everything in the directory ignored is nothing to check either', async () => {
    const dir = tmp({ '.gitignore': 'gen/\n', 'gen/policy.json': WILDCARD });
    expect((await cli(['.'], dir)).code).toBe(2);
  });
});

describe('file names that look like options are files', () => {
  it('after --, `--write-baseline=x.json` and `--output=…` are files to check: the finding is reported and nothing is written', async () => {
    const dir = tmp({ '--write-baseline=x.json': WILDCARD, '--output=report.txt': WILDCARD });
    const r = await cli(['--', '--write-baseline=x.json', '--output=report.txt'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('--write-baseline=x.json:');
    expect(r.out).toContain('--output=report.txt:');
    expect(readdirSync(dir).sort()).toEqual(['--output=report.txt', '--write-baseline=x.json']);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('a glob that expands to such names never makes options of them (globs are expanded after argument parsing)', async () => {
    const dir = tmp({ 'infra/--write-baseline=x.json': WILDCARD });
    const r = await cli(['infra/*.json'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('infra/--write-baseline=x.json:');
    expect(readdirSync(join(dir, 'infra'))).toEqual(['--write-baseline=x.json']);
  });
});
