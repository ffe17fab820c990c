import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectations, FIXTURES, ROOT } from './fixture-harness.js';

/**
 * The README's flat config, run by the real `eslint` binary over a small project
 * (fixtures/eslint-project: CDK and SDK code, a JSON policy, a YAML template), and the CLI over the
 * same files: the same findings, rule ids and messages.
 */
const PROJECT = join(FIXTURES, 'eslint-project');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const PLUGIN = join(ROOT, 'dist', 'src', 'eslint-plugin.js');

interface Message {
  ruleId: string | null;
  messageId?: string;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
}
interface FileReport {
  filePath: string;
  messages: Message[];
  suppressedMessages: Message[];
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let reports: FileReport[] = [];

beforeAll(() => {
  // The fixture project loads the plugin from dist/: build it when the sources are newer.
  const built = (() => {
    try {
      return statSync(PLUGIN).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (built < Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'rules'))))
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
  const r = spawnSync(process.execPath, [ESLINT, '--format', 'json', '.'], { cwd: PROJECT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  // Exit status 1: there are errors to report.
  expect(r.status).toBe(1);
  reports = JSON.parse(r.stdout) as FileReport[];
}, 120_000);

const rel = (p: string) => relative(PROJECT, p).split('\\').join('/');

describe('eslint with the iamlint plugin, from the README snippet', () => {
  it('lints the code, the JSON policy and the YAML template, and nothing fails to parse', () => {
    expect(reports.map((f) => rel(f.filePath)).sort()).toEqual([
      '.iamlintrc.json',
      'eslint.config.js',
      'package.json',
      'src/clean.ts',
      'src/client.ts',
      'src/stack.ts',
      'templates/policy.json',
      'templates/stack.yaml',
    ]);
    for (const f of reports) expect(f.messages.filter((m) => m.fatal)).toEqual([]);
  });

  it('reports exactly what the expect markers announce, by rule id and message id', () => {
    for (const f of reports) {
      const expected = expectations(f.filePath, readFileSync(f.filePath));
      const actual = f.messages.map((m) => `${String(m.line).padStart(4, ' ')} ${m.messageId}`).sort();
      expect(actual, rel(f.filePath)).toEqual(expected);
      for (const m of f.messages) expect(m.ruleId).toMatch(/^iamlint\//);
    }
  });

  it('honours eslint-disable comments in TypeScript and YAML, and iamlint-disable-next-line', () => {
    const suppressed = reports.flatMap((f) => f.suppressedMessages.map((m) => `${rel(f.filePath)}:${m.line} ${m.ruleId}`)).sort();
    expect(suppressed).toEqual(['src/stack.ts:20 iamlint/trust-wildcard-principal', 'templates/stack.yaml:18 iamlint/trust-wildcard-principal']);
    // The Partner role's iamlint-disable-next-line: no message at all.
    const stack = reports.find((f) => rel(f.filePath) === 'src/stack.ts');
    expect(stack?.messages.some((m) => m.line === 18)).toBe(false);
  });

  it('offers removing hard-coded credentials as a suggestion, never as a fix', () => {
    const client = reports.find((f) => rel(f.filePath) === 'src/client.ts');
    const text = readFileSync(join(PROJECT, 'src/client.ts'), 'utf8');
    const creds = client?.messages.filter((m) => m.ruleId === 'iamlint/hardcoded-credentials') ?? [];
    expect(creds).toHaveLength(2);
    for (const m of creds) {
      expect(m).not.toHaveProperty('fix');
      const s = m.suggestions?.[0];
      expect(s?.desc).toMatch(/^Remove the hard-coded credentials/);
      const fixed = text.slice(0, s?.fix.range[0]) + s?.fix.text + text.slice(s?.fix.range[1]);
      expect(fixed).not.toContain('AKIA');
      expect(fixed).toContain("export const hardcoded = new S3Client({\n  region: 'eu-west-1',\n});");
    }
    // Only IAM-free edits are suggested.
    for (const f of reports) for (const m of f.messages) if (m.ruleId !== 'iamlint/hardcoded-credentials') expect(m.suggestions ?? []).toEqual([]);
  });

  it('gives the same rule ids, messages and positions as the CLI', () => {
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'iamlint.cjs'), '--format', 'json', 'src', 'templates'], { cwd: PROJECT, encoding: 'utf8' });
    const out = JSON.parse(cli.stdout) as {
      findings: {
        ruleId: string;
        message: string;
        file: string;
        startLine: number;
        startColumn: number;
        endLine: number;
        endColumn: number;
        suppressed: boolean;
      }[];
    };
    const fromCli = out.findings
      .filter((f) => !f.suppressed)
      .map((f) => `${f.file}:${f.startLine}:${f.startColumn}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.message}`)
      .sort();
    // Both honour `eslint-disable-next-line iamlint/<rule> -- reason`: what either reports unsuppressed is the same.
    const fromEslint = reports
      .flatMap((f) =>
        f.messages.map(
          (m) => `${rel(f.filePath)}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${(m.ruleId ?? '').replace(/^iamlint\//, '')} ${m.message}`,
        ),
      )
      .sort();
    expect(fromCli.length).toBeGreaterThan(5);
    expect(fromEslint).toEqual(fromCli);
  });
});
