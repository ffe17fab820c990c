import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import type { LintOptions } from '../src/engine/run.js';
import type { FileResult } from '../src/engine/types.js';
import { discover } from '../src/node/discover.js';
import { lintOne, readRegularFile } from '../src/node/lint-files.js';
import { runLint } from '../src/node/run-lint.js';

const WILDCARD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }, null, 2);
const opts: LintOptions = { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-12-02' } };

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'iamlint-fs-'));
}

function byFile(files: readonly FileResult[]): Map<string, FileResult> {
  return new Map(files.map((f) => [f.file, f]));
}

const lint = (cwd: string, paths: string[] = []) => runLint({ cwd, paths, today: '2026-12-02' });

describe('reading files: regular files only, size checked before reading', () => {
  it('a FIFO named on the command line is refused without blocking; the real finding beside it survives', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), WILDCARD);
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    // Before: readFileSync on a FIFO waits for a writer forever (the test times out).
    const { run } = await lint(dir, ['pipe.yaml', 'bad.json']);
    const files = byFile(run.files);
    expect(files.get('pipe.yaml')?.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['invalid-input', expect.stringContaining('named pipe (FIFO), not a regular file')],
    ]);
    expect(files.get('bad.json')?.findings.map((f) => f.ruleId)).toContain('passrole-wildcard-resource');
  }, 20_000);

  it('a FIFO inside a scanned directory is not opened', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), WILDCARD);
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    const { run } = await lint(dir);
    expect(run.files.map((f) => f.file)).toEqual(['bad.json']);
  }, 20_000);

  it('a symlink to /dev/zero: named, it is refused as a device before any read; in a directory, it is not followed', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), WILDCARD);
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    // Before: readFileSync('/dev/zero') grows until the heap is exhausted.
    const named = byFile((await lint(dir, ['zero.yaml', 'bad.json'])).run.files);
    expect(named.get('zero.yaml')?.findings[0]?.message).toContain('a character device, not a regular file');
    expect(named.get('bad.json')?.findings.map((f) => f.ruleId)).toContain('passrole-wildcard-resource');
    const walked = byFile((await lint(dir)).run.files);
    expect(walked.get('zero.yaml')).toMatchObject({ status: 'skipped', skipReason: 'symbolic link to a file outside the scanned paths; not followed' });
    expect(walked.get('bad.json')?.status).toBe('parsed');
  }, 20_000);

  it('a file over the size limit is refused from its size, naming the limit, without reading it', () => {
    const dir = tmp();
    const big = join(dir, 'huge.json');
    // A sparse 3 GB file: reading it whole would need 3 GB (readFileSync refuses over 2 GB with ERR_FS_FILE_TOO_LARGE).
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 3 * 1024 ** 3);
    closeSync(fd);
    const r = lintOne({ abs: big, rel: 'huge.json' }, opts);
    rmSync(big);
    expect(r.status).toBe('error');
    expect(r.findings.map((f) => [f.ruleId, f.file])).toEqual([['invalid-input', 'huge.json']]);
    expect(r.findings[0]?.message).toContain(`File is ${3 * 1024 ** 3} bytes, over the 5242880-byte limit (setting maxFileSize)`);
    const small = join(dir, 'small.json');
    writeFileSync(small, WILDCARD);
    expect(lintOne({ abs: small, rel: 'small.json' }, { ...opts, maxFileSize: 10 }).findings[0]?.message).toContain('over the 10-byte limit');
    expect(readRegularFile(small, WILDCARD.length)).toEqual({ bytes: Buffer.from(WILDCARD) });
    expect(readRegularFile(small, WILDCARD.length - 1)).toEqual({ reason: expect.stringContaining(`over the ${WILDCARD.length - 1}-byte limit`) });
  });

  it('a path that cannot be opened (a socket) is a finding with the reason, not a crash', async () => {
    const dir = tmp();
    const sock = join(dir, 'api.sock.json');
    const server = createServer();
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const r = lintOne({ abs: sock, rel: 'api.sock.json' }, opts);
      expect(r.findings.map((f) => f.ruleId)).toEqual(['invalid-input']);
      expect(r.findings[0]?.message).toMatch(/cannot read the file \(ENXIO\)|a socket, not a regular file/);
    } finally {
      server.close();
    }
  });
});

describe('files the shell reads for itself are read with the same care', () => {
  it('a FIFO committed as .iamlintrc.json, as a .gitignore above the scanned folder or as the baseline: an error, never a hang', async () => {
    const repo = tmp();
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'infra'));
    writeFileSync(join(repo, 'infra', 'bad.json'), WILDCARD);
    execFileSync('mkfifo', [join(repo, '.gitignore')]);
    // Before: readFileSync on the FIFO .gitignore above infra/ blocked forever.
    const { run } = await lint(join(repo, 'infra'));
    expect(run.files.map((f) => [f.file, f.status])).toEqual([['bad.json', 'parsed']]);
    await expect(runLint({ cwd: join(repo, 'infra'), paths: [], baseline: '../.gitignore', today: '2026-12-02' })).rejects.toThrow(
      'baseline ../.gitignore: a named pipe (FIFO), not a regular file; not read',
    );
    execFileSync('mkfifo', [join(repo, 'infra', '.iamlintrc.json')]);
    await expect(lint(join(repo, 'infra'))).rejects.toThrow(/\.iamlintrc\.json: cannot read the configuration: a named pipe \(FIFO\), not a regular file/);
  }, 20_000);
});

describe('symbolic links: never out of the scanned paths, each file once', () => {
  it('does not follow a link out of the scanned directory, and lists it as skipped', async () => {
    const outside = tmp();
    writeFileSync(join(outside, 'secret.json'), WILDCARD);
    const dir = tmp();
    mkdirSync(join(dir, 'infra'));
    writeFileSync(join(dir, 'infra', 'ok.json'), WILDCARD);
    symlinkSync(join(outside, 'secret.json'), join(dir, 'infra', 'link.json'));
    symlinkSync(outside, join(dir, 'infra', 'elsewhere'));
    const files = byFile((await lint(dir, ['infra'])).run.files);
    expect([...files.keys()].sort()).toEqual(['infra/elsewhere', 'infra/link.json', 'infra/ok.json']);
    expect(files.get('infra/link.json')).toMatchObject({ status: 'skipped', findings: [] });
    expect(files.get('infra/elsewhere')?.skipReason).toBe('symbolic link to a directory outside the scanned paths; not followed');
  });

  it('counts a file once however many links reach it, reported under its own path', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'policy.json'), WILDCARD);
    symlinkSync(join(dir, 'a', 'policy.json'), join(dir, 'one.json'));
    symlinkSync('a/policy.json', join(dir, 'two.json'));
    symlinkSync(join(dir, 'a'), join(dir, 'b')); // a directory link inside the root: not walked again
    const { run } = await lint(dir);
    expect(run.files.map((f) => f.file)).toEqual(['a/policy.json']);
    const onlyLinks = await lint(dir, ['one.json', 'two.json', 'b/policy.json']);
    // Named explicitly, the first name given reports the file.
    expect(onlyLinks.run.files.map((f) => f.file)).toEqual(['one.json']);
    expect(onlyLinks.run.files[0]?.findings.length).toBeGreaterThan(0);
  });
});

describe('unreadable directories are reported, never dropped', () => {
  it('a directory that cannot be listed is an invalid-input finding naming it and the reason', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'hidden.json'), WILDCARD);
    writeFileSync(join(dir, 'ok.json'), WILDCARD);
    // As root `chmod 000` does not stop readdir: the listing fails through the seam instead, as EACCES would.
    const eacces = (dir: string): Dirent[] => {
      if (dir.endsWith('locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
      return readdirSync(dir, { withFileTypes: true });
    };
    const found = discover(['.'], dir, [], dir, undefined, { readdir: eacces });
    expect(found.files).toEqual([join(dir, 'ok.json')]);
    expect(found.unreadable).toEqual([{ abs: join(dir, 'locked'), reason: 'cannot read the directory (EACCES); its files were not checked' }]);
  });

  it('as a finding in the run, when the process cannot list it', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'hidden.json'), WILDCARD);
    writeFileSync(join(dir, 'ok.json'), WILDCARD);
    execFileSync('chmod', ['000', join(dir, 'locked')]);
    const { run } = await lint(dir);
    const locked = run.files.find((f) => f.file === 'locked');
    if (process.getuid?.() === 0) {
      // root reads it anyway: the file inside is scanned (the seam test above covers the error path).
      expect(run.files.map((f) => f.file).sort()).toEqual(['locked/hidden.json', 'ok.json']);
    } else {
      expect(locked?.findings.map((f) => [f.ruleId, f.message])).toEqual([['invalid-input', expect.stringContaining('cannot read the directory (EACCES)')]]);
    }
    execFileSync('chmod', ['755', join(dir, 'locked')]);
  });
});
