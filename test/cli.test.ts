import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorFromEnv, main } from '../src/cli.js';

const root = resolve(__dirname, '..');

async function run(argv: string[], cwd = root, stdin = '') {
  let out = '';
  let err = '';
  const code = await main(argv, {
    cwd,
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readStdin: async () => stdin,
    color: false,
    today: '2026-11-23',
  });
  return { code, out, err };
}

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const WILDCARD = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }],
  },
  null,
  2,
);
const MISSING_CONDITION = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app' }] },
  null,
  2,
);
const CLEAN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });

describe('cli', () => {
  it('reports findings as file:line:col level message rule-id and exits 1 on errors', async () => {
    const dir = tmp({ 'policy.json': WILDCARD });
    const r = await run(['policy.json'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('policy.json:7:19  error  This statement allows iam:PassRole on every role');
    expect(r.out).toMatch(/passrole-wildcard-resource\n/);
    expect(r.out).toContain('1 problem (1 error, 0 warnings, 0 notes)');
  });

  it('exits 0 when findings are below --fail-on, 1 when at or above it', async () => {
    const dir = tmp({ 'p.json': MISSING_CONDITION });
    expect((await run(['p.json'], dir)).code).toBe(0);
    expect((await run(['p.json', '--fail-on', 'warning'], dir)).code).toBe(1);
    expect((await run(['p.json', '--fail-on', 'none', '--rule', 'passrole-missing-passed-to-service=error'], dir)).code).toBe(0);
    expect((await run(['p.json', '--rule', 'passrole-missing-passed-to-service=error'], dir)).code).toBe(1);
    expect((await run(['p.json', '--rule', 'passrole-missing-passed-to-service=off', '--fail-on', 'note'], dir)).code).toBe(0);
  });

  it('exits 2 on usage errors, unknown rules, bad config and missing paths', async () => {
    const dir = tmp({ 'p.json': CLEAN });
    expect((await run(['--format', 'xml'], dir)).code).toBe(2);
    expect((await run(['--bogus'], dir)).code).toBe(2);
    expect((await run(['--rule', 'no-such-rule=off'], dir)).err).toContain("unknown rule 'no-such-rule'");
    expect((await run(['nope.json'], dir)).code).toBe(2);
    const bad = tmp({ '.iamlintrc.json': '{"rules": {"passrole-wildcard-resource": "loud"}, "colour": true}', 'p.json': CLEAN });
    const r = await run(['p.json'], bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown key 'colour'");
    expect(r.err).toContain('rules.passrole-wildcard-resource: must be one of off, note, warning, error');
  });

  it('finds .iamlintrc upward and applies levels, ownAccounts and ignorePatterns', async () => {
    const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }] });
    const dir = tmp({
      '.iamlintrc.yaml': 'ownAccounts: ["444455556666"]\nignorePatterns: ["vendor/"]\nrules:\n  passrole-wildcard-resource: warning\n',
      'sub/trust.json': trust,
      'sub/vendor/p.json': WILDCARD,
      'sub/p.json': WILDCARD,
    });
    const r = await run(['--format', 'json', '.'], join(dir, 'sub'));
    const report = JSON.parse(r.out) as { findings: { ruleId: string; level: string; file: string }[] };
    expect(report.findings.map((f) => [f.file, f.ruleId, f.level])).toEqual([['p.json', 'passrole-wildcard-resource', 'warning']]);
    expect(r.code).toBe(0);
  });

  it('walks directories honouring .gitignore and skipping node_modules, and accepts globs', async () => {
    const dir = tmp({
      '.gitignore': 'ignored/\n*.local.json\n',
      'a/p.json': WILDCARD,
      'ignored/p.json': WILDCARD,
      'a/x.local.json': WILDCARD,
      'node_modules/pkg/p.json': WILDCARD,
      'b/t.yaml': 'Statement:\n  - Effect: Allow\n    Action: "*"\n    Resource: "*"\n',
      'b/readme.txt': WILDCARD,
    });
    const all = JSON.parse((await run(['--format', 'json', '.'], dir)).out) as { findings: { file: string }[] };
    expect([...new Set(all.findings.map((f) => f.file))]).toEqual(['a/p.json', 'b/t.yaml']);
    const glob = JSON.parse((await run(['--format', 'json', 'b/*.yaml'], dir)).out) as { findings: { file: string }[] };
    expect([...new Set(glob.findings.map((f) => f.file))]).toEqual(['b/t.yaml']);
    const named = JSON.parse((await run(['--format', 'json', 'b/readme.txt'], dir)).out) as { findings: { file: string }[] };
    expect(named.findings.length).toBeGreaterThan(0);
  });

  it('reads standard input with --stdin-filename', async () => {
    const r = await run(
      ['-', '--stdin-filename', 'in.yaml'],
      root,
      'Statement:\n  Effect: Allow\n  Action: iam:PassRole\n  NotResource: arn:aws:iam::1:role/x\n',
    );
    expect(r.out).toContain('in.yaml:4:3  error  This statement allows iam:PassRole with NotResource');
    expect(r.code).toBe(1);
  });

  it('keeps going past unreadable files and reports them with a position', async () => {
    const dir = tmp({ 'a-broken.json': '{\n  "Statement": [\n', 'b.json': WILDCARD });
    const r = await run(['.'], dir);
    expect(r.out).toContain('a-broken.json:2:17  error  Could not read a-broken.json: Unexpected end of input');
    expect(r.out).toContain('b.json:7:19  error');
  });

  it('writes SARIF to --output and never prints a whole secret', async () => {
    const secret = 'q8Xv2LmN4pR7tY1uK9wE3zA6sD0fG5hJ/kL+Bc2V';
    const dir = tmp({
      'creds.yaml': `Parameters:\n  Id:\n    Default: AKIAQ3EGUNBS5OVWP4LZ\n  Key:\n    Default: ${secret}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n`,
    });
    for (const format of ['text', 'json', 'sarif']) {
      const r = await run(['--format', format, '-o', `out.${format}`, 'creds.yaml'], dir);
      const written = readFileSync(join(dir, `out.${format}`), 'utf8');
      expect(written).toContain('AKIA************P4LZ');
      expect(written + r.out + r.err).not.toContain(secret);
      expect(written + r.out + r.err).not.toContain('AKIAQ3EGUNBS5OVWP4LZ');
    }
  });

  it('--quiet lists errors only; --max-warnings fails a run with too many warnings', async () => {
    const dir = tmp({ 'a.json': WILDCARD, 'b.json': MISSING_CONDITION });
    const quiet = await run(['--quiet', '.'], dir);
    expect(quiet.out).toContain('a.json:7:19  error');
    expect(quiet.out).not.toContain('  warning  ');
    const quietJson = JSON.parse((await run(['--quiet', '--format', 'json', '.'], dir)).out) as { findings: { level: string; ruleId: string }[] };
    expect(quietJson.findings.every((f) => f.level === 'error')).toBe(true);
    expect(quietJson.findings.map((f) => f.ruleId)).toContain('passrole-wildcard-resource');
    expect(quietJson.findings.map((f) => f.ruleId)).not.toContain('passrole-missing-passed-to-service');
    const warnOnly = tmp({ 'b.json': MISSING_CONDITION, 'c.json': MISSING_CONDITION });
    expect((await run(['--max-warnings', '2', '.'], warnOnly)).code).toBe(0);
    const over = await run(['--max-warnings', '1', '.'], warnOnly);
    expect(over.code).toBe(1);
    expect(over.err).toContain('too many warnings (2; maximum: 1)');
    expect((await run(['--max-warnings', 'x', '.'], warnOnly)).code).toBe(2);
  });

  it('writes github, junit and gitlab reports', async () => {
    const dir = tmp({ 'p.json': WILDCARD });
    const gh = await run(['--format', 'github', 'p.json'], dir);
    expect(gh.code).toBe(1);
    expect(gh.out).toMatch(
      /^::error file=p\.json,line=7,endLine=7,col=19,endColumn=22,title=iamlint passrole-wildcard-resource::This statement allows iam:PassRole/,
    );
    const xml = (await run(['--format', 'junit', 'p.json'], dir)).out;
    expect(xml).toMatch(/<testsuite name="p\.json" tests="\d+" failures="\d+"/);
    expect(xml).toContain(
      '<testcase name="passrole-wildcard-resource at 7:19" classname="p.json" file="p.json" line="7"><failure message="This statement allows iam:PassRole',
    );
    const cq = JSON.parse((await run(['--format', 'gitlab', 'p.json'], dir)).out) as {
      check_name: string;
      location: { path: string; lines: { begin: number } };
    }[];
    expect(cq.filter((i) => i.check_name.startsWith('passrole-')).map((i) => [i.check_name, i.location.path, i.location.lines.begin])).toEqual([
      ['passrole-wildcard-resource', 'p.json', 7],
    ]);
  });

  it('decides colour from --color/--no-color, FORCE_COLOR, NO_COLOR and the terminal', async () => {
    expect(colorFromEnv({}, true)).toBe(true);
    expect(colorFromEnv({}, false)).toBe(false);
    expect(colorFromEnv({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorFromEnv({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorFromEnv({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorFromEnv({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorFromEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    const dir = tmp({ 'p.json': WILDCARD });
    expect((await run(['--color', 'p.json'], dir)).out).toContain('\u001b[31merror');
    expect((await run(['--no-color', 'p.json'], dir)).out).not.toContain('\u001b[');
    const help = (await run(['--help'])).out;
    for (const opt of [
      '--color, --no-color',
      '--quiet',
      '--max-warnings <n>',
      '--print-config <file>',
      'FORCE_COLOR',
      'NO_COLOR',
      'github',
      'junit',
      'gitlab',
      'tag:<tag>',
    ]) {
      expect(help).toContain(opt);
    }
  });

  it('lists rules, prints its version and help', async () => {
    expect((await run(['--list-rules'])).out).toMatch(/^passrole-wildcard-resource +error +iam:PassRole is allowed on every role\./m);
    expect((await run(['--version'])).out.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect((await run(['--help'])).out).toContain('Usage: iamlint');
  });
});

describe('start-up: what one run of the CLI loads before it reads a file', () => {
  it('loads ajv only for a configuration file, and never the yaml package', async () => {
    const { build } = await import('esbuild');
    const r = await build({
      absWorkingDir: root,
      entryPoints: ['src/cli-entry.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      outdir: join(tmpdir(), 'iamlint-startup'),
      logLevel: 'silent',
    });
    const inputs = r.metafile.inputs;
    // Modules reachable through static imports and require() from the entry: what every run evaluates.
    const seen = new Set<string>(['src/cli-entry.ts']);
    const queue = ['src/cli-entry.ts'];
    for (let p = queue.pop(); p !== undefined; p = queue.pop()) {
      for (const imp of inputs[p]?.imports ?? []) {
        if (imp.kind === 'dynamic-import' || imp.external || seen.has(imp.path)) continue;
        seen.add(imp.path);
        queue.push(imp.path);
      }
    }
    const eager = [...seen];
    // The walk does reach the modules every run needs (js-yaml, vendored, reads YAML; ignore reads .gitignore).
    expect(eager).toContain('src/loaders/vendor/js-yaml.ts');
    expect(eager.some((m) => m.includes('node_modules/ignore/'))).toBe(true);
    expect(
      eager.filter((m) => m.includes('node_modules/js-yaml/')),
      'js-yaml is bundled twice',
    ).toEqual([]);
    expect(
      eager.filter((m) => m.includes('node_modules/ajv/')),
      'ajv is imported statically',
    ).toEqual([]);
    expect(
      eager.filter((m) => /node_modules\/yaml\//.test(m)),
      'the yaml package is imported statically',
    ).toEqual([]);
    // ajv is still in the bundle, behind the dynamic import of src/node/config-file.ts.
    expect(Object.keys(inputs).some((m) => m.includes('node_modules/ajv/'))).toBe(true);
  });
});

describe('package.json (what every install path gets; test/install.test.ts installs it for real)', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    exports: Record<string, { default: string }>;
    files: string[];
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };

  it('has no script that makes npm prepare a git install (pacote installs devDependencies in the clone first)', () => {
    // pacote's git fetcher runs a full `npm install` in the clone when one of these exists; global git
    // installs (pre-commit ≥ 4.6.1) then fail, and every git install pulls the devDependencies.
    for (const s of ['build', 'prepare', 'prepack', 'preinstall', 'install', 'postinstall']) expect(Object.keys(pkg.scripts)).not.toContain(s);
    expect(pkg.scripts['test:e2e']).toContain('vitest.e2e.config.ts');
  });

  it('points the bin and the ESLint plugin entry at committed bundles that it ships', () => {
    expect(pkg.exports['./eslint-plugin']?.default).toBe('./dist-action/eslint-plugin.js');
    for (const f of ['bin', 'dist-action/cli.cjs', 'dist-action/worker.js', 'dist-action/eslint-plugin.js', 'schema']) expect(pkg.files).toContain(f);
    expect(readFileSync(join(root, 'bin', 'iamlint.cjs'), 'utf8')).toContain("'dist-action', 'cli.cjs'");
  });

  it('asks nothing of the project that blocks TypeScript 7 or ESLint 10, and declares only what it imports', () => {
    expect(Object.keys(pkg.peerDependencies)).toEqual(['eslint']);
    expect(pkg.peerDependencies['eslint']).toBe('^9.7.0 || ^10.0.0');
    expect(Object.keys(pkg.dependencies)).not.toContain('picomatch');
    expect(Object.keys(pkg.dependencies)).not.toContain('@typescript-eslint/typescript-estree');
  });
});

describe.skipIf(!existsSync(join(root, 'dist', 'src', 'cli.js')))('bin/iamlint.cjs (built)', () => {
  it('runs the README quick start on the bundled demo', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'iamlint.cjs'), 'fixtures/demo'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('fixtures/demo/app-stack.yaml:71:22  error');
    expect(r.stdout).toContain('passrole-wildcard-resource');
    expect(r.stdout).toContain('trust-oidc-unscoped');
    expect(r.stdout).toContain('hardcoded-credentials');
    expect(r.stdout).toContain('imdsv2-not-required');
    expect(r.stdout).toContain('userdata-secret');
    expect(r.stdout).toContain('fixtures/demo/cdk-stack.ts:11:18  error');
  });

  it('uses worker threads on large runs and gives the same findings as one thread', () => {
    const dir = tmp(Object.fromEntries(Array.from({ length: 260 }, (_, i) => [`p${String(i).padStart(3, '0')}.json`, i % 2 ? WILDCARD : CLEAN])));
    const one = execFileSync(process.execPath, [join(root, 'bin', 'iamlint.cjs'), '--format', 'json', '--threads', '1', '--fail-on', 'none', '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const two = execFileSync(process.execPath, [join(root, 'bin', 'iamlint.cjs'), '--format', 'json', '--threads', '2', '--fail-on', 'none', '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(JSON.parse(two)).toEqual(JSON.parse(one));
    expect((JSON.parse(one) as { findings: unknown[] }).findings).toHaveLength(130);
  });
});
