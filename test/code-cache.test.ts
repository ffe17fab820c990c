import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
// One finding: a PassRole on every role.
const BAD = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: '*'
`;
const TF = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole",
      Resource = "*" }]
  })
}
`;

describe('bin/iamlint.cjs code cache (Node below 22.1, where Node has no compile cache of its own)', () => {
  const nodeHasCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  function pkgDir() {
    const dir = mkdtempSync(join(tmpdir(), 'iamlint-cache-pkg-'));
    // dist-action whole: the HCL parser's WASM files are read from beside the bundle.
    for (const p of ['bin', 'schema', 'package.json', 'dist-action']) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      cpSync(join(root, p), join(dir, p), { recursive: true });
    }
    writeFileSync(join(dir, 'bad.yaml'), BAD);
    writeFileSync(join(dir, 'main.tf'), TF);
    return dir;
  }
  const runIn = (dir: string, tmp: string) =>
    spawnSync(process.execPath, [join(dir, 'bin', 'iamlint.cjs'), '--no-color', 'bad.yaml', 'main.tf'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmp },
    });

  it.skipIf(nodeHasCompileCache || uid === undefined)(
    'writes the cache on the first run, in a directory only this user may open, and gives the same report from it',
    () => {
      const dir = pkgDir();
      const tmp = mkdtempSync(join(tmpdir(), 'iamlint-cache-tmp-'));
      const first = runIn(dir, tmp);
      const cacheDir = join(tmp, `iamlint-code-cache-${uid}`);
      const files = readdirSync(cacheDir);
      expect(files).toHaveLength(1);
      expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
      // Terraform's parser is loaded with dynamic code paths that once failed only when run from the cache.
      expect(first.stdout).toContain('main.tf:5:18  error');
      expect(first.stdout).not.toContain('invalid-input');
      const second = runIn(dir, tmp);
      expect(second.stdout).toBe(first.stdout);
      expect(second.status).toBe(1);
      expect(readdirSync(cacheDir)).toEqual(files);
      // A damaged cache is rejected by V8: the run is the same and the cache is written again.
      writeFileSync(join(cacheDir, files[0]!), 'not a code cache');
      const third = runIn(dir, tmp);
      expect(third.stdout).toBe(first.stdout);
      expect(readFileSync(join(cacheDir, files[0]!), 'utf8')).not.toBe('not a code cache');
    },
  );

  it.skipIf(nodeHasCompileCache || uid === undefined)(
    'never runs a cache of other code of the same size and time (as npm gives every file of a tarball)',
    () => {
      const dir = pkgDir();
      const tmp = mkdtempSync(join(tmpdir(), 'iamlint-cache-tmp-'));
      const bundle = join(dir, 'dist-action', 'cli.cjs');
      const when = new Date('1985-10-26T08:15:00Z');
      utimesSync(bundle, when, when);
      expect(runIn(dir, tmp).stdout).toContain('most privileged role');
      // The same length, the same time, other code: a message changed, and the first line restamped as the build does.
      const text = readFileSync(bundle, 'latin1');
      const body = text.slice(text.indexOf('\n') + 1).replace("can hand the account's most privileged role", "can hand the account's MOST PRIVILEGED role");
      writeFileSync(bundle, `// iamlint-bundle-sha256:${createHash('sha256').update(body).digest('hex')}\n${body}`, 'latin1');
      utimesSync(bundle, when, when);
      expect(statSync(bundle).size).toBe(Buffer.byteLength(text, 'latin1'));
      const r = runIn(dir, tmp);
      expect(r.stdout).toContain("can hand the account's MOST PRIVILEGED role");
      expect(readdirSync(join(tmp, `iamlint-code-cache-${uid}`))).toHaveLength(2);
    },
  );

  it.skipIf(nodeHasCompileCache || uid === undefined)('neither reads nor writes a cache directory that others may write', () => {
    const dir = pkgDir();
    const tmp = mkdtempSync(join(tmpdir(), 'iamlint-cache-tmp-'));
    const cacheDir = join(tmp, `iamlint-code-cache-${uid}`);
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o777);
    const r = runIn(dir, tmp);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('bad.yaml:10:23  error');
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('IAMLINT_NO_COMPILE_CACHE=1 runs the bundle without a cache', () => {
    const dir = pkgDir();
    const tmp = mkdtempSync(join(tmpdir(), 'iamlint-cache-tmp-'));
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'iamlint.cjs'), '--no-color', 'bad.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmp, IAMLINT_NO_COMPILE_CACHE: '1' },
    });
    expect(r.stdout).toContain('bad.yaml:10:23  error');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
