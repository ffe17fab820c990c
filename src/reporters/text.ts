import { ruleDocUrl } from '../docs.js';
import type { FileResult, Finding, Level, RunResult } from '../engine/types.js';

export interface TextOptions {
  /** ANSI colours; the CLI decides (TTY, NO_COLOR, FORCE_COLOR, --color), this function only obeys. */
  readonly color: boolean;
  /** Only errors are listed (`--quiet`); the summary still counts everything. */
  readonly quiet?: boolean;
}

const ESC = '\u001b[';
const STYLE = { red: '31', yellow: '33', cyan: '36', green: '32', dim: '2', bold: '1', underline: '4' } as const;

const LEVEL_COLOR: Record<Level, keyof typeof STYLE> = { error: 'red', warning: 'yellow', note: 'cyan' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Messages quote values from the scanned files (resource names, ARNs); a control character there
 * must not reach the terminal, where it could rewrite earlier lines or hide a finding.
 */
function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Why a file was skipped: the loader's reason when the engine records one, else its kind. */
export function skipReason(file: FileResult): string {
  const reason = (file as FileResult & { readonly skipReason?: string }).skipReason;
  return reason !== undefined && reason !== '' ? reason : file.kind === 'none' ? 'nothing iamlint checks' : file.kind;
}

/**
 * Findings grouped by file, as ESLint's `stylish` does: the file's name, then one line per finding.
 * Each line keeps the whole `file:line:col` (not only `line:col` as stylish does) so that terminals and
 * editors make it a link and `grep` finds it. Then the docs page of every rule that fired, and a
 * summary that also says how many files were skipped and why.
 */
export function text(run: RunResult, opts: TextOptions): string {
  const paint = (style: keyof typeof STYLE, s: string) => (opts.color ? `${ESC}${STYLE[style]}m${s}${ESC}0m` : s);
  const lines: string[] = [];
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  let suppressed = 0;
  let filesWithProblems = 0;
  const fired = new Set<string>();
  const skipped = new Map<string, number>();
  const byFile = new Map<string, Finding[]>();
  for (const file of run.files) {
    if (file.status === 'skipped') skipped.set(skipReason(file), (skipped.get(skipReason(file)) ?? 0) + 1);
    let shown = 0;
    for (const f of file.findings) {
      if (f.suppression) {
        suppressed++;
        continue;
      }
      shown++;
      counts[f.level]++;
      if (opts.quiet && f.level !== 'error') continue;
      // Findings name their own file (a template's finding may sit in the same file as the run entry).
      const group = byFile.get(f.file) ?? [];
      group.push(f);
      byFile.set(f.file, group);
    }
    if (shown) filesWithProblems++;
  }
  for (const [file, findings] of byFile) {
    if (lines.length) lines.push('');
    lines.push(paint('underline', clean(file)));
    for (const f of findings) {
      fired.add(f.ruleId);
      const where = `${clean(f.file)}:${f.region.startLine}:${f.region.startColumn}`;
      lines.push(`  ${where}  ${paint(LEVEL_COLOR[f.level], f.level)}  ${clean(f.message)}  ${paint('dim', f.ruleId)}`);
    }
  }
  if (fired.size) {
    lines.push('', 'Rules:');
    for (const id of run.rules.map((r) => r.id).filter((id) => fired.has(id))) lines.push(`  ${id}  ${ruleDocUrl(id)}`);
    for (const id of fired) if (!run.rules.some((r) => r.id === id)) lines.push(`  ${clean(id)}  ${ruleDocUrl(id)}`);
  }
  const problems = counts.error + counts.warning + counts.note;
  const hidden = opts.quiet ? counts.warning + counts.note : 0;
  const nSkipped = [...skipped.values()].reduce((a, b) => a + b, 0);
  const skippedText = nSkipped
    ? `; ${plural(nSkipped, 'file')} skipped (${[...skipped]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([why, n]) => `${n} ${clean(why)}`)
        .join(', ')})`
    : '';
  const tail = `${suppressed ? `; ${suppressed} suppressed` : ''}${hidden ? `; ${hidden} below error level not shown (--quiet)` : ''}`;
  if (problems === 0) {
    lines.push(paint('green', `✔ No problems in ${plural(run.files.length, 'file')}${tail}${skippedText}`));
  } else {
    const summary =
      `✖ ${plural(problems, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})` +
      ` in ${plural(filesWithProblems, 'file')}${tail}; ${plural(run.files.length, 'file')} scanned${skippedText}`;
    lines.push('', paint('bold', paint(counts.error ? 'red' : 'yellow', summary)));
  }
  return `${lines.join('\n')}\n`;
}
