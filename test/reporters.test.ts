import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintText, type FileResult, type LintOptions, type RunResult } from '../src/index.js';
import { json, type JsonReport } from '../src/reporters/json.js';
import { text } from '../src/reporters/text.js';
import { rules } from '../rules/index.js';

const options: LintOptions = { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-01-01' } };
const lint = (path: string) => lintText(path, readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'), options);
const runOf = (files: FileResult[]): RunResult => ({
  files,
  rules,
  levels: new Map(),
  tool: { name: 'iamlint', version: '9.9.9', informationUri: 'https://github.com/iamlint/iamlint' },
});

const run = runOf(['fixtures/sarif/template.yaml', 'fixtures/sarif/policy.json', 'fixtures/sarif/broken.json'].map(lint));
const skipped: FileResult = { file: 'README.json', findings: [], notifications: [], status: 'skipped', kind: 'none' };

describe('json reporter', () => {
  const report = JSON.parse(json(run)) as JsonReport;

  it('lists every finding with flat positions, suppressed ones marked', () => {
    expect(report.version).toBe('9.9.9');
    expect(report.files).toBe(3);
    expect(report.findings).toHaveLength(7);
    expect(report.findings.find((f) => f.suppressed)).toEqual({
      ruleId: 'passrole-wildcard-resource',
      level: 'error',
      message: expect.stringContaining("every role ('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*')") as string,
      file: 'fixtures/sarif/template.yaml',
      startLine: 33,
      startColumn: 28,
      endLine: 33,
      endColumn: 79,
      resource: 'DeployPolicy',
      path: 'Properties.PolicyDocument.Statement[0]',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
      suppressed: true,
      justification: 'the deploy pipeline passes every app role (reviewed in SEC-42)',
    });
    const policy = report.findings.find((f) => f.file === 'fixtures/sarif/policy.json' && f.ruleId === 'passrole-wildcard-resource');
    expect(policy).toMatchObject({ resource: null, path: 'Statement[0]', suppressed: false, justification: null });
  });

  it('reports unreadable files under errors, and counts by level', () => {
    expect(report.errors).toEqual([
      {
        file: 'fixtures/sarif/broken.json',
        level: 'error',
        message: "Unexpected '\"', expected ',' or '}'",
        startLine: 4,
        startColumn: 51,
        endLine: 4,
        endColumn: 52,
      },
    ]);
    expect(report.summary).toEqual({ error: 4, warning: 2, note: 0, suppressed: 1 });
  });
});

describe('text reporter', () => {
  it('prints one line per unsuppressed finding and a summary', () => {
    const lines = text(run, { color: false }).trimEnd().split('\n');
    expect(lines[0]).toBe(
      "fixtures/sarif/template.yaml:11:31  error  This trust policy lets any principal in any AWS account assume the role (Principal '*'). Name the principals, or restrict the caller with aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn.  trust-wildcard-principal",
    );
    expect(lines.map((l) => l.split('  ')[0])).toEqual([
      'fixtures/sarif/template.yaml:11:31',
      'fixtures/sarif/template.yaml:22:25',
      'fixtures/sarif/template.yaml:23:27',
      'fixtures/sarif/policy.json:7:38',
      'fixtures/sarif/policy.json:8:19',
      'fixtures/sarif/broken.json:4:51',
      '',
      '✖ 6 problems (4 errors, 2 warnings, 0 notes) in 3 files; 1 suppressed; 3 files scanned',
    ]);
    expect(text(run, { color: false })).not.toContain('\u001b[');
  });

  it('colours only when asked', () => {
    const out = text(run, { color: true });
    expect(out).toContain('\u001b[31merror\u001b[0m');
    expect(out).toContain('\u001b[33mwarning\u001b[0m');
  });

  it('says so when there is nothing to report', () => {
    expect(text(runOf([skipped]), { color: false })).toBe('✔ No problems in 1 file\n');
    expect(text(runOf([skipped, skipped]), { color: false })).toBe('✔ No problems in 2 files\n');
  });

  it('keeps control characters from the scanned files away from the terminal', () => {
    const base = run.files[1]!.findings[0]!;
    const evil: FileResult = { ...run.files[1]!, file: 'evil.json', findings: [{ ...base, file: 'evil\u0007.json', message: "role 'x\u001b[2J' is wrong." }] };
    const out = text(runOf([evil]), { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).toContain("evil\\u0007.json:7:38  warning  role 'x\\u001b[2J' is wrong.");
  });
});
