import { ruleDocUrl } from '../docs.js';
import type { Finding, Level, RunResult } from '../engine/types.js';

/**
 * GitHub Actions output, as pure functions: workflow-command annotations and the Markdown job
 * summary. The Action entry (src/action.ts) writes them; nothing here touches the process.
 */

/**
 * GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job); more are
 * dropped silently. Documented for the checks API ("GitHub Actions are limited to 10 warning
 * annotations and 10 error annotations per step", docs.github.com/rest/checks/runs) and reported
 * for workflow commands in github.com/orgs/community/discussions/26680. Notices get the same cap here.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

/** GitHub rejects a step summary over 1 MiB whole ("upload aborted"); stay well below it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
const SUMMARY_BUDGET_BYTES = SUMMARY_LIMIT_BYTES - 64 * 1024;

/** Workflow-command data: `%`, CR and LF are escaped, as @actions/core's `escapeData` does. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values also escape `:` and `,`, which separate properties (`escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Level, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', note: 'notice' };

/** One `::error file=…,line=…::message` line for a finding. */
export function annotation(f: Finding): string {
  const r = f.region;
  const props = [`file=${escapeProperty(f.file)}`, `line=${r.startLine}`, `endLine=${r.endLine}`];
  // Columns only count on a one-line annotation (@actions/core: "cannot be sent when startLine and endLine are different").
  if (r.startLine === r.endLine) props.push(`col=${r.startColumn}`, `endColumn=${r.endColumn}`);
  props.push(`title=${escapeProperty(`iamlint ${f.ruleId}`)}`);
  return `::${COMMAND[f.level]} ${props.join(',')}::${escapeData(`${f.message}\nRule: ${f.ruleId} (${ruleDocUrl(f.ruleId)})`)}`;
}

export interface Annotations {
  readonly lines: readonly string[];
  /** Findings per level that got no annotation because of GitHub's per-step limit. */
  readonly omitted: Readonly<Record<Level, number>>;
}

function unsuppressed(run: RunResult): Finding[] {
  return run.files.flatMap((f) => f.findings.filter((x) => !x.suppression));
}

/**
 * Annotations for unsuppressed findings, at most `perLevel` of each level (GitHub would drop the
 * rest without a word); when any are left out, a last notice says how many and where they are.
 */
export function annotations(run: RunResult, opts: { perLevel?: number; elsewhere?: string } = {}): Annotations {
  const perLevel = opts.perLevel ?? ANNOTATIONS_PER_LEVEL;
  const findings = unsuppressed(run);
  const total: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) total[f.level]++;
  const overflow = (Object.keys(total) as Level[]).some((l) => total[l] > perLevel);
  // The closing notice is itself a notice: keep a place for it.
  const cap: Record<Level, number> = { error: perLevel, warning: perLevel, note: overflow ? perLevel - 1 : perLevel };
  const shown: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  const lines: string[] = [];
  for (const f of findings) {
    if (shown[f.level] >= cap[f.level]) continue;
    shown[f.level]++;
    lines.push(annotation(f));
  }
  const omitted = { error: total.error - shown.error, warning: total.warning - shown.warning, note: total.note - shown.note };
  const left = omitted.error + omitted.warning + omitted.note;
  if (left > 0) {
    const parts = (['error', 'warning', 'note'] as const).filter((l) => omitted[l]).map((l) => plural(omitted[l], l));
    const where = opts.elsewhere ?? 'the job summary';
    lines.push(
      `::notice title=${escapeProperty('iamlint: more findings')}::${escapeData(
        `${plural(left, 'more finding')} (${parts.join(', ')}) not shown as annotations: GitHub shows at most ${perLevel} per level in a step. All of them are in ${where}.`,
      )}`,
    );
  }
  return { lines, omitted };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Text inside a Markdown table cell: no HTML, no table breaks, no accidental emphasis or links. */
export function markdownCell(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

export interface SummaryOptions {
  /** `https://github.com/owner/repo`: file locations become links when given with `sha`. */
  readonly repoUrl?: string | undefined;
  readonly sha?: string | undefined;
  readonly pullRequest?: number | undefined;
  readonly failOn: string;
  readonly exitCode: number;
  readonly sarifFile?: string | undefined;
  readonly omittedAnnotations?: number | undefined;
  /** For tests: a smaller budget than GitHub's 1 MiB. */
  readonly budgetBytes?: number | undefined;
}

function blobUrl(opts: SummaryOptions, file: string, line?: number): string | undefined {
  if (!opts.repoUrl || !opts.sha || file.startsWith('/') || file.startsWith('../')) return undefined;
  const path = file.split('/').map(encodeURIComponent).join('/');
  return `${opts.repoUrl}/blob/${opts.sha}/${path}${line ? `#L${line}` : ''}`;
}

function fileLink(opts: SummaryOptions, file: string, label: string, line?: number): string {
  const url = blobUrl(opts, file, line);
  return url ? `[${markdownCell(label)}](${url})` : markdownCell(label);
}

/**
 * The job summary: counts, a table of findings by rule and file (linking the rule docs), then every
 * finding with its location. It stays under GitHub's 1 MiB per step: rows that do not fit are
 * counted instead, and the SARIF file has them all.
 */
export function jobSummary(run: RunResult, opts: SummaryOptions): string {
  const budget = opts.budgetBytes ?? SUMMARY_BUDGET_BYTES;
  const findings = unsuppressed(run);
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.level]++;
  let inSource = 0;
  let external = 0;
  for (const file of run.files) {
    for (const f of file.findings) {
      if (f.suppression?.kind === 'external') external++;
      else if (f.suppression) inSource++;
    }
  }
  const filesWith = new Set(findings.map((f) => f.file)).size;

  const out: string[] = [];
  let size = 0;
  const push = (s: string) => {
    out.push(s);
    size += Buffer.byteLength(s, 'utf8') + 1;
  };
  const where = opts.pullRequest !== undefined ? ` on pull request #${opts.pullRequest}` : '';
  push(`## iamlint${where}`);
  push('');
  const verdict = opts.exitCode === 0 ? '✅ passed' : opts.exitCode === 1 ? '❌ failed' : '⚠️ could not complete';
  const suppressed = inSource + external ? ` · ${inSource + external} suppressed (${inSource} in the source, ${external} by the baseline)` : '';
  push(
    `**${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}** in ${plural(filesWith, 'file')} of ${run.files.filter((f) => f.status !== 'skipped').length} scanned${suppressed}. ` +
      `Fails on \`${opts.failOn}\`: ${verdict}.`,
  );
  if (findings.length === 0) return `${out.join('\n')}\n`;

  // Findings by rule and file, in the order the rules are listed.
  const ruleOrder = new Map(run.rules.map((r, i) => [r.id, i] as const));
  const groups = new Map<string, { ruleId: string; level: Level; file: string; n: number; line: number }>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.file}\u0000${f.level}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { ruleId: f.ruleId, level: f.level, file: f.file, n: 1, line: f.region.startLine });
  }
  const rows = [...groups.values()].sort(
    (a, b) => (ruleOrder.get(a.ruleId) ?? 1e9) - (ruleOrder.get(b.ruleId) ?? 1e9) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  );
  const reserve = 512; // room for the closing lines
  push('');
  push('| Rule | Level | File | Findings |');
  push('| --- | --- | --- | ---: |');
  let shownRows = 0;
  for (const g of rows) {
    const row = `| [${markdownCell(g.ruleId)}](${ruleDocUrl(g.ruleId)}) | ${g.level} | ${fileLink(opts, g.file, g.file, g.line)} | ${g.n} |`;
    if (size + Buffer.byteLength(row) + reserve > budget) break;
    push(row);
    shownRows++;
  }
  if (shownRows < rows.length) push(`| … | | ${rows.length - shownRows} more rows do not fit in GitHub's 1 MiB step summary | |`);

  push('');
  push(`<details><summary>All ${plural(findings.length, 'finding')}</summary>`);
  push('');
  push('| Location | Level | Rule | Message |');
  push('| --- | --- | --- | --- |');
  let shown = 0;
  for (const f of findings) {
    const loc = `${f.file}:${f.region.startLine}:${f.region.startColumn}`;
    const row = `| ${fileLink(opts, f.file, loc, f.region.startLine)} | ${f.level} | ${markdownCell(f.ruleId)} | ${markdownCell(f.message)} |`;
    if (size + Buffer.byteLength(row) + reserve > budget) break;
    push(row);
    shown++;
  }
  if (shown < findings.length) {
    const sarif = opts.sarifFile ? `; all of them are in ${markdownCell(opts.sarifFile)}` : '';
    push(`| … | | | ${findings.length - shown} more findings do not fit in GitHub's 1 MiB step summary${sarif} |`);
  }
  push('');
  push('</details>');
  if (opts.omittedAnnotations) {
    push('');
    push(
      `GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations of each level per step, so ${plural(opts.omittedAnnotations, 'finding')} listed here ${opts.omittedAnnotations === 1 ? 'has' : 'have'} no annotation on the diff.`,
    );
  }
  return `${out.join('\n')}\n`;
}

function textLine(f: Finding): string {
  return `${f.file}:${f.region.startLine}:${f.region.startColumn}  ${f.level}  ${f.message}  ${f.ruleId}`;
}

/**
 * `--format github`: the report for a workflow that runs the CLI (no code scanning). Annotations as
 * the Action writes them, at most `perLevel` of each level; the findings GitHub would drop are then
 * printed as plain lines between `::stop-commands::<token>` and `::<token>::`, so that they are in the
 * log and a file name or value there cannot be read as a workflow command. The token is the caller's
 * (the CLI passes a random UUID), so this stays a pure function.
 */
export function githubWorkflow(run: RunResult, opts: { readonly token: string; readonly perLevel?: number }): string {
  const perLevel = opts.perLevel ?? ANNOTATIONS_PER_LEVEL;
  const a = annotations(run, { perLevel, elsewhere: 'the log of this step' });
  const lines = [...a.lines];
  if (a.omitted.error + a.omitted.warning + a.omitted.note > 0) {
    const seen: Record<Level, number> = { error: 0, warning: 0, note: 0 };
    const cap: Record<Level, number> = { error: perLevel, warning: perLevel, note: perLevel - 1 };
    const rest: string[] = [];
    for (const f of unsuppressed(run)) if (++seen[f.level] > cap[f.level]) rest.push(textLine(f).replace(/[\r\n]+/g, ' '));
    lines.push(`::stop-commands::${opts.token}`, ...rest, `::${opts.token}::`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
