import { sha256Hex } from '../engine/sha256.js';
import { severityBand } from '../docs.js';
import type { Finding, RunResult } from '../engine/types.js';

/** One issue of a GitLab Code Quality report (the subset of the Code Climate spec GitLab reads). */
export interface GitlabIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  readonly location: { readonly path: string; readonly lines: { readonly begin: number; readonly end: number } };
  readonly categories: readonly string[];
  readonly type: 'issue';
}

/** Errors rank by the rule's security severity (GitHub's bands); warnings are minor, notes info. */
function severity(f: Finding, score: number | undefined): GitlabIssue['severity'] {
  if (f.level === 'note') return 'info';
  if (f.level === 'warning') return 'minor';
  return score !== undefined && severityBand(score) === 'critical' ? 'critical' : 'major';
}

/**
 * `--format gitlab`: a Code Quality report (`artifacts: reports: codequality:`), as documented at
 * https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format: `description`,
 * `check_name`, `fingerprint`, `severity`, `location.path`, `location.lines.begin`. GitLab shows only the
 * first issue of each fingerprint, so a fingerprint repeated in a run (the same value twice in a file)
 * gets its occurrence number hashed in. Fingerprints carry no line number, as in SARIF and the baseline,
 * so the merge-request widget does not report a moved finding as fixed and new.
 */
export function gitlab(run: RunResult): string {
  const scores = new Map(run.rules.map((r) => [r.id, r.meta.securitySeverity] as const));
  const seen = new Map<string, number>();
  const issues: GitlabIssue[] = [];
  for (const file of run.files) {
    for (const f of file.findings) {
      if (f.suppression) continue;
      const n = seen.get(f.fingerprint) ?? 0;
      seen.set(f.fingerprint, n + 1);
      const fingerprint = n === 0 ? f.fingerprint : sha256Hex(`${f.fingerprint}\u0000${n}`).slice(0, 32);
      issues.push({
        description: f.message,
        check_name: f.ruleId,
        fingerprint,
        severity: severity(f, scores.get(f.ruleId)),
        location: { path: f.file, lines: { begin: f.region.startLine, end: f.region.endLine } },
        categories: ['Security'],
        type: 'issue',
      });
    }
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}
