import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { applyBaseline, BaselineError, createBaseline, parseBaseline, serializeBaseline } from '../src/engine/baseline.js';
import type { FileResult, Finding } from '../src/engine/types.js';
import type { JsonReport } from '../src/reporters/json.js';
import { validateSarif } from './helpers/sarif-validate.js';

async function run(argv: string[], cwd: string, today = '2026-11-23') {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (s) => (out += s), stderr: (s) => (err += s), readStdin: async () => '', color: false, today });
  return { code, out, err };
}

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-baseline-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A deploy policy that may pass every role, next to an unrelated queue. */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
  DeployPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: '*'
            Condition:
              StringEquals:
                iam:PassedToService: ec2.amazonaws.com
`;

const report = (out: string) => JSON.parse(out) as JsonReport;

describe('baselines', () => {
  it('--write-baseline records today’s findings; --baseline then reports them as suppressed and exits 0', async () => {
    const dir = tmp({ 'stack.yaml': TEMPLATE });
    expect((await run(['stack.yaml'], dir)).code).toBe(1);

    const w = await run(['--write-baseline', 'iamlint-baseline.json', 'stack.yaml'], dir);
    expect(w.code).toBe(0);
    expect(w.err).toContain('baseline iamlint-baseline.json: recorded 1 finding');
    const written = JSON.parse(readFileSync(join(dir, 'iamlint-baseline.json'), 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ version: 1, tool: { name: 'iamlint' } });
    // Nothing that changes from day to day or release to release: see the byte-for-byte test below.
    expect(Object.keys(written).sort()).toEqual(['entries', 'tool', 'version']);
    expect(written['tool']).toEqual({ name: 'iamlint' });
    expect(written['entries']).toEqual([
      {
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        ruleId: 'passrole-wildcard-resource',
        file: 'stack.yaml',
        message: expect.stringContaining('iam:PassRole on every role'),
      },
    ]);

    const r = await run(['--baseline', 'iamlint-baseline.json', '--format', 'json', 'stack.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('baseline iamlint-baseline.json: 1 finding recorded there reported as suppressed');
    const j = report(r.out);
    expect(j.summary).toEqual({ error: 0, warning: 0, note: 0, suppressed: 1 });
    expect(j.findings[0]).toMatchObject({
      ruleId: 'passrole-wildcard-resource',
      suppressed: true,
      justification: 'Recorded in the baseline iamlint-baseline.json.',
    });

    const t = await run(['--baseline', 'iamlint-baseline.json', 'stack.yaml'], dir);
    expect(t.out).toContain('No problems in 1 file; 1 suppressed');
  });

  it('SARIF lists baselined findings with an external suppression, and stays schema-valid', async () => {
    const dir = tmp({ 'stack.yaml': TEMPLATE });
    await run(['--write-baseline', 'b.json', 'stack.yaml'], dir);
    const r = await run(['--baseline', 'b.json', '--format', 'sarif', 'stack.yaml'], dir);
    const log = JSON.parse(r.out) as Sarif.Log;
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0]?.results ?? [];
    expect(results).toHaveLength(1);
    expect(results[0]?.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'Recorded in the baseline b.json.' }]);
  });

  it('still matches after lines are added above and an unrelated resource changes, but not when the offending value changes', async () => {
    const dir = tmp({ 'stack.yaml': TEMPLATE });
    await run(['--write-baseline', 'b.json', 'stack.yaml'], dir);
    const before = report((await run(['--format', 'json', 'stack.yaml'], dir)).out).findings[0]!;

    // Lines above, a new resource before the policy, and an edit to the queue.
    const edited = TEMPLATE.replace(
      "AWSTemplateFormatVersion: '2010-09-09'\n",
      "AWSTemplateFormatVersion: '2010-09-09'\nDescription: >\n  The deploy stack,\n  now with a description.\n",
    ).replace('      QueueName: jobs\n', '      QueueName: jobs-v2\n      VisibilityTimeout: 60\n  Topic:\n    Type: AWS::SNS::Topic\n');
    expect(edited).not.toBe(TEMPLATE);
    writeFileSync(join(dir, 'stack.yaml'), edited);
    const moved = await run(['--baseline', 'b.json', '--format', 'json', 'stack.yaml'], dir);
    const f = report(moved.out).findings[0]!;
    expect(f.startLine).toBe(before.startLine + 6); // it really moved
    expect(f.fingerprint).toBe(before.fingerprint);
    expect(f.suppressed).toBe(true);
    expect(moved.code).toBe(0);

    // The offending value itself changes: a different problem, not the one that was accepted.
    writeFileSync(join(dir, 'stack.yaml'), edited.replace("Resource: '*'", "Resource: 'arn:aws:iam::123456789012:role/*'"));
    const changed = await run(['--baseline', 'b.json', '--format', 'json', 'stack.yaml'], dir);
    const g = report(changed.out).findings[0]!;
    expect(g.ruleId).toBe('passrole-wildcard-resource');
    expect(g.fingerprint).not.toBe(before.fingerprint);
    expect(g.suppressed).toBe(false);
    expect(changed.code).toBe(1);
    expect(changed.err).toContain('1 entry no longer match anything');
  });

  it('a new finding next to baselined ones still fails the run', async () => {
    const dir = tmp({ 'stack.yaml': TEMPLATE });
    await run(['--write-baseline', 'b.json', 'stack.yaml'], dir);
    writeFileSync(
      join(dir, 'extra.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }, null, 2),
    );
    const r = await run(['--baseline', 'b.json', '--format', 'json', '.'], dir);
    expect(r.code).toBe(1);
    const j = report(r.out);
    expect(j.findings.filter((f) => !f.suppressed).map((f) => f.file)).toEqual(['extra.json', 'extra.json']);
    expect(j.findings.filter((f) => f.suppressed).map((f) => f.file)).toEqual(['stack.yaml']);
  });

  it('rewriting the baseline keeps accepted findings, adds new ones and drops fixed ones', async () => {
    const dir = tmp({ 'stack.yaml': TEMPLATE });
    await run(['--write-baseline', 'b.json', 'stack.yaml'], dir);
    const first = readFileSync(join(dir, 'b.json'), 'utf8');
    await run(['--baseline', 'b.json', '--write-baseline', 'b.json', 'stack.yaml'], dir);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(first);
    writeFileSync(join(dir, 'stack.yaml'), TEMPLATE.replace("Resource: '*'", "Resource: 'arn:aws:iam::123456789012:role/app'"));
    await run(['--baseline', 'b.json', '--write-baseline', 'b.json', 'stack.yaml'], dir);
    expect((JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as { entries: unknown[] }).entries).toEqual([]);
  });

  it('writing the baseline again on another day, with nothing changed, gives the same bytes', async () => {
    const dir = tmp({ 'stack.yaml': TEMPLATE, 'other.yaml': TEMPLATE.replace('DeployPolicy', 'OtherPolicy') });
    expect((await run(['--write-baseline', 'b.json', 'stack.yaml', 'other.yaml'], dir, '2026-11-23')).code).toBe(0);
    const first = readFileSync(join(dir, 'b.json'));
    expect((await run(['--write-baseline', 'b.json', 'other.yaml', 'stack.yaml'], dir, '2027-02-14')).code).toBe(0);
    expect(readFileSync(join(dir, 'b.json')).equals(first)).toBe(true);
    // ...and with --baseline on the same file (the refresh the README describes).
    expect((await run(['--baseline', 'b.json', '--write-baseline', 'b.json', 'stack.yaml', 'other.yaml'], dir, '2027-06-01')).code).toBe(0);
    expect(readFileSync(join(dir, 'b.json')).equals(first)).toBe(true);
    // A real change does change it.
    writeFileSync(join(dir, 'other.yaml'), TEMPLATE.replace("Resource: '*'", "Resource: 'arn:aws:iam::123456789012:role/app'"));
    await run(['--write-baseline', 'b.json', 'stack.yaml', 'other.yaml'], dir, '2027-06-01');
    expect(readFileSync(join(dir, 'b.json')).equals(first)).toBe(false);
  });

  it('an in-source suppression wins, and broken suppressions are never baselined', async () => {
    const suppressed = TEMPLATE.replace(
      "            Resource: '*'\n",
      "            # iamlint-disable-next-line passrole-wildcard-resource -- deploys every app role\n            Resource: '*'\n",
    ).replace('      QueueName: jobs\n', '      # iamlint-disable-next-line passrole-wildcard-resource\n      QueueName: jobs\n');
    const dir = tmp({ 'stack.yaml': suppressed });
    const w = await run(['--write-baseline', 'b.json', '--format', 'json', 'stack.yaml'], dir);
    const j = report(w.out);
    expect(j.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([
      ['invalid-suppression', false],
      ['passrole-wildcard-resource', true],
    ]);
    expect(j.findings[1]?.justification).toBe('deploys every app role');
    expect((JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as { entries: unknown[] }).entries).toEqual([]);
  });

  it('an expired inline suppression stops suppressing and says so', async () => {
    const until = TEMPLATE.replace(
      "            Resource: '*'\n",
      "            # iamlint-disable-next-line passrole-wildcard-resource -- migration in progress (until 2027-03-01)\n            Resource: '*'\n",
    );
    const dir = tmp({ 'stack.yaml': until });
    expect((await run(['stack.yaml'], dir, '2027-03-01')).code).toBe(0);
    const late = await run(['stack.yaml'], dir, '2027-03-02');
    expect(late.code).toBe(1);
    expect(late.out).toContain('expired on 2027-03-01; it no longer applies');
    expect(late.out).toContain('passrole-wildcard-resource');
  });

  it('never writes a whole secret into the baseline', async () => {
    const keyId = ['AKIA', 'Q3EGUNBS', '5OVWP4LZ'].join('');
    const secret = ['9dR7xQ2mK4', 'pL8vN3bT6y', 'H1jF5wC0zS', '7uE2aG4kMq'].join('');
    const dir = tmp({
      'creds.yaml': `Parameters:\n  Id:\n    Default: ${keyId}\n  Key:\n    Default: ${secret}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n`,
    });
    await run(['--write-baseline', 'b.json', 'creds.yaml'], dir);
    const b = readFileSync(join(dir, 'b.json'), 'utf8');
    expect((JSON.parse(b) as { entries: unknown[] }).entries.length).toBeGreaterThan(0);
    expect(b).not.toContain(keyId);
    expect(b).not.toContain(secret);
    expect(b).toContain('AKIA************P4LZ');
  });

  it('exits 2 on a missing or malformed baseline', async () => {
    const dir = tmp({
      'stack.yaml': TEMPLATE,
      'bad.json': '{"version": 2, "entries": []}',
      'worse.json': '{"version": 1, "entries": [{}]}',
      'text.json': 'nope',
    });
    const missing = await run(['--baseline', 'nope.json', 'stack.yaml'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('iamlint: baseline nope.json does not exist (create it with --write-baseline nope.json)');
    expect((await run(['--baseline', 'bad.json', 'stack.yaml'], dir)).err).toContain('unsupported baseline version 2');
    expect((await run(['--baseline', 'worse.json', 'stack.yaml'], dir)).err).toContain('entries[0] has no "fingerprint"');
    expect((await run(['--baseline', 'text.json', 'stack.yaml'], dir)).err).toContain('not a JSON baseline');
  });
});

describe('baseline module', () => {
  const finding = (fingerprint: string): Finding => ({
    ruleId: 'passrole-wildcard-resource',
    messageId: 'x',
    level: 'error' as const,
    message: `m ${'long '.repeat(60)}`,
    file: 'a.yaml',
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    logical: { resource: undefined, path: undefined },
    fingerprint,
  });
  const files = (): FileResult[] => [{ file: 'a.yaml', findings: [finding('f2'), finding('f1')], notifications: [], status: 'parsed', kind: 'template' }];

  it('round-trips through JSON, sorted and with short messages', () => {
    const b = createBaseline(files(), { generated: '2026-01-01', tool: { name: 'iamlint', version: '1.2.3' } });
    expect(b.entries.map((e) => e.fingerprint)).toEqual(['f1', 'f2']);
    // Neither the day nor the version is recorded: the same findings give the same bytes.
    expect(serializeBaseline(createBaseline(files(), { generated: '2031-05-05', tool: { name: 'iamlint', version: '9.9.9' } }))).toBe(serializeBaseline(b));
    expect(b.entries[0]!.message.length).toBeLessThanOrEqual(160);
    expect(parseBaseline(serializeBaseline(b), 'b.json')).toEqual(b);
  });

  it('matches by fingerprint only and reports entries that match nothing', () => {
    const b = parseBaseline(JSON.stringify({ version: 1, entries: [{ fingerprint: 'f1' }, { fingerprint: 'gone' }] }), 'b.json');
    const fs = files();
    const m = applyBaseline(fs, b, 'b.json');
    expect(m.matched).toBe(1);
    expect(m.unmatched.map((e) => e.fingerprint)).toEqual(['gone']);
    expect(fs[0]!.findings.map((f) => f.suppression?.kind)).toEqual([undefined, 'external']);
  });

  it('rejects what is not a baseline', () => {
    expect(() => parseBaseline('[]', 'b.json')).toThrow(BaselineError);
    expect(() => parseBaseline('{"version":1}', 'b.json')).toThrow('"entries" must be an array');
  });
});
