import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_FILE_SIZE, decodeText } from '../loaders/decode.js';
import { pathSkipReason, skipReason } from '../loaders/skip.js';
import { isTerraformPath } from '../loaders/terraform/load.js';
import { lintBytes, lintText, unreadableResult, type LintOptions } from '../engine/run.js';
import type { FileResult, LevelSetting, Settings } from '../engine/types.js';
import { redactCredentials } from '../model/credentials.js';
import { LineIndex } from '../model/source.js';
import { readRegularFile } from './read-file.js';

export { readRegularFile } from './read-file.js';

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
  /** Whether the batch has Terraform files, so the worker loads the HCL parser. */
  readonly terraform: boolean;
}

/** workerData: the options, and a shared cell where the worker writes the index (in its batch) of the file it is on. */
export interface WorkerData {
  readonly options: WorkerOptions;
  readonly progress: SharedArrayBuffer;
}

/**
 * Lint threads by default, the main thread included: one per core (at most `cores - 1` workers, the
 * main thread linting beside them), except on two cores or fewer. There one thread already keeps
 * about 1.5 cores busy (V8 compiles and collects garbage on background threads) and a worker compiles
 * everything again: a second thread measured 19-48% slower on 2 cores, so it must be asked for
 * (`--threads 2`), and even then it starts only when the work is large enough.
 */
export function defaultThreads(cores = availableParallelism()): number {
  return cores <= 2 ? 1 : cores;
}

/** Below this many files no worker is started, whatever the estimate (a worker's start-up is a few hundred ms). */
export const PARALLEL_THRESHOLD = 200;

const EMPTY_REGION = new LineIndex('').region({ start: 0, end: 0 });

/** A file not parsed, with why (the summary counts skipped files by reason). */
export function skipped(rel: string, reason: string): FileResult {
  return { file: rel, findings: [], notifications: [], status: 'skipped', kind: 'none', skipReason: reason };
}

/** A path that could not be read (a file, or a directory that could not be listed): an `invalid-input` finding. */
export function unreadablePath(rel: string, reason: string, opts: LintOptions): FileResult {
  return unreadableResult(rel, reason, EMPTY_REGION, opts);
}

/**
 * Whether a run needs the HCL parser: it has `.tf`/`.tf.json` files, or a JSON file (perhaps a
 * `terraform show -json` plan) in a directory with `.tf` files, where a plan's findings are pointed
 * at. One directory listing per directory of JSON files; the parser loads only when it will be used.
 */
export function needsTerraform(files: readonly { readonly abs: string }[]): boolean {
  if (files.some((f) => isTerraformPath(f.abs))) return true;
  const seen = new Set<string>();
  for (const f of files) {
    if (!f.abs.toLowerCase().endsWith('.json')) continue;
    const dir = dirname(f.abs);
    if (seen.has(dir)) continue;
    seen.add(dir);
    try {
      if (readdirSync(dir).some((n) => isTerraformPath(n))) return true;
    } catch {
      /* an unlisted directory has no module to point at */
    }
  }
  return false;
}

/**
 * Reads and lints one file; a file that cannot be read is a finding, never a crash. The cheap checks
 * come first: by name (no read at all), then on the text (no parse).
 */
export function lintOne(f: FileRef, opts: LintOptions): FileResult {
  const byPath = pathSkipReason(f.rel);
  if (byPath !== undefined) return skipped(f.rel, byPath);
  const read = readRegularFile(f.abs, opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if ('reason' in read) return unreadableResult(f.rel, read.reason, EMPTY_REGION, opts);
  try {
    const d = decodeText(read.bytes, opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    // Binary or invalid UTF-8: lintBytes turns the decoding error into its `invalid-input` finding.
    if ('error' in d) return lintBytes(f.rel, read.bytes, opts);
    const reason = skipReason(f.rel, d.text);
    if (reason !== undefined) return skipped(f.rel, reason);
    return lintText(f.rel, d.text, opts);
  } catch (e) {
    // An internal error on one file must not lose the others: report it with the file name.
    // The stack may quote the file (a parser's message): masked like every other message.
    const message = redactCredentials(`Internal error while checking this file: ${(e as Error).stack ?? String(e)}`);
    return { file: f.rel, status: 'error', kind: 'internal', findings: [], notifications: [{ file: f.rel, level: 'error', message }] };
  }
}

function workerUrl(): URL | undefined {
  const here = fileURLToPath(import.meta.url);
  // Worker threads need compiled JavaScript; from TypeScript sources (tests) stay in one thread.
  if (!here.endsWith('.js')) return undefined;
  return new URL('./worker.js', import.meta.url);
}

/** Counters of what a run did (for tests and the benchmark; no clock in them). */
export interface LintFilesStats {
  /** Workers started (0: the main thread did everything). */
  workers: number;
  /** Files linted on the main thread. */
  mainFiles: number;
  /** Batches sent to workers. */
  batches: number;
  /** Workers that died while checking a file. */
  deaths: number;
}

/** Knobs for tests and the benchmark; the defaults are what the CLI and the Action use. */
export interface LintFilesTuning {
  /** The worker script (default: worker.js beside this module, when running compiled JavaScript). */
  readonly workerUrl?: URL | undefined;
  /** Main-thread time spent before deciding whether workers pay (ms). */
  readonly probeMs?: number | undefined;
  /** Workers start only when the estimated remaining single-thread work exceeds this (ms). */
  readonly minParallelMs?: number | undefined;
  /** Whether the main thread lints files too once workers run (tests turn it off to route every file to a worker). */
  readonly mainLints?: boolean | undefined;
  readonly batch?: number | undefined;
  /** Filled with the run's counters. */
  readonly stats?: LintFilesStats | undefined;
}

/**
 * A worker's start-up (module load and compile of the rules and the action catalogue) measured at
 * 150-300 ms on the bench machine; below about four times that of remaining work a second thread
 * cannot win it back, so small runs stay on one thread and never pay it.
 */
const PROBE_MS = 200;
const MIN_PARALLEL_MS = 1500;
const BATCH = 32;
const IN_FLIGHT = 3;
/** The main thread yields to the event loop this often so workers' batches are answered promptly. */
const MAIN_SLICE_MS = 15;

function now(): number {
  // Not `performance.now()`: the `performance` global loads perf_hooks (about 2 ms of start-up).
  return Number(process.hrtime.bigint()) / 1e6;
}

function yieldToEvents(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/**
 * Lints files; results come back in the order of `files`, whatever thread did the work. The main
 * thread starts alone; after a short probe it estimates the remaining work from its own per-file cost
 * and starts workers (at most `threads - 1`, the main thread linting beside them) only when that work
 * is large enough to pay for their start-up, so a run is never slower than on one thread by more than
 * the probe's noise. A worker that dies (out of memory, a crash) loses only the file it was on: that
 * file gets an `invalid-input` finding naming the reason, the rest of its batch goes back to the queue.
 */
export async function lintFiles(files: readonly FileRef[], opts: LintOptions, threads?: number, tuning: LintFilesTuning = {}): Promise<FileResult[]> {
  const stats = tuning.stats ?? { workers: 0, mainFiles: 0, batches: 0, deaths: 0 };
  const results: (FileResult | undefined)[] = new Array<FileResult | undefined>(files.length);
  const url = tuning.workerUrl ?? workerUrl();
  const maxThreads = Math.max(1, Math.min(threads ?? defaultThreads(), availableParallelism(), 16));
  const batchSize = tuning.batch ?? BATCH;
  const queue: number[] = [];
  let next = 0;
  const take = (): number | undefined => (queue.length ? queue.pop() : next < files.length ? next++ : undefined);
  const lintMain = (i: number) => {
    const f = files[i];
    if (f) results[i] = lintOne(f, opts);
    stats.mainFiles++;
  };

  // The probe: one thread until it is clear whether more would pay.
  const t0 = now();
  const probeMs = tuning.probeMs ?? PROBE_MS;
  while (next < files.length && now() - t0 < probeMs) lintMain(next++);
  const remaining = files.length - next;
  if (remaining === 0) return results as FileResult[];
  const perFile = (now() - t0) / Math.max(1, next);
  const canParallel = url !== undefined && maxThreads >= 2 && files.length >= (tuning.minParallelMs === undefined ? PARALLEL_THRESHOLD : 0);
  const estimate = perFile * remaining;
  const mainLints = tuning.mainLints ?? true;
  const want =
    canParallel && estimate >= (tuning.minParallelMs ?? MIN_PARALLEL_MS) ? Math.min(maxThreads - (mainLints ? 1 : 0), Math.ceil(remaining / batchSize)) : 0;
  if (want <= 0 || !url) {
    for (let i = take(); i !== undefined; i = take()) lintMain(i);
    return results as FileResult[];
  }

  const wopts: WorkerOptions = {
    levels: [...opts.levels],
    ruleOptions: [...opts.ruleOptions].map(([k, v]) => [k, { ...v }]),
    settings: opts.settings,
    maxFileSize: opts.maxFileSize,
    terraform: needsTerraform(files),
  };
  let live = 0;
  let inFlight = 0;
  // A worker that cannot even start (a missing bundle) is not retried: the main thread does the rest.
  let broken = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const hasWork = () => queue.length > 0 || next < files.length;

  const start = () => {
    const progress = new SharedArrayBuffer(4);
    // Files this worker has started, minus those of batches already answered: the position of the
    // file it is on within the concatenation of its unanswered batches.
    const cell = new Int32Array(progress);
    const data: WorkerData = { options: wopts, progress };
    // Loaded here: a one-thread run (most runs) does not pay for node:worker_threads at start-up.
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;
    const w = new Worker(url, { workerData: data });
    stats.workers++;
    live++;
    let online = false;
    let lastError: Error | undefined;
    // Batches sent and not answered, oldest first; the worker answers them in order.
    const pending: number[][] = [];
    const feed = () => {
      // Three batches in flight: the worker never waits while the main thread is in one of its slices.
      while (pending.length < IN_FLIGHT) {
        const batch: number[] = [];
        for (let i = take(); i !== undefined; i = take()) {
          batch.push(i);
          if (batch.length >= batchSize) break;
        }
        if (!batch.length) break;
        pending.push(batch);
        inFlight++;
        stats.batches++;
        // Plain { abs, rel } objects: a structured clone keeps own data properties only, not getters.
        w.postMessage(batch.map((i) => ({ abs: files[i]!.abs, rel: files[i]!.rel })));
      }
      if (!pending.length) void w.terminate();
    };
    w.on('online', () => {
      online = true;
      feed();
    });
    w.on('message', (answer: FileResult[]) => {
      const idx = pending.shift() ?? [];
      inFlight--;
      answer.forEach((r, k) => {
        const i = idx[k];
        if (i !== undefined) results[i] = r;
      });
      Atomics.sub(cell, 0, idx.length);
      feed();
      notify();
    });
    w.on('error', (e: Error) => {
      lastError = e;
    });
    w.on('exit', (code) => {
      live--;
      if (!online) broken = true;
      if (pending.length) {
        stats.deaths++;
        const lost = pending.flat();
        const at = Math.min(Math.max(0, Atomics.load(cell, 0) - 1), lost.length - 1);
        const why = lastError
          ? `${(lastError as NodeJS.ErrnoException).code ?? lastError.name}: ${lastError.message.split('\n')[0] ?? ''}`
          : `exit code ${code}`;
        lost.forEach((i, k) => {
          const f = files[i];
          if (k === at && f && online) {
            results[i] = unreadableResult(f.rel, `The worker thread checking this file stopped (${why}); the file was not checked`, EMPTY_REGION, opts);
          } else if (results[i] === undefined) queue.push(i);
        });
        inFlight -= pending.length;
        pending.length = 0;
        // A replacement, so one hostile file does not cost the run its parallelism.
        if (hasWork() && !broken) start();
      }
      notify();
    });
  };
  for (let k = 0; k < want; k++) start();

  // The main thread lints beside the workers, in short slices so their answers are read promptly,
  // and whatever is left when no worker can take it.
  for (;;) {
    if (hasWork()) {
      if (mainLints || broken || live === 0) {
        const s = now();
        for (let i = take(); i !== undefined; i = now() - s < MAIN_SLICE_MS ? take() : undefined) lintMain(i);
        await yieldToEvents();
        continue;
      }
    } else if (inFlight === 0) break;
    await new Promise<void>((r) => (wake = r));
  }
  return results as FileResult[];
}
