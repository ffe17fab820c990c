import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SCAN_EXTENSIONS } from '../src/loaders/load.js';

const root = resolve(__dirname, '..');

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
  args?: string[];
}
const hooks = parseYaml(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string>; files: string[] };

const BAD = readFileSync(join(root, 'fixtures', 'cli', 'app-stack.yaml'), 'utf8');
const BAD_CDK =
  "import * as iam from 'aws-cdk-lib/aws-iam';\n\nexport const deploy = new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] });\n";
const CLEAN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2);

/** pre-commit's `files` is a Python regular expression; `(?i)` at the start is the only Python-only part we use. */
function hookPattern(h: Hook): RegExp {
  return h.files.startsWith('(?i)') ? new RegExp(h.files.slice(4), 'i') : new RegExp(h.files);
}

describe('.pre-commit-hooks.yaml', () => {
  const hook = hooks.find((h) => h.id === 'iamlint');

  it('declares the iamlint hook as a node hook that runs the package bin on the staged file names', () => {
    expect(hook).toMatchObject({ id: 'iamlint', language: 'node', entry: 'iamlint', pass_filenames: true, args: ['--'] });
    expect(pkg.bin[hook!.entry]).toBe('bin/iamlint.cjs');
  });

  it('checks exactly the file types iamlint reads in directories', () => {
    const re = hookPattern(hook!);
    const candidates = [...new Set([...SCAN_EXTENSIONS, '.jsx', '.mtsx', '.d', '.txt', '.md', '.py', '.tf', '.jsonc', '.yamlx'])];
    expect(candidates.filter((ext) => re.test(`dir/file${ext}`)).sort()).toEqual([...SCAN_EXTENSIONS].sort());
    expect(re.test('Template.YAML')).toBe(true);
    expect(re.test('cdk.out/App.template.json')).toBe(true);
  });

  it('needs no build at install: no lifecycle script pre-commit would trip on, and the bundle is in the package', () => {
    // pre-commit reads `npm pack`'s standard output as the tarball name; npm prints lifecycle
    // scripts there (pre-commit/pre-commit#3460), so prepare/prepack/postpack would break the install.
    for (const s of ['prepare', 'prepack', 'postpack', 'preinstall', 'install', 'postinstall']) expect(pkg.scripts[s], s).toBeUndefined();
    expect(pkg.files).toEqual(expect.arrayContaining(['bin', 'schema', 'dist-action/cli.cjs', 'dist-action/worker.js']));
  });

  it('bin/iamlint.cjs runs the committed bundle when dist/ was never built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamlint-nodist-'));
    for (const p of ['bin', 'schema', 'package.json', 'dist-action/cli.cjs', 'dist-action/worker.js']) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      cpSync(join(root, p), join(dir, p), { recursive: true });
    }
    writeFileSync(join(dir, 'bad.yaml'), BAD);
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'iamlint.cjs'), 'bad.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('bad.yaml:54:22  error  This statement allows iam:PassRole on every role');
    expect(spawnSync(process.execPath, [join(dir, 'bin', 'iamlint.cjs'), '--version'], { encoding: 'utf8' }).stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });
});

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const hasPreCommit = preCommit.status === 0;
if (!hasPreCommit)
  console.warn('test/pre-commit.test.ts: `pre-commit` is not installed (.ci/run installs it: apt-get install pre-commit); skipping the real pre-commit runs.');

/** The TypeScript the README tells hook users to add for code files: the version this repository develops with. */
const TYPESCRIPT = `typescript@${(JSON.parse(readFileSync(join(root, 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string }).version}`;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'iamlint test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'iamlint test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
}

/**
 * This repository as a fresh clone would have it: the working tree's tracked and not-ignored files,
 * committed in a new repository. (try-repo on a dirty tree leaves untracked files out; CI's clone is
 * clean, and then this is exactly HEAD.)
 */
function snapshotRepo(): { dir: string; rev: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-hook-repo-'));
  const list = git(root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  for (const rel of new Set(list)) {
    if (!existsSync(join(root, rel))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    cpSync(join(root, rel), join(dir, rel));
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'snapshot');
  return { dir, rev: git(dir, 'rev-parse', 'HEAD').trim() };
}

function workRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-precommit-work-'));
  git(dir, 'init', '-q');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  git(dir, 'add', '-A');
  return dir;
}

describe.skipIf(!hasPreCommit)(`the real pre-commit (${(preCommit.stdout ?? '').trim() || 'not installed'})`, () => {
  const hookRepo = hasPreCommit ? snapshotRepo() : { dir: '', rev: '' };
  const env = { ...gitEnv, PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), 'iamlint-pre-commit-home-')) };

  it('try-repo: blocks staged files with a bad template and shows the finding; passes clean ones', { timeout: 300_000 }, () => {
    const work = workRepo({ 'infra/app.yaml': BAD, 'README.txt': 'not checked' });
    const bad = spawnSync('pre-commit', ['try-repo', hookRepo.dir, 'iamlint'], { cwd: work, env, encoding: 'utf8' });
    expect(bad.status, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/iamlint\.+Failed/);
    expect(bad.stdout).toContain('infra/app.yaml:54:22  error  This statement allows iam:PassRole on every role');
    expect(bad.stdout).toContain('2 errors, 1 warning');

    git(work, 'rm', '-q', '--cached', 'infra/app.yaml');
    writeFileSync(join(work, 'infra', 'policy.json'), CLEAN);
    // A code file without the typescript package in the hook's environment: not a failure either way.
    writeFileSync(join(work, 'infra', 'app.ts'), "export const bucketName = 'logs';\n");
    git(work, 'add', 'infra/policy.json', 'infra/app.ts');
    const clean = spawnSync('pre-commit', ['try-repo', hookRepo.dir, 'iamlint'], { cwd: work, env, encoding: 'utf8' });
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/iamlint\.+Passed/);
  });

  it('a committed file named like an option is a file to check: the hook still blocks and writes nothing', { timeout: 300_000 }, () => {
    // Without `--` before the file names, iamlint read `--write-baseline=x.json` as the option: it
    // recorded every finding in x.json, treated them as baselined and passed; `--output=report.json`
    // overwrote that committed file with the report.
    const work = workRepo({ '--write-baseline=x.json': CLEAN, '--output=report.json': CLEAN, 'infra/app.yaml': BAD });
    const r = spawnSync('pre-commit', ['try-repo', hookRepo.dir, 'iamlint'], { cwd: work, env, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/iamlint\.+Failed/);
    expect(r.stdout).toContain('infra/app.yaml:54:22  error  This statement allows iam:PassRole on every role');
    expect(existsSync(join(work, 'x.json'))).toBe(false);
    expect(readFileSync(join(work, '--output=report.json'), 'utf8')).toBe(CLEAN);
    expect(git(work, 'status', '--porcelain', '--untracked-files=all')).toBe('A  --output=report.json\nA  --write-baseline=x.json\nA  infra/app.yaml\n');
  });

  it('as installed from .pre-commit-config.yaml: git commit is blocked by a bad template and goes through when clean', { timeout: 300_000 }, () => {
    const work = workRepo({});
    // The configuration the README shows (with TypeScript for code files), pointed at this repository's snapshot.
    writeFileSync(
      join(work, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hookRepo.dir}\n    rev: ${hookRepo.rev}\n    hooks:\n      - id: iamlint\n        additional_dependencies: ['${TYPESCRIPT}']\n`,
    );
    git(work, 'add', '.pre-commit-config.yaml');
    execFileSync('pre-commit', ['install'], { cwd: work, env });

    writeFileSync(join(work, 'stack.yaml'), BAD);
    mkdirSync(join(work, 'lib'));
    writeFileSync(join(work, 'lib', 'deploy.ts'), BAD_CDK);
    git(work, 'add', 'stack.yaml', 'lib/deploy.ts');
    const blocked = spawnSync('git', ['commit', '-m', 'add stack'], { cwd: work, env, encoding: 'utf8' });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('stack.yaml:73:21  error  The subject');
    expect(blocked.stdout + blocked.stderr).toContain('lib/deploy.ts:3:88  error  This statement allows iam:PassRole on every role');
    expect(spawnSync('git', ['rev-parse', 'HEAD'], { cwd: work, env }).status).not.toBe(0); // nothing committed

    git(work, 'rm', '-q', '--cached', 'stack.yaml', 'lib/deploy.ts');
    writeFileSync(join(work, 'policy.json'), CLEAN);
    git(work, 'add', 'policy.json');
    const clean = spawnSync('git', ['commit', '-m', 'add policy'], { cwd: work, env, encoding: 'utf8' });
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toMatch(/iamlint\.+Passed/);
    expect(git(work, 'show', '--name-only', '--format=', 'HEAD').split('\n').filter(Boolean).sort()).toEqual(['.pre-commit-config.yaml', 'policy.json']);
  });
});
