import { INVALID_SUPPRESSION } from './suppressions.js';
import type { FileResult, Finding } from './types.js';

/**
 * A baseline: the findings a team has accepted for now, keyed by fingerprint. Findings whose
 * fingerprint is listed are reported as suppressed (SARIF kind `external`) and do not fail the run;
 * anything new still does. Pure: reading and writing the file is the shell's job.
 */
export interface Baseline {
  readonly version: 1;
  /**
   * The day an older iamlint wrote it (YYYY-MM-DD). No longer written: a date (or the tool's version)
   * in the file would change it on every rewrite of an unchanged estate, a diff to review for nothing.
   */
  readonly generated?: string;
  readonly tool: { readonly name: string; readonly version?: string };
  readonly entries: readonly BaselineEntry[];
}

export interface BaselineEntry {
  /** The finding's fingerprint: rule, file, logical location and the offending element, never a line number. */
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly file: string;
  /** For the reader of a diff; already masked (findings never carry a whole secret). Not used for matching. */
  readonly message: string;
}

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** Messages are stored for people reading the file; long ones are cut so the file stays reviewable. */
const MESSAGE_LIMIT = 160;

function shortMessage(m: string): string {
  const oneLine = m.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MESSAGE_LIMIT ? oneLine : `${oneLine.slice(0, MESSAGE_LIMIT - 1)}…`;
}

/**
 * Whether a finding belongs in a baseline. A broken suppression comment is a mistake in a line
 * someone just wrote (and its fingerprint follows that line), not legacy debt to defer.
 */
function recordable(f: Finding): boolean {
  if (f.ruleId === INVALID_SUPPRESSION) return false;
  return f.suppression === undefined || f.suppression.kind === 'external';
}

/**
 * Today's findings as a baseline: every finding not suppressed in the source (findings matched by a
 * previous baseline are still there, so they stay). Sorted, and with nothing that depends on the day
 * or the tool's version, so rewriting an unchanged estate gives the same bytes. `meta.generated` is
 * accepted for callers that still pass it and is not recorded.
 */
export function createBaseline(files: readonly FileResult[], meta: { generated?: string; tool: { name: string; version?: string } }): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const file of files) {
    for (const f of file.findings) {
      if (!recordable(f) || seen.has(f.fingerprint)) continue;
      seen.add(f.fingerprint);
      entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, message: shortMessage(f.message) });
    }
  }
  entries.sort((a, b) => cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint));
  return { version: 1, tool: { name: meta.tool.name }, entries };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serializeBaseline(b: Baseline): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and checks a baseline file's text; `source` names it in error messages. */
export function parseBaseline(text: string, source: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${source}: not a JSON baseline: ${(e as Error).message}`);
  }
  if (!isRecord(data)) throw new BaselineError(`${source}: a baseline is a JSON object with "version" and "entries"`);
  if (data['version'] !== 1)
    throw new BaselineError(`${source}: unsupported baseline version ${JSON.stringify(data['version'])} (this iamlint reads version 1)`);
  const raw = data['entries'];
  if (!Array.isArray(raw)) throw new BaselineError(`${source}: "entries" must be an array`);
  const entries: BaselineEntry[] = raw.map((e: unknown, i) => {
    if (!isRecord(e) || typeof e['fingerprint'] !== 'string' || e['fingerprint'] === '') {
      throw new BaselineError(`${source}: entries[${i}] has no "fingerprint"`);
    }
    const str = (k: string) => (typeof e[k] === 'string' ? e[k] : '');
    return { fingerprint: e['fingerprint'], ruleId: str('ruleId'), file: str('file'), message: str('message') };
  });
  const tool = isRecord(data['tool']) ? data['tool'] : {};
  return {
    version: 1,
    ...(typeof data['generated'] === 'string' ? { generated: data['generated'] } : {}),
    tool: { name: typeof tool['name'] === 'string' ? tool['name'] : '', ...(typeof tool['version'] === 'string' ? { version: tool['version'] } : {}) },
    entries,
  };
}

export interface BaselineMatch {
  /** Findings that the baseline suppressed in this run. */
  readonly matched: number;
  /** Baseline entries that matched no finding: fixed, or their file moved. */
  readonly unmatched: readonly BaselineEntry[];
}

/**
 * Marks findings whose fingerprint is in the baseline as suppressed (`external`). Findings already
 * suppressed in the source keep that suppression; engine diagnostics about suppressions are never
 * hidden. Mutates the findings' `suppression`, as the engine's own suppression pass does.
 */
export function applyBaseline(files: readonly FileResult[], baseline: Baseline, source: string): BaselineMatch {
  const byFingerprint = new Map(baseline.entries.map((e) => [e.fingerprint, e] as const));
  const used = new Set<string>();
  let matched = 0;
  const justification = `Recorded in the baseline ${source}${baseline.generated ? ` on ${baseline.generated}` : ''}.`;
  for (const file of files) {
    for (const f of file.findings) {
      if (f.suppression || f.ruleId === INVALID_SUPPRESSION || !byFingerprint.has(f.fingerprint)) continue;
      f.suppression = { kind: 'external', justification };
      used.add(f.fingerprint);
      matched++;
    }
  }
  return { matched, unmatched: baseline.entries.filter((e) => !used.has(e.fingerprint)) };
}
