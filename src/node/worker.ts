import { parentPort, workerData } from 'node:worker_threads';
import { rules } from '../../rules/index.js';
import type { LintOptions } from '../engine/run.js';
import { lintOne, type FileRef, type WorkerData } from './lint-files.js';

const { options: w, progress } = workerData as WorkerData;
// The HCL parser only when the run has Terraform files (the main thread decides, as for itself).
if (w.terraform) await (await import('../loaders/terraform/tree-sitter.js')).initTerraform();
const opts: LintOptions = {
  rules,
  levels: new Map(w.levels),
  ruleOptions: new Map(w.ruleOptions),
  settings: w.settings,
  ...(w.maxFileSize !== undefined ? { maxFileSize: w.maxFileSize } : {}),
};
// Counts the files started; if this thread dies, the main thread knows which file it was on.
const started = new Int32Array(progress);

parentPort?.on('message', (batch: FileRef[]) => {
  parentPort?.postMessage(
    batch.map((f) => {
      Atomics.add(started, 0, 1);
      return lintOne(f, opts);
    }),
  );
});
