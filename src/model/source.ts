/** A half-open span of UTF-16 offsets into a file's text. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** 1-based lines and columns, end exclusive: the convention SARIF and ESLint share. */
export interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Turns offsets into lines and columns. This is the one place where positions are computed;
 * every model node carries a Range from its parser and nothing searches the text again.
 * Columns count UTF-16 code units (SARIF's default `columnKind`).
 */
export class LineIndex {
  private startsCache: number[] | undefined;

  constructor(readonly text: string) {}

  /** Line start offsets, computed on first use: most files produce no finding and never need them. */
  private get starts(): number[] {
    if (this.startsCache) return this.startsCache;
    const text = this.text;
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    if (text.includes('\r')) {
      // Old Mac line ends (a lone CR) are line breaks too; CRLF counts once.
      for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      starts.sort((a, b) => a - b);
    }
    this.startsCache = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.starts[lo] ?? 0) + 1 };
  }

  region(range: Range): Region {
    const s = this.position(range.start);
    const e = this.position(Math.max(range.end, range.start));
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }

  /** Offset of the first character of a 1-based line. */
  offsetOf(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.text.slice(start, end);
  }
}
