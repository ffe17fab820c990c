import type { Finding, Notification, Reporter } from '../engine/types.js';

/** The JSON report's shape; fields are never omitted (absent values are `null`), so consumers can rely on them. */
export interface JsonReport {
  readonly version: string;
  readonly files: number;
  readonly findings: readonly JsonFinding[];
  readonly errors: readonly JsonError[];
  readonly summary: { readonly error: number; readonly warning: number; readonly note: number; readonly suppressed: number };
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly level: Finding['level'];
  readonly message: string;
  readonly file: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly resource: string | null;
  readonly path: string | null;
  readonly fingerprint: string;
  readonly suppressed: boolean;
  readonly justification: string | null;
}

export interface JsonError {
  readonly file: string;
  readonly level: Notification['level'];
  readonly message: string;
  readonly startLine: number | null;
  readonly startColumn: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
}

function finding(f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    level: f.level,
    message: f.message,
    file: f.file,
    startLine: f.region.startLine,
    startColumn: f.region.startColumn,
    endLine: f.region.endLine,
    endColumn: f.region.endColumn,
    resource: f.logical.resource ?? null,
    path: f.logical.path ?? null,
    fingerprint: f.fingerprint,
    suppressed: f.suppression !== undefined,
    justification: f.suppression?.justification ?? null,
  };
}

function error(n: Notification): JsonError {
  return {
    file: n.file,
    level: n.level,
    message: n.message,
    startLine: n.region?.startLine ?? null,
    startColumn: n.region?.startColumn ?? null,
    endLine: n.region?.endLine ?? null,
    endColumn: n.region?.endColumn ?? null,
  };
}

/** A stable JSON report: every finding (suppressed ones marked), unreadable files, and counts. */
export const json: Reporter = (run) => {
  const findings = run.files.flatMap((f) => f.findings.map(finding));
  const summary = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) summary.suppressed++;
    else summary[f.level]++;
  }
  const report: JsonReport = {
    version: run.tool.version,
    files: run.files.length,
    findings,
    errors: run.files.flatMap((f) => f.notifications.map(error)),
    summary,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
