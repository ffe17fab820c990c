import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { rules } from '../../rules/index.js';
import { applyBaseline, BaselineError, createBaseline, parseBaseline, serializeBaseline } from '../engine/baseline.js';
import { applyPathSuppressions } from '../engine/suppressions.js';
import { ConfigError, levelsForFile, parseRuleOverrides, type Config } from '../engine/config.js';
import { lintText, mergeRelocated, type LintOptions } from '../engine/run.js';
import { levelRank, type FileResult, type LevelSetting, type RunResult } from '../engine/types.js';
import { findConfig, packageRoot, readConfig } from './config-file.js';
import { SCAN_EXTENSIONS } from '../loaders/load.js';
import { discover, isGlob, toPosix } from './discover.js';
import { lintFiles, needsTerraform, skipped, unreadablePath, type FileRef } from './lint-files.js';
import { readTextFile } from './read-file.js';
import { isTerraformPath } from '../loaders/terraform/load.js';

export type FailOn = LevelSetting | 'none';
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'none'];

/**
 * One lint run as the CLI and the GitHub Action both ask for it: the same options, the same
 * pipeline (config, discovery, lint, baseline), so the two shells cannot drift apart.
 */
export interface LintRequest {
  /** Where relative paths, the config search and reported file names start. */
  readonly cwd: string;
  /** Files, directories, globs; `-` for standard input. Empty means the working directory. */
  readonly paths: readonly string[];
  /** A configuration file; otherwise `.iamlintrc.*` is looked for from `cwd` upward. */
  readonly config?: string | undefined;
  /** `id=level` overrides, as `--rule` takes them. */
  readonly ruleSpecs?: readonly string[] | undefined;
  /** Overrides the config's `failOn`. */
  readonly failOn?: string | undefined;
  /** Lint threads, the main one included (default: lint-files.ts `defaultThreads`); workers start only for runs large enough to pay for them. */
  readonly threads?: number | undefined;
  /** A baseline file: findings recorded there are reported as suppressed. */
  readonly baseline?: string | undefined;
  /** Records today's findings in this file, then treats them as baselined. */
  readonly writeBaseline?: string | undefined;
  readonly stdin?: { readonly name: string | undefined; readonly read: () => Promise<string> } | undefined;
  /** YYYY-MM-DD, for suppression expiry and the baseline's date. */
  readonly today: string;
}

export interface LintOutcome {
  readonly run: RunResult;
  readonly failOn: FailOn;
  /** 0 clean, 1 findings at or above `failOn`, 2 internal error. */
  readonly exitCode: 0 | 1 | 2;
  /** Lines for the log (standard error in the CLI): baseline summary, internal errors. */
  readonly notes: readonly string[];
}

/** A problem with what was asked (bad option, configuration, baseline, missing path): exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The baseline's text: a regular file (a FIFO must not hang the run), up to 256 MB. */
function readBaseline(path: string, name: string): string {
  try {
    return readTextFile(path, 256 * 1024 * 1024);
  } catch (e) {
    throw new UsageError(`baseline ${name}: ${(e as Error).message}`);
  }
}

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export const TOOL_INFO_URI = 'https://github.com/iamlint/iamlint';

/** The exit status a run earns: internal errors first, then findings that are not suppressed and reach `failOn`. */
export function exitCodeFor(files: readonly FileResult[], failOn: FailOn): 0 | 1 | 2 {
  if (files.some((r) => r.kind === 'internal')) return 2;
  if (failOn === 'none') return 0;
  const threshold = levelRank(failOn);
  return files.some((r) => r.findings.some((f) => !f.suppression && levelRank(f.level) >= threshold)) ? 1 : 0;
}

/**
 * Appends `items` to `target` one by one: `target.push(...items)` passes every item as an argument
 * and overflows the stack past about 125,000 files.
 */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Lints files with per-path levels when the config has `overrides`: files are grouped by the levels
 * that apply to them (usually a handful of groups) and each group is linted with its own levels.
 */
async function lintWithOverrides(
  refs: readonly FileRef[],
  opts: LintOptions,
  threads: number | undefined,
  config: Config,
  configDir: string,
  cli: ReadonlyMap<string, LevelSetting>,
): Promise<FileResult[]> {
  if (!config.overrides?.length) return lintFiles(refs, opts, threads);
  const groups = new Map<string, { levels: Map<string, LevelSetting>; idx: number[] }>();
  refs.forEach((r, i) => {
    const lv = levelsForFile(config, toPosix(relative(configDir, r.abs)), cli);
    const key = JSON.stringify([...lv]);
    const g = groups.get(key) ?? { levels: lv, idx: [] };
    g.idx.push(i);
    groups.set(key, g);
  });
  const out = new Array<FileResult>(refs.length);
  for (const g of groups.values()) {
    const rs = await lintFiles(
      g.idx.map((i) => refs[i]!),
      { ...opts, levels: g.levels },
      threads,
    );
    g.idx.forEach((i, k) => (out[i] = rs[k]!));
  }
  return out;
}

/** A file to lint by its reported path; `abs` is resolved again from the working directory when asked. */
class RelativeRef implements FileRef {
  constructor(
    readonly rel: string,
    private readonly cwd: string,
  ) {}
  get abs(): string {
    return resolve(this.cwd, this.rel);
  }
}

function relativeRef(abs: string, rel: string, cwd: string): FileRef {
  // Where the reported path does not lead back to the same file (it cannot on POSIX), keep the absolute one.
  return resolve(cwd, rel) === abs ? new RelativeRef(rel, cwd) : { abs, rel };
}

export async function runLint(req: LintRequest): Promise<LintOutcome> {
  let config: Config = {};
  let configDir = req.cwd;
  const levels = new Map<string, LevelSetting>();
  const cliLevels = new Map<string, LevelSetting>();
  try {
    const configPath = req.config ? resolve(req.cwd, req.config) : findConfig(req.cwd);
    if (configPath) {
      config = await readConfig(configPath, rules);
      configDir = dirname(configPath);
    }
    for (const [k, v] of Object.entries(config.rules ?? {})) levels.set(k, v);
    for (const [k, v] of parseRuleOverrides(req.ruleSpecs ?? [], rules)) cliLevels.set(k, v);
    for (const [k, v] of cliLevels) levels.set(k, v);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const failOn = (req.failOn ?? config.failOn ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be error, warning, note or none (got '${failOn}')`);
  if (req.threads !== undefined && !(Number.isInteger(req.threads) && req.threads >= 1)) throw new UsageError('--threads must be a positive integer');

  // Read the baseline before linting: a broken baseline should stop the run before any work.
  let baseline;
  if (req.baseline !== undefined) {
    const path = resolve(req.cwd, req.baseline);
    if (!existsSync(path)) throw new UsageError(`baseline ${req.baseline} does not exist (create it with --write-baseline ${req.baseline})`);
    try {
      baseline = parseBaseline(readBaseline(path, req.baseline), req.baseline);
    } catch (e) {
      if (e instanceof BaselineError) throw new UsageError(e.message);
      throw e;
    }
  }

  const opts: LintOptions = {
    rules,
    levels,
    ruleOptions: new Map(),
    settings: { ownAccounts: config.ownAccounts ?? [], today: req.today, imdsv2AccountDefault: config.imdsv2AccountDefault === true },
    ...(config.maxFileSize !== undefined ? { maxFileSize: config.maxFileSize } : {}),
  };
  const paths = req.paths.length ? req.paths : ['.'];
  const results: FileResult[] = [];
  if (paths.includes('-')) {
    if (!req.stdin) throw new UsageError("'-' (standard input) is not available here");
    const name = toPosix(req.stdin.name ?? 'stdin.yaml');
    if (isTerraformPath(name)) await (await import('../loaders/terraform/tree-sitter.js')).initTerraform(req.cwd);
    const stdinLevels = levelsForFile(config, toPosix(relative(configDir, resolve(req.cwd, name))), cliLevels);
    results.push(lintText(name, await req.stdin.read(), { ...opts, levels: stdinLevels }));
  }
  const fsPaths = paths.filter((p) => p !== '-');
  if (fsPaths.length) {
    const found = discover(fsPaths, req.cwd, config.ignorePatterns ?? [], configDir);
    // As ESLint: a path or a glob that selects nothing is a mistake to report (a mistyped glob must not pass CI).
    const problems = [
      ...found.missing.map((m) => `no such file or directory: ${m}`),
      ...found.unmatched.map((m) => (isGlob(m) ? `no files match the pattern '${m}'` : `no files iamlint reads (${SCAN_EXTENSIONS.join(', ')}) in '${m}'`)),
    ];
    if (problems.length) throw new UsageError(problems.join('\n'));
    const rel = (abs: string) => toPosix(relative(req.cwd, abs)) || abs;
    // Each file is kept by its reported path only (the absolute one is derived when read), and the list
    // is emptied as it is converted, so its strings can go: about 10% less peak memory per file on a run
    // of 200,000 small files (npm run bench -- --scale).
    const refs = found.files.splice(0).map((abs) => relativeRef(abs, rel(abs), req.cwd));
    // tree-sitter's HCL parser (WASM) loads asynchronously, once, and only when there is Terraform to read:
    // compiling it costs every other run start-up time for nothing.
    if (needsTerraform(refs)) await (await import('../loaders/terraform/tree-sitter.js')).initTerraform(req.cwd);
    appendAll(results, await lintWithOverrides(refs, opts, req.threads, config, configDir, cliLevels));
    // A plan's findings on resources its `.tf` files declare point there: merged with those files' own.
    mergeRelocated(results);
    for (const s of found.skipped) results.push(skipped(rel(s.abs), s.reason));
    for (const u of found.unreadable) results.push(unreadablePath(rel(u.abs), u.reason, opts));
  }

  // Path + rule suppressions from the config (policy JSON takes no comments); before the baseline, so they are never recorded there.
  if (config.suppress?.length) {
    for (const r of results)
      applyPathSuppressions(toPosix(relative(configDir, resolve(req.cwd, r.file))), r.findings, config.suppress, req.today, 'the configuration');
  }
  const tool = { name: 'iamlint', version: toolVersion(), informationUri: TOOL_INFO_URI };
  const notes: string[] = [];
  if (baseline && req.baseline !== undefined) {
    const m = applyBaseline(results, baseline, req.baseline);
    const stale = m.unmatched.length ? `; ${plural(m.unmatched.length, 'entry')} no longer match anything (fixed, or the file moved)` : '';
    notes.push(`baseline ${req.baseline}: ${plural(m.matched, 'finding')} recorded there reported as suppressed${stale}`);
  }
  if (req.writeBaseline !== undefined) {
    const written = createBaseline(results, { generated: req.today, tool });
    const path = resolve(req.cwd, req.writeBaseline);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, serializeBaseline(written));
    // What was just recorded is, from now on, the baseline of this run too.
    applyBaseline(results, written, req.writeBaseline);
    notes.push(`baseline ${req.writeBaseline}: recorded ${plural(written.entries.length, 'finding')}`);
  }
  for (const r of results) if (r.kind === 'internal') for (const n of r.notifications) notes.push(`${n.file}: ${n.message}`);

  const run: RunResult = { files: results, rules, levels, tool };
  return { run, failOn, exitCode: exitCodeFor(results, failOn), notes };
}
