import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Sarif from 'sarif';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * The GitHub Action (dist-action/index.js) and the CLI (dist-action/cli.cjs, what `bin/iamlint.cjs`
 * runs) give the same findings on every fixture: the same rule ids, messages, regions, fingerprints,
 * levels and suppressions, and the same notes for files they could not check. Both are bundles of the
 * same engine; dist-action freshness is checked in action.test.ts, the CLI's agreement with ESLint in
 * suppressions-agree.test.ts, so the three front ends are tied together.
 */

const root = resolve(__dirname, '..');
const metadata = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-agree-'));
  cpSync(join(root, 'fixtures'), join(dir, 'ws'), { recursive: true });
  return join(dir, 'ws');
}

function runAction(ws: string): Sarif.Log {
  const home = mkdtempSync(join(tmpdir(), 'iamlint-runner-'));
  const files = { output: join(home, 'output'), summary: join(home, 'summary.md'), event: join(home, 'event.json') };
  for (const f of Object.values(files)) writeFileSync(f, f === files.event ? '{}' : '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  };
  for (const [name, spec] of Object.entries(metadata.inputs)) env[`INPUT_${name.toUpperCase()}`] = spec.default ?? '';
  env['INPUT_SARIF-FILE'] = join(home, 'action.sarif');
  env['INPUT_ANNOTATIONS'] = 'false';
  const r = spawnSync(process.execPath, [join(root, 'dist-action', 'index.js')], { cwd: ws, env, encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/Error:|at .*\.js:\d+/);
  expect([0, 1]).toContain(r.status);
  return JSON.parse(readFileSync(join(home, 'action.sarif'), 'utf8')) as Sarif.Log;
}

function runCli(ws: string): Sarif.Log {
  const out = join(mkdtempSync(join(tmpdir(), 'iamlint-cli-')), 'cli.sarif');
  const r = spawnSync(process.execPath, [join(root, 'bin', 'iamlint.cjs'), '--format', 'sarif', '--output', out, '.'], {
    cwd: ws,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect([0, 1]).toContain(r.status);
  return JSON.parse(readFileSync(out, 'utf8')) as Sarif.Log;
}

const resultKey = (r: Sarif.Result) => {
  const loc = r.locations?.[0]?.physicalLocation;
  const reg = loc?.region;
  const sup = (r.suppressions ?? []).map((s) => `${s.kind}:${s.status ?? ''}:${s.justification ?? ''}`).join('|');
  return [
    loc?.artifactLocation?.uri,
    `${reg?.startLine}:${reg?.startColumn}-${reg?.endLine}:${reg?.endColumn}`,
    r.ruleId,
    r.level,
    r.message.text,
    JSON.stringify(r.partialFingerprints ?? {}),
    r.locations?.[0]?.logicalLocations?.map((l) => l.fullyQualifiedName).join(',') ?? '',
    sup,
  ].join(' ');
};
const notificationKey = (n: Sarif.Notification) =>
  `${n.locations?.[0]?.physicalLocation?.artifactLocation?.uri} ${n.descriptor?.id ?? ''} ${n.level ?? ''} ${n.message.text}`;

describe('the Action and the CLI agree', () => {
  it('on every fixture: findings, suppressions and notes of files not checked', () => {
    const ws = workspace();
    const action = runAction(ws);
    const cli = runCli(ws);
    const results = (log: Sarif.Log) => (log.runs[0]?.results ?? []).map(resultKey).sort();
    const notes = (log: Sarif.Log) => (log.runs[0]?.invocations?.[0]?.toolExecutionNotifications ?? []).map(notificationKey).sort();
    const a = results(action);
    // The fixtures hold hundreds of findings, suppressed ones among them: an empty comparison proves nothing.
    expect(a.length).toBeGreaterThan(300);
    expect(a.some((k) => k.includes('inSource:accepted'))).toBe(true);
    expect(a).toEqual(results(cli));
    expect(notes(action)).toEqual(notes(cli));
  });
});
