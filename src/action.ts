/**
 * The GitHub Action entry (action.yml → dist-action/index.js, bundled by `npm run build:action`).
 * A thin shell: it reads the inputs the way @actions/core does (INPUT_<NAME> variables) without
 * depending on it, runs the same pipeline as the CLI (`runLint`), and writes what GitHub reads: the
 * SARIF file, workflow-command annotations, the job summary and the step outputs.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FAIL_ON, runLint, UsageError } from './node/run-lint.js';
import { escapeData, escapeProperty, markdownCell } from './reporters/github.js';
import { annotations, jobSummary, json, sarif, text } from './reporters/index.js';
import type { RunResult } from './engine/types.js';
import { redactCredentials } from './model/credentials.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `INPUT_<NAME>`: upper case, spaces to `_`, hyphens kept (docs.github.com, metadata syntax,
 * "inputs"). An empty value means the default, as with core.getInput.
 */
function input(env: Env, name: string, fallback = ''): string {
  const v = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return v ? v : fallback;
}

/** The YAML 1.2 core-schema booleans @actions/core's getBooleanInput accepts. */
function booleanInput(env: Env, name: string, fallback: boolean): boolean {
  const v = input(env, name);
  if (v === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new UsageError(`input '${name}' must be true or false (got '${v}')`);
}

function write(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

/**
 * Text that may quote a scanned file or a configuration (an error message, a stack, a note) passes
 * here before it reaches the log: key ids and secret-looking runs are masked. Findings' messages are
 * masked by the engine already; this is for everything else the Action prints.
 */
function safe(s: string): string {
  return redactCredentials(s);
}

/** A workflow command line `::cmd props::message` with its message masked (the props carry file names and positions). */
function safeCommand(line: string): string {
  const m = /^(::[a-z-]+(?: [^:]*)?::)([\s\S]*)$/.exec(line);
  return m ? `${m[1] ?? ''}${safe(m[2] ?? '')}` : safe(line);
}

/**
 * The `paths` input: files, directories or globs separated by white space. Set but empty (a list of
 * changed files that came out empty, a mistyped expression) is a usage error, not a scan of the
 * whole workspace and not a silent pass; unset (outside a runner) means the workspace.
 */
function pathsInput(env: Env): string[] {
  if (env['INPUT_PATHS'] === undefined) return ['.'];
  const paths = input(env, 'paths').split(/\s+/).filter(Boolean);
  if (!paths.length) throw new UsageError("input 'paths' is empty: give files, directories or globs to scan (the default is '.')");
  return paths;
}

/** Files that were read and checked (parsed, or reported as unreadable), and files a cheap check skipped: never counted as scanned. */
function fileCounts(run: RunResult): { scanned: number; skipped: number } {
  let skipped = 0;
  for (const f of run.files) if (f.status === 'skipped') skipped++;
  return { scanned: run.files.length - skipped, skipped };
}

/** `name=value`, or the heredoc form with a random delimiter when the value spans lines (GITHUB_OUTPUT). */
function setOutput(env: Env, name: string, value: string): void {
  const file = env['GITHUB_OUTPUT'];
  if (!file) {
    write(`${name}: ${value}`);
    return;
  }
  if (!/[\r\n]/.test(value)) appendFileSync(file, `${name}=${value}\n`);
  else {
    const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
    appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
  }
}

/** The pull request number, when the workflow runs for one (GITHUB_EVENT_PATH holds the webhook payload). */
function pullRequestNumber(env: Env): number | undefined {
  const path = env['GITHUB_EVENT_PATH'];
  if (!path) return undefined;
  try {
    const event = JSON.parse(readFileSync(path, 'utf8')) as { pull_request?: { number?: unknown } };
    const n = event.pull_request?.number;
    return typeof n === 'number' ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Scanned files are untrusted (a pull request from a fork): a file name or message that starts a
 * line with `::` must not become a workflow command, so the report is printed with commands stopped.
 */
function printUntrusted(title: string, body: string): void {
  const token = crypto.randomUUID();
  write(`::group::${escapeData(title)}`);
  write(`::stop-commands::${token}`);
  write(body);
  write(`::${token}::`);
  write('::endgroup::');
}

function counts(run: RunResult): { findings: number; errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  let findings = 0;
  for (const file of run.files) {
    for (const f of file.findings) {
      if (f.suppression) continue;
      findings++;
      if (f.level === 'error') errors++;
      else if (f.level === 'warning') warnings++;
    }
  }
  return { findings, errors, warnings };
}

async function runAction(env: Env): Promise<number> {
  const cwd = env['GITHUB_WORKSPACE'] || process.cwd();
  const format = input(env, 'format', 'text');
  const sarifFile = input(env, 'sarif-file', 'iamlint.sarif');
  const failOn = input(env, 'fail-on') || undefined;
  let outcome;
  let withAnnotations: boolean;
  try {
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`input 'format' must be text, json or sarif (got '${format}')`);
    if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) {
      throw new UsageError(`input 'fail-on' must be error, warning, note or none (got '${failOn}')`);
    }
    withAnnotations = booleanInput(env, 'annotations', true);
    outcome = await runLint({
      cwd,
      paths: pathsInput(env),
      config: input(env, 'config') || undefined,
      failOn,
      baseline: input(env, 'baseline') || undefined,
      today: new Date().toISOString().slice(0, 10),
    });
  } catch (e) {
    if (e instanceof UsageError) {
      const message = safe(e.message);
      for (const line of message.split('\n')) write(`::error title=${escapeProperty('iamlint')}::${escapeData(line)}`);
      const summaryFile = env['GITHUB_STEP_SUMMARY'];
      if (summaryFile) appendFileSync(summaryFile, `## iamlint\n\n⚠️ iamlint could not run: ${markdownCell(message)}\n`);
      return 2;
    }
    throw e;
  }
  const { run } = outcome;

  const sarifPath = resolve(cwd, sarifFile);
  mkdirSync(dirname(sarifPath), { recursive: true });
  writeFileSync(sarifPath, sarif(run));

  printUntrusted('iamlint report', format === 'sarif' ? sarif(run) : format === 'json' ? json(run) : text(run, { color: false }));
  for (const note of outcome.notes) write(`iamlint: ${safe(note)}`);

  let omitted = 0;
  if (withAnnotations) {
    const a = annotations(run, { elsewhere: `the job summary and ${sarifFile}` });
    for (const line of a.lines) write(safeCommand(line));
    omitted = a.omitted.error + a.omitted.warning + a.omitted.note;
  }

  const summaryFile = env['GITHUB_STEP_SUMMARY'];
  if (summaryFile) {
    const server = env['GITHUB_SERVER_URL'] || 'https://github.com';
    const repo = env['GITHUB_REPOSITORY'];
    appendFileSync(
      summaryFile,
      jobSummary(run, {
        repoUrl: repo ? `${server}/${repo}` : undefined,
        sha: env['GITHUB_SHA'],
        pullRequest: pullRequestNumber(env),
        failOn: outcome.failOn,
        exitCode: outcome.exitCode,
        sarifFile,
        omittedAnnotations: omitted,
      }),
    );
  }

  const c = counts(run);
  setOutput(env, 'sarif-file', sarifFile);
  setOutput(env, 'findings', String(c.findings));
  setOutput(env, 'errors', String(c.errors));
  setOutput(env, 'warnings', String(c.warnings));
  const n = fileCounts(run);
  setOutput(env, 'files-scanned', String(n.scanned));
  setOutput(env, 'files-skipped', String(n.skipped));
  if (outcome.exitCode === 1) write(`iamlint: failing: findings at or above '${outcome.failOn}' (input fail-on)`);
  return outcome.exitCode;
}

runAction(process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    write(`::error title=${escapeProperty('iamlint internal error')}::${escapeData(safe(e instanceof Error && e.stack ? e.stack : String(e)))}`);
    process.exitCode = 2;
  },
);
