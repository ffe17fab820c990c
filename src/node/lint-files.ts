import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { lintBytes, unreadableResult, type LintOptions } from '../engine/run.js';
import type { FileResult, LevelSetting, Settings } from '../engine/types.js';
import { LineIndex } from '../model/source.js';

export interface FileRef {
  readonly abs: string;
  /** The path findings report: relative to the working directory, `/`-separated. */
  readonly rel: string;
}

/** What a worker needs to rebuild LintOptions: plain data only (rules are imported in the worker). */
export interface WorkerOptions {
  readonly levels: [string, LevelSetting][];
  readonly ruleOptions: [string, Record<string, unknown>][];
  readonly settings: Settings;
  readonly maxFileSize: number | undefined;
}

/**
 * Worker threads by default: one core fewer than the machine has. A single-threaded run already keeps
 * about 1.5 cores busy (V8 compiles and collects garbage on background threads), and every worker
 * compiles the same code again; on 2 cores a second worker measured no faster (`npm run bench`).
 */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Below this many files a second thread costs more than it saves (measured in `npm run bench`). */
export const PARALLEL_THRESHOLD = 200;
const BATCH = 24;

/** Reads and lints one file; a file that cannot be read is a finding, never a crash. */
export function lintOne(f: FileRef, opts: LintOptions): FileResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(f.abs);
  } catch (e) {
    const reason = `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    return unreadableResult(f.rel, reason, new LineIndex('').region({ start: 0, end: 0 }), opts);
  }
  try {
    return lintBytes(f.rel, bytes, opts);
  } catch (e) {
    // An internal error on one file must not lose the others: report it with the file name.
    const message = `Internal error while checking this file: ${(e as Error).stack ?? String(e)}`;
    return { file: f.rel, status: 'error', kind: 'internal', findings: [], notifications: [{ file: f.rel, level: 'error', message }] };
  }
}

function workerUrl(): URL | undefined {
  const here = fileURLToPath(import.meta.url);
  // Worker threads need compiled JavaScript; from TypeScript sources (tests) stay in one thread.
  if (!here.endsWith('.js')) return undefined;
  return new URL('./worker.js', import.meta.url);
}

/**
 * Lints files, on worker threads when there are enough files and cores to pay for them. Results come
 * back in the order of `files`, whatever thread did the work.
 */
export async function lintFiles(files: readonly FileRef[], opts: LintOptions, threads?: number): Promise<FileResult[]> {
  const url = workerUrl();
  const n = Math.max(1, Math.min(threads ?? defaultThreads(), 8));
  if (!url || n < 2 || files.length < PARALLEL_THRESHOLD) return files.map((f) => lintOne(f, opts));
  const wopts: WorkerOptions = {
    levels: [...opts.levels],
    ruleOptions: [...opts.ruleOptions].map(([k, v]) => [k, { ...v }]),
    settings: opts.settings,
    maxFileSize: opts.maxFileSize,
  };
  const results: FileResult[] = new Array<FileResult>(files.length);
  let next = 0;
  const run = (): Promise<void> =>
    new Promise((resolveRun, reject) => {
      const w = new Worker(url, { workerData: wopts });
      let current: number[] = [];
      const feed = () => {
        if (next >= files.length) {
          void w.terminate();
          resolveRun();
          return;
        }
        current = [];
        for (let i = 0; i < BATCH && next < files.length; i++) current.push(next++);
        w.postMessage(current.map((i) => files[i]));
      };
      w.on('message', (batch: FileResult[]) => {
        batch.forEach((r, k) => {
          const idx = current[k];
          if (idx !== undefined) results[idx] = r;
        });
        feed();
      });
      w.on('error', reject);
      w.on('online', feed);
    });
  await Promise.all(Array.from({ length: n }, run));
  return results;
}
