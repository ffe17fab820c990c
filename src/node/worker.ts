import { parentPort, workerData } from 'node:worker_threads';
import { rules } from '../../rules/index.js';
import type { LintOptions } from '../engine/run.js';
import { lintOne, type FileRef, type WorkerOptions } from './lint-files.js';

const w = workerData as WorkerOptions;
const opts: LintOptions = {
  rules,
  levels: new Map(w.levels),
  ruleOptions: new Map(w.ruleOptions),
  settings: w.settings,
  ...(w.maxFileSize !== undefined ? { maxFileSize: w.maxFileSize } : {}),
};

parentPort?.on('message', (batch: FileRef[]) => {
  parentPort?.postMessage(batch.map((f) => lintOne(f, opts)));
});
