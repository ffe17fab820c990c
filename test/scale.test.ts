import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import type { LintOptions } from '../src/engine/run.js';
import type { FileResult } from '../src/engine/types.js';
import { skipReason } from '../src/loaders/skip.js';
import { lintFiles, lintOne, type FileRef, type LintFilesStats } from '../src/node/lint-files.js';
import { appendAll } from '../src/node/run-lint.js';

const opts: LintOptions = { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-12-02' } };
const WILDCARD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }, null, 2);
const CDK = "import * as iam from 'aws-cdk-lib/aws-iam';\nexport const s = new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] });\n";

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-scale-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function result(file: string): FileResult {
  return { file, findings: [], notifications: [], status: 'skipped', kind: 'none' };
}

describe('aggregating results at scale', () => {
  it('appends 150,000 results without overflowing the stack (push(...spread) passes each as an argument)', () => {
    const many = Array.from({ length: 150_000 }, (_, i) => result(`f${i}.json`));
    const target = [result('stdin.yaml')];
    expect(() => appendAll(target, many)).not.toThrow();
    expect(target.length).toBe(150_001);
    expect(target[150_000]?.file).toBe('f149999.json');
    // What the old code did, for the record: one argument per file.
    expect(() => [result('x')].push(...Array.from({ length: 150_000 }, () => result('y')))).toThrow(RangeError);
  });
});

describe('files that cannot hold anything iamlint checks: the cheap check only, counted as skipped with the reason', () => {
  const bundle = `/******/ (() => { // webpackBootstrap\nvar __webpack_require__ = {};\n${CDK}`;
  const cases: [string, string, string][] = [
    ['types.d.ts', CDK, 'type declarations (.d.ts)'],
    ['app.min.js', CDK, 'minified code (.min.js)'],
    ['.yarn/releases/yarn-4.1.0.cjs', CDK, 'committed Yarn release (.yarn/releases)'],
    ['vendor/aws-sdk.js', CDK, 'vendored AWS SDK bundle (aws-sdk.js)'],
    ['vendor/aws-sdk-2.1000.0.min.js', CDK, 'minified code (.min.js)'],
    ['dist/index.js', bundle, 'bundled code (webpack, ncc or esbuild output)'],
    ['lib/stack.js', `${CDK}//# sourceMappingURL=stack.js.map\n`, 'generated code (it has a sourceMappingURL comment)'],
    ['lib/one-line.js', `${CDK.replace(/\n/g, ';')}${' '.repeat(5000)}\n`, 'minified or generated code (a line of 4096 characters or more)'],
  ];
  it.each(cases)('%s', (path, text, reason) => {
    expect(skipReason(path, text)).toBe(reason);
  });

  it('hand-written code, and data files however long their lines, are loaded', () => {
    expect(skipReason('lib/stack.ts', CDK)).toBeUndefined();
    expect(skipReason('dist/policy.json', JSON.stringify(JSON.parse(WILDCARD)) + ' '.repeat(10_000))).toBeUndefined();
    expect(skipReason('types.d.ts.json', WILDCARD)).toBeUndefined();
  });

  it('the node shell skips them before parsing, and says why', () => {
    const dir = tmp({ 'app.min.js': CDK, 'types.d.ts': CDK, 'bundle.js': `var __commonJS = (cb, mod) => function () {};\n${CDK}` });
    const at = (rel: string) => lintOne({ abs: join(dir, rel), rel }, opts);
    expect(at('app.min.js')).toEqual({
      file: 'app.min.js',
      findings: [],
      notifications: [],
      status: 'skipped',
      kind: 'none',
      skipReason: 'minified code (.min.js)',
    });
    expect(at('types.d.ts').skipReason).toBe('type declarations (.d.ts)');
    expect(at('bundle.js').skipReason).toBe('bundled code (webpack, ncc or esbuild output)');
  });

  it("files the loader's own cheap check rules out carry its reason too", () => {
    const dir = tmp({ 'notes.yaml': 'title: release notes\nitems: [a, b]\n' });
    const r = lintOne({ abs: join(dir, 'notes.yaml'), rel: 'notes.yaml' }, opts);
    expect(r.status).toBe('skipped');
    expect(r.skipReason).toEqual(expect.any(String));
    expect(r.skipReason).not.toBe('');
  });
});

/**
 * A stand-in for worker.js speaking the same protocol (workerData.progress counts files started; one
 * answer per batch): it "checks" a file by naming it, and dies on a file whose name says so.
 */
const FAKE_WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
const started = new Int32Array(workerData.progress);
parentPort.on('message', (batch) => {
  const out = [];
  for (const f of batch) {
    Atomics.add(started, 0, 1);
    if (f.rel.includes('throw')) throw new Error('boom while checking ' + f.rel);
    if (f.rel.includes('exit')) process.exit(7);
    out.push({ file: f.rel, findings: [], notifications: [], status: 'parsed', kind: 'fake-worker' });
  }
  parentPort.postMessage(out);
});
`;

function fakeWorker(): URL {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-fake-worker-'));
  writeFileSync(join(dir, 'worker.mjs'), FAKE_WORKER);
  return pathToFileURL(join(dir, 'worker.mjs'));
}

function refs(n: number, special: Record<number, string> = {}): FileRef[] {
  return Array.from({ length: n }, (_, i) => ({ abs: `/nonexistent/f${i}.json`, rel: special[i] ?? `f${i}.json` }));
}

const newStats = (): LintFilesStats => ({ workers: 0, mainFiles: 0, batches: 0, deaths: 0 });

describe('worker threads', () => {
  it('a small run never starts a worker (their start-up would cost more than they save)', async () => {
    const dir = tmp({ 'a.json': WILDCARD, 'b.json': WILDCARD, 'c.json': '{}' });
    const stats = newStats();
    const files = ['a.json', 'b.json', 'c.json'].map((rel) => ({ abs: join(dir, rel), rel }));
    const out = await lintFiles(files, opts, 8, { workerUrl: fakeWorker(), stats });
    expect(stats).toEqual({ workers: 0, mainFiles: 3, batches: 0, deaths: 0 });
    expect(out.map((r) => [r.file, r.status])).toEqual([
      ['a.json', 'parsed'],
      ['b.json', 'parsed'],
      ['c.json', 'skipped'],
    ]);
  });

  it('a worker that dies loses only the file it was on: that file is invalid-input with the reason, every other result is kept', async () => {
    const stats = newStats();
    const files = refs(300, { 37: 'throw-here.json', 250: 'exit-here.json' });
    const out = await lintFiles(files, opts, 2, { workerUrl: fakeWorker(), probeMs: 0, minParallelMs: 0, mainLints: false, batch: 16, stats });
    expect(out).toHaveLength(300);
    expect(stats.deaths).toBe(2);
    expect(stats.workers).toBeGreaterThanOrEqual(3); // two at the start, a replacement for each death
    expect(stats.mainFiles).toBe(0);
    const dead = out.filter((r) => r.kind !== 'fake-worker');
    expect(dead.map((r) => [r.file, r.findings.map((f) => f.ruleId)])).toEqual([
      ['throw-here.json', ['invalid-input']],
      ['exit-here.json', ['invalid-input']],
    ]);
    expect(dead[0]?.findings[0]?.message).toContain('The worker thread checking this file stopped (Error: boom while checking throw-here.json)');
    expect(dead[1]?.findings[0]?.message).toContain('stopped (exit code 7)');
    expect(out.map((r) => r.file)).toEqual(files.map((f) => f.rel));
  });

  it('with the main thread linting beside the workers, every file is checked once, in order', async () => {
    const dir = tmp({ 'p.json': WILDCARD });
    const stats = newStats();
    const files = Array.from({ length: 400 }, (_, i) =>
      i % 2 ? { abs: join(dir, 'p.json'), rel: `real${i}.json` } : { abs: '/nonexistent', rel: `f${i}.json` },
    );
    const out = await lintFiles(files, opts, 2, { workerUrl: fakeWorker(), probeMs: 0, minParallelMs: 0, batch: 8, stats });
    expect(out.map((r) => r.file)).toEqual(files.map((f) => f.rel));
    expect(stats.workers).toBe(1); // two threads: the main one and one worker
    expect(stats.mainFiles + stats.batches * 8).toBeGreaterThanOrEqual(400);
    expect(stats.deaths).toBe(0);
  });
});
