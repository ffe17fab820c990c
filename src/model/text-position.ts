import type { SScalar } from './node.js';
import type { LineIndex, Range } from './source.js';

/**
 * The source range of characters `index..index+length` of a scalar's value, when the parser's range
 * lets us know it exactly: a JSON or quoted string without escapes, a plain scalar on one line, or a
 * YAML literal block (`|`), line by line. Otherwise the whole scalar.
 */
export function locateInScalar(s: SScalar, index: number, length: number, lines: LineIndex): Range {
  const value = typeof s.value === 'string' ? s.value : undefined;
  if (value === undefined) return s.range;
  const raw = lines.text.slice(s.range.start, s.range.end);
  if (raw === value) return { start: s.range.start + index, end: s.range.start + index + length };
  const q = raw[0];
  if ((q === '"' || q === "'" || q === '`') && raw.slice(1, -1) === value) return { start: s.range.start + 1 + index, end: s.range.start + 1 + index + length };
  if (s.block && s.contentStart !== undefined) {
    // Line k of the value is line k of the block; the block's indentation is that of its first content line.
    const before = value.slice(0, index);
    const k = before.split('\n').length - 1;
    const col = index - (before.lastIndexOf('\n') + 1);
    const firstLine = lines.position(s.contentStart).line;
    let firstContent = firstLine;
    while (firstContent < lines.lineCount && lines.lineText(firstContent).trim() === '') firstContent++;
    const indent = /^ */.exec(lines.lineText(firstContent))?.[0].length ?? 0;
    const lineNo = firstLine + k;
    const lineText = lines.lineText(lineNo);
    const valueLine = value.split('\n')[k] ?? '';
    if (lineText.slice(indent) === valueLine || lineText.slice(indent).startsWith(valueLine.slice(0, col + length))) {
      const start = lines.offsetOf(lineNo) + indent + col;
      return { start, end: start + length };
    }
  }
  return s.range;
}
