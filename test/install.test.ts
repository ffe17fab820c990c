/**
 * End-to-end installs (`npm run test:e2e`, not `npm test`): iamlint installed into scratch projects the
 * ways users install it, each giving a working CLI and a working `iamlint/eslint-plugin` entry:
 * a packed tarball, a directory, a git URL, and pre-commit's two ways (3.x: `npm pack`, whose standard
 * output it reads as the tarball name, then `npm install -g <tarball>`; ≥ 4.6.1: a global install of the
 * git repository without devDependencies). The scratch projects use TypeScript 7 (what `npm i typescript`
 * gives) and ESLint 9 or 10, and must install without `--legacy-peer-deps`.
 *
 * The registry must be reachable; when it is not, the tests skip and say so. `IAMLINT_INSTALL_ROOT` points
 * them at another checkout (default: this one).
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(process.env['IAMLINT_INSTALL_ROOT'] ?? join(__dirname, '..'));
const work = mkdtempSync(join(tmpdir(), 'iamlint-install-'));
const npmCache = join(work, 'npm-cache');

function sh(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, [...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_cache: npmCache, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env },
    timeout: 600_000,
  });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const online = sh('npm', ['view', 'typescript', 'version'], work).status === 0;
if (!online) console.warn('test/install.test.ts: the npm registry is not reachable; the install tests are skipped.');

const WILDCARD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }, null, 2);
const SDK = `import { S3Client } from '@aws-sdk/client-s3';\nexport const s3 = new S3Client({ credentials: { accessKeyId: 'AKIAQ3EGUNBS5OVWP4LZ', secretAccessKey: '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' } });\n`;
/** A CDK stack (aws-cdk-lib itself need not be installed: iamlint reads the code, never runs it). */
const STACK = `import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n\nexport class Deploy extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    const role = new iam.Role(this, 'Deployer', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });\n    role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] }));\n  }\n}\n`;
const ESLINT_CONFIG = `import iamlint from 'iamlint/eslint-plugin';\nexport default [iamlint.configs.recommended, iamlint.configs.data, iamlint.configs.code];\n`;

/** A scratch project as a user has it: TypeScript 7 and an ESLint, then iamlint installed by `spec`. */
function project(name: string, eslint: string, spec: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'policies'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `scratch-${name}`, private: true, type: 'module' }, null, 2));
  writeFileSync(join(dir, 'policies', 'deploy.json'), WILDCARD);
  writeFileSync(join(dir, 'src', 'client.js'), SDK);
  writeFileSync(join(dir, 'src', 'stack.ts'), STACK);
  writeFileSync(join(dir, 'eslint.config.js'), ESLINT_CONFIG);
  ok(sh('npm', ['install', '--save-dev', 'typescript@7', `eslint@${eslint}`], dir), `npm install typescript@7 eslint@${eslint}`);
  ok(sh('npm', ['install', '--save-dev', spec], dir), `npm install ${spec}`);
  return dir;
}

/** The CLI and the plugin both find the wildcard PassRole (and the plugin the SDK keys too). */
function expectWorking(dir: string, bin = join(dir, 'node_modules', '.bin', 'iamlint')): void {
  const cli = sh(bin, ['--no-color', 'policies'], dir);
  expect(cli.stderr).not.toContain('internal error');
  expect(cli.stdout).toContain('policies/deploy.json:7:19  error  This statement allows iam:PassRole on every role');
  expect(cli.status).toBe(1);
  // A CDK stack in a TypeScript 7 project: read with iamlint's own parser, whatever TypeScript the project has.
  const code = sh(bin, ['--no-color', 'src/stack.ts'], dir);
  expect(code.stdout, code.stderr).toContain("src/stack.ts:8:87  error  This statement allows iam:PassRole on every role ('*')");
  expect(code.status).toBe(1);
  // The editor too: typescript-eslint does not install beside TypeScript 7, so `.ts` goes through iamlint's own language.
  const eslint = sh(join(dir, 'node_modules', '.bin', 'eslint'), ['--format', 'json', 'policies/deploy.json', 'src/client.js', 'src/stack.ts'], dir);
  const results = JSON.parse(eslint.stdout || '[]') as { filePath: string; messages: { ruleId: string | null; line: number }[] }[];
  const ids = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)} ${m.ruleId}`));
  expect(ids, eslint.stderr).toContain('policies/deploy.json iamlint/passrole-wildcard-resource');
  expect(ids).toContain('src/client.js iamlint/hardcoded-credentials');
  expect(ids).toContain('src/stack.ts iamlint/passrole-wildcard-resource');
  expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === null))).toEqual([]);
  expect(eslint.status).toBe(1);
}

/** The files of this checkout as git would commit them, in a fresh repository (git URLs install HEAD). */
function gitCopy(): string {
  const repo = join(work, 'repo');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(root, f)));
  for (const f of files) cpSync(join(root, f), join(repo, f), { recursive: true });
  const git = (...args: string[]) => ok(sh('git', ['-c', 'user.name=iamlint', '-c', 'user.email=test@example.invalid', ...args], repo), `git ${args[0]}`);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'snapshot');
  return repo;
}

describe.skipIf(!online)('installs (npm registry reachable)', () => {
  let tarball = '';
  let repo = '';

  beforeAll(() => {
    repo = gitCopy();
    // pre-commit 3.x runs `npm pack` and takes its standard output as the tarball's name: nothing else may be printed there.
    const out = ok(sh('npm', ['pack', '--pack-destination', work], repo), 'npm pack');
    expect(out.trim().split('\n')).toEqual([expect.stringMatching(/^iamlint-\d+\.\d+\.\d+\.tgz$/)]);
    tarball = join(work, out.trim());
    expect(existsSync(tarball)).toBe(true);
  }, 600_000);

  it('from a packed tarball, into a TypeScript 7 + ESLint 9 project', () => {
    expectWorking(project('tarball', '9', tarball));
  });

  it('from a directory (npm i <dir>), into a TypeScript 7 + ESLint 10 project', () => {
    expectWorking(project('dir', '10', repo));
  });

  it('from a git URL (npm i git+file://...)', () => {
    expectWorking(project('git', '9', `git+${pathToFileURL(repo).href}`));
  });

  it('as pre-commit 3.x and ≥ 4.6.1 install a hook: a global install of the tarball, and of the git repository without devDependencies', () => {
    for (const [name, spec, extra] of [
      ['global-tarball', tarball, []],
      ['global-git', `git+${pathToFileURL(repo).href}`, ['--omit=dev']],
    ] as const) {
      const prefix = join(work, name);
      ok(sh('npm', ['install', '-g', '--prefix', prefix, ...extra, spec], work), `npm install -g ${spec}`);
      const pkg = join(prefix, 'lib', 'node_modules', 'iamlint');
      // What the hook runs: the bin on the PATH of pre-commit's environment.
      const dir = join(work, `${name}-scan`);
      mkdirSync(join(dir, 'policies'), { recursive: true });
      writeFileSync(join(dir, 'policies', 'deploy.json'), WILDCARD);
      const cli = sh(join(prefix, 'bin', 'iamlint'), ['--no-color', 'policies/deploy.json'], dir);
      expect(cli.stdout, cli.stderr).toContain('policies/deploy.json:7:19  error  This statement allows iam:PassRole on every role');
      expect(cli.status).toBe(1);
      // The plugin entry resolves and loads from the installed package too.
      const plugin = sh(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(pathToFileURL(join(pkg, 'dist-action', 'eslint-plugin.js')).href)}); console.log(Object.keys(m.default.rules).length);`,
        ],
        dir,
      );
      expect(Number(plugin.stdout.trim()), plugin.stderr).toBeGreaterThan(10);
      expect(readdirSync(join(pkg, 'dist-action'))).toEqual(expect.arrayContaining(['cli.cjs', 'worker.js', 'eslint-plugin.js']));
    }
  });
});
