import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintText, type FileResult, type LintOptions, type RunResult } from '../src/index.js';
import { json, type JsonReport } from '../src/reporters/json.js';
import { text } from '../src/reporters/text.js';
import { githubWorkflow } from '../src/reporters/github.js';
import { junit } from '../src/reporters/junit.js';
import { gitlab, type GitlabIssue } from '../src/reporters/gitlab.js';
import { rules as allRules } from '../rules/index.js';

// The rules these fixtures exercise: a rule added later must not change what the reporters are tested on.
const USED = ['passrole-wildcard-resource', 'passrole-missing-passed-to-service', 'trust-wildcard-principal', 'invalid-input', 'invalid-suppression'];
const rules = allRules.filter((r) => USED.includes(r.id));

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
      path: 'Properties.PolicyDocument.Statement[0].Resource',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
      suppressed: true,
      justification: 'the deploy pipeline passes every app role (reviewed in SEC-42)',
    });
    const policy = report.findings.find((f) => f.file === 'fixtures/sarif/policy.json' && f.ruleId === 'passrole-wildcard-resource');
    expect(policy).toMatchObject({ resource: null, path: 'Statement[0].Resource', suppressed: false, justification: null });
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
  it('groups findings by file, one line per unsuppressed finding, then the rules docs and a summary', () => {
    const lines = text(run, { color: false }).trimEnd().split('\n');
    expect(lines[0]).toBe('fixtures/sarif/template.yaml');
    expect(lines[1]).toBe(
      "  fixtures/sarif/template.yaml:11:31  error  This trust policy lets any principal in any AWS account assume the role (Principal '*'). Name the principals, or restrict the caller with aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn.  trust-wildcard-principal",
    );
    expect(lines.map((l) => l.split('  ').slice(0, 2).join('  '))).toEqual([
      'fixtures/sarif/template.yaml',
      '  fixtures/sarif/template.yaml:11:31',
      '  fixtures/sarif/template.yaml:22:25',
      '  fixtures/sarif/template.yaml:23:27',
      '',
      'fixtures/sarif/policy.json',
      '  fixtures/sarif/policy.json:7:38',
      '  fixtures/sarif/policy.json:8:19',
      '',
      'fixtures/sarif/broken.json',
      '  fixtures/sarif/broken.json:4:51',
      '',
      'Rules:',
      '  passrole-wildcard-resource',
      '  passrole-missing-passed-to-service',
      '  trust-wildcard-principal',
      '  invalid-input',
      '',
      '✖ 6 problems (4 errors, 2 warnings, 0 notes) in 3 files; 1 suppressed; 3 files scanned',
    ]);
    expect(lines).toContain('  trust-wildcard-principal  https://github.com/iamlint/iamlint/blob/main/docs/rules/trust-wildcard-principal.md');
    expect(text(run, { color: false })).not.toContain('\u001b[');
  });

  it('with quiet lists errors only and says how many others it left out', () => {
    const out = text(run, { color: false, quiet: true });
    expect(out).not.toContain('  warning  ');
    expect(out).toContain('fixtures/sarif/policy.json:8:19  error');
    expect(out).toContain('✖ 6 problems (4 errors, 2 warnings, 0 notes) in 3 files; 1 suppressed; 2 below error level not shown (--quiet); 3 files scanned');
  });

  it('colours only when asked', () => {
    const out = text(run, { color: true });
    expect(out).toContain('\u001b[31merror\u001b[0m');
    expect(out).toContain('\u001b[33mwarning\u001b[0m');
  });

  it('says so when there is nothing to report, and why files were skipped', () => {
    expect(text(runOf([skipped]), { color: false })).toBe('✔ No problems in 1 file; 1 file skipped (1 nothing iamlint checks)\n');
    const code: FileResult = { ...skipped, file: 'app.ts', skipReason: "code files need the 'typescript' package" };
    expect(
      text(runOf([skipped, code, skipped, lint('fixtures/sarif/policy.json')]), { color: false })
        .trimEnd()
        .split('\n')
        .pop(),
    ).toBe(
      "✖ 2 problems (1 error, 1 warning, 0 notes) in 1 file; 4 files scanned; 3 files skipped (2 nothing iamlint checks, 1 code files need the 'typescript' package)",
    );
  });

  it('keeps control characters from the scanned files away from the terminal', () => {
    const base = run.files[1]!.findings[0]!;
    const evil: FileResult = { ...run.files[1]!, file: 'evil.json', findings: [{ ...base, file: 'evil\u0007.json', message: "role 'x\u001b[2J' is wrong." }] };
    const out = text(runOf([evil]), { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).toContain("evil\\u0007.json:7:38  warning  role 'x\\u001b[2J' is wrong.");
  });
});

describe('github reporter (--format github)', () => {
  it('writes one escaped workflow command per unsuppressed finding', () => {
    const out = githubWorkflow(run, { token: 'T' });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      "::error file=fixtures/sarif/template.yaml,line=11,endLine=11,col=31,endColumn=34,title=iamlint trust-wildcard-principal::This trust policy lets any principal in any AWS account assume the role (Principal '*'). Name the principals, or restrict the caller with aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn.%0ARule: trust-wildcard-principal (https://github.com/iamlint/iamlint/blob/main/docs/rules/trust-wildcard-principal.md)",
    );
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(2);
    expect(out).not.toContain('stop-commands');
  });

  it('escapes %, CR, LF in data and also : and , in properties', () => {
    const base = run.files[1]!.findings[0]!;
    const evil: FileResult = { ...run.files[1]!, findings: [{ ...base, file: 'a,b:c%.json', message: '50% done\r\nnext::error x' }] };
    expect(githubWorkflow(runOf([evil]), { token: 'T' })).toContain('::warning file=a%2Cb%3Ac%25.json,line=7,');
    expect(githubWorkflow(runOf([evil]), { token: 'T' })).toContain('::50%25 done%0D%0Anext::error x%0ARule:');
  });

  it('prints the findings beyond GitHub’s per-step limit between stop-commands markers', () => {
    const out = githubWorkflow(run, { token: 'TOKEN', perLevel: 2 }).trimEnd().split('\n');
    expect(out.filter((l) => l.startsWith('::error '))).toHaveLength(2);
    expect(out.some((l) => l.startsWith('::notice title=iamlint%3A more findings::'))).toBe(true);
    const start = out.indexOf('::stop-commands::TOKEN');
    expect(out.slice(start)).toEqual([
      '::stop-commands::TOKEN',
      expect.stringMatching(/^fixtures\/sarif\/policy\.json:8:19 {2}error {2}/) as string,
      expect.stringMatching(/^fixtures\/sarif\/broken\.json:4:51 {2}error {2}/) as string,
      '::TOKEN::',
    ]);
  });
});

describe('junit reporter', () => {
  it('writes one testsuite per file, a failure per finding, passing and skipped cases for the rest', () => {
    const xml = junit(runOf([...run.files, skipped]));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="iamlint" tests="7" failures="6" errors="0" skipped="1">')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(4);
    expect(xml).toContain('<testsuite name="fixtures/sarif/template.yaml" tests="3" failures="3" errors="0" skipped="0">');
    expect(xml).toContain(
      '<testcase name="passrole-wildcard-resource at 8:19" classname="fixtures/sarif/policy.json" file="fixtures/sarif/policy.json" line="8"><failure message="',
    );
    expect(xml).toContain('<testcase name="iamlint" classname="README.json" file="README.json"><skipped message="nothing iamlint checks"/></testcase>');
  });

  it('reports a file it could not check as an error, not a pass', () => {
    const broken: FileResult = {
      file: 'b.json',
      findings: [],
      notifications: [{ file: 'b.json', level: 'error', message: 'Unexpected end of input' }],
      status: 'error',
      kind: 'unreadable',
    };
    const xml = junit(runOf([broken]));
    expect(xml).toContain('<testsuites name="iamlint" tests="1" failures="0" errors="1" skipped="0">');
    expect(xml).toContain('<testcase name="iamlint" classname="b.json" file="b.json"><error message="Unexpected end of input"/></testcase>');
  });

  it('escapes markup and characters XML cannot carry', () => {
    const base = run.files[1]!.findings[0]!;
    const evil: FileResult = { ...run.files[1]!, file: 'a"<b>&.json', findings: [{ ...base, file: 'a"<b>&.json', message: "x</failure><y a='1'>\u0001\n" }] };
    const xml = junit(runOf([evil]));
    expect(xml).toContain('<testsuite name="a&quot;&lt;b&gt;&amp;.json"');
    expect(xml).toContain('message="x&lt;/failure&gt;&lt;y a=&apos;1&apos;&gt;\\u0001&#10;"');
    expect(xml).not.toContain('</failure><y');
    expect(xml).not.toContain('\u0001');
  });
});

describe('gitlab reporter (Code Quality)', () => {
  const issues = JSON.parse(gitlab(run)) as GitlabIssue[];

  it('writes the fields GitLab documents for every unsuppressed finding', () => {
    expect(issues).toHaveLength(6);
    expect(issues.find((i) => i.check_name === 'passrole-missing-passed-to-service')).toEqual({
      description: expect.stringContaining('iam:PassRole') as string,
      check_name: 'passrole-missing-passed-to-service',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
      severity: 'minor',
      location: { path: 'fixtures/sarif/template.yaml', lines: { begin: 22, end: 22 } },
      categories: ['Security'],
      type: 'issue',
    });
    expect(issues.filter((i) => i.check_name === 'trust-wildcard-principal').map((i) => i.severity)).toEqual(['critical']);
    expect(issues.filter((i) => i.check_name === 'invalid-input').map((i) => i.severity)).toEqual(['major']);
  });

  it('keeps fingerprints unique, as GitLab shows one issue per fingerprint', () => {
    const twice = runOf([run.files[1]!, run.files[1]!]);
    const fps = (JSON.parse(gitlab(twice)) as GitlabIssue[]).map((i) => i.fingerprint);
    expect(new Set(fps).size).toBe(fps.length);
    expect(fps.slice(0, 2)).toEqual(run.files[1]!.findings.map((f) => f.fingerprint));
  });
});
