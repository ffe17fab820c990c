import type { Level, RunResult } from '../engine/types.js';

export interface TextOptions {
  /** ANSI colours; the CLI decides (TTY, NO_COLOR, FORCE_COLOR), this function only obeys. */
  readonly color: boolean;
}

const ESC = '\u001b[';
const STYLE = { red: '31', yellow: '33', cyan: '36', green: '32', dim: '2', bold: '1' } as const;

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

/** One line per unsuppressed finding, `file:line:col  level  message  rule-id`, then a summary line. */
export function text(run: RunResult, opts: TextOptions): string {
  const paint = (style: keyof typeof STYLE, s: string) => (opts.color ? `${ESC}${STYLE[style]}m${s}${ESC}0m` : s);
  const lines: string[] = [];
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  let suppressed = 0;
  let filesWithProblems = 0;
  for (const file of run.files) {
    let shown = 0;
    for (const f of file.findings) {
      if (f.suppression) {
        suppressed++;
        continue;
      }
      shown++;
      counts[f.level]++;
      const where = `${clean(f.file)}:${f.region.startLine}:${f.region.startColumn}`;
      lines.push(`${where}  ${paint(LEVEL_COLOR[f.level], f.level)}  ${clean(f.message)}  ${paint('dim', f.ruleId)}`);
    }
    if (shown) filesWithProblems++;
  }
  const problems = counts.error + counts.warning + counts.note;
  const tail = `${suppressed ? `; ${suppressed} suppressed` : ''}`;
  if (problems === 0) {
    lines.push(paint('green', `✔ No problems in ${plural(run.files.length, 'file')}${tail}`));
  } else {
    const summary =
      `✖ ${plural(problems, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})` +
      ` in ${plural(filesWithProblems, 'file')}${tail}; ${plural(run.files.length, 'file')} scanned`;
    lines.push('', paint('bold', paint(counts.error ? 'red' : 'yellow', summary)));
  }
  return `${lines.join('\n')}\n`;
}
