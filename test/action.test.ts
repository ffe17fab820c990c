import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import type * as Sarif from 'sarif';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/engine/run.js';
import type { RunResult } from '../src/engine/types.js';
import { annotation, annotations, escapeData, escapeProperty, jobSummary, markdownCell } from '../src/reporters/github.js';
import { rules } from '../rules/index.js';
import { validateSarif } from './helpers/sarif-validate.js';

const root = resolve(__dirname, '..');
const BUNDLE = join(root, 'dist-action', 'index.js');
const SHA = '0123456789abcdef0123456789abcdef01234567';

interface ActionMetadata {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
}
const metadata = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata;

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-action-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

interface Command {
  readonly command: string;
  readonly props: Record<string, string>;
  readonly message: string;
}

function unescape(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** Reads stdout the way the runner does: `::cmd props::message` lines, except while commands are stopped. */
function workflowCommands(stdout: string): Command[] {
  const out: Command[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split('\n')) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const [, command = '', rawProps = '', message = ''] = m;
    if (command === 'stop-commands') {
      stopToken = message;
      continue;
    }
    const props: Record<string, string> = {};
    for (const p of rawProps ? rawProps.split(',') : []) {
      const i = p.indexOf('=');
      props[p.slice(0, i)] = unescape(p.slice(i + 1));
    }
    out.push({ command, props, message: unescape(message) });
  }
  return out;
}

/** GITHUB_OUTPUT lines: `name=value` and `name<<delimiter … delimiter`. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i] ?? '');
      out[heredoc[1]!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** Runs the committed bundle as the runner does: inputs (with action.yml's defaults) as INPUT_* variables, the GITHUB_* files. */
function runAction(
  workspace: string,
  inputs: Record<string, string> = {},
  event: object = { action: 'opened', number: 42, pull_request: { number: 42, head: { sha: SHA } } },
) {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-runner-'));
  const files = { output: join(dir, 'output'), summary: join(dir, 'summary.md'), event: join(dir, 'event.json') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(event));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_SHA: SHA,
    GITHUB_SERVER_URL: 'https://github.com',
  };
  for (const [name, spec] of Object.entries(metadata.inputs)) env[`INPUT_${name.toUpperCase()}`] = spec.default ?? '';
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = spawnSync(process.execPath, [BUNDLE], { cwd: workspace, env, encoding: 'utf8' });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    commands: workflowCommands(r.stdout),
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
  };
}

const BAD_TEMPLATE = readFileSync(join(root, 'fixtures', 'cli', 'app-stack.yaml'), 'utf8');
const CLEAN_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2);
const WARNING_ONLY = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app' }] },
  null,
  2,
);
const WILDCARD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }, null, 2);

describe.skipIf(!existsSync(BUNDLE))('GitHub Action (the bundled dist-action/index.js, run as the runner runs it)', () => {
  it('fails a pull request with a bad template: outputs, SARIF, annotations and job summary', () => {
    const ws = tmp({ 'infra/app.yaml': BAD_TEMPLATE, 'infra/ok.json': CLEAN_POLICY });
    const r = runAction(ws);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);

    // Outputs.
    expect(r.outputs).toEqual({ 'sarif-file': 'iamlint.sarif', findings: '3', errors: '2', warnings: '1', 'files-scanned': '2', 'files-skipped': '0' });

    // The SARIF file, valid, with the same findings.
    const log = JSON.parse(readFileSync(join(ws, 'iamlint.sarif'), 'utf8')) as Sarif.Log;
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0]?.results?.map((x) => [x.ruleId, x.locations?.[0]?.physicalLocation?.artifactLocation?.uri])).toEqual([
      ['passrole-missing-passed-to-service', 'infra/app.yaml'],
      ['passrole-wildcard-resource', 'infra/app.yaml'],
      ['trust-oidc-unscoped', 'infra/app.yaml'],
    ]);

    // One annotation per finding, at the finding's exact range.
    const notes = r.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command));
    expect(notes.map((c) => [c.command, c.props['file'], c.props['line'], c.props['col'], c.props['title']])).toEqual([
      ['warning', 'infra/app.yaml', '50', '17', 'iamlint passrole-missing-passed-to-service'],
      ['error', 'infra/app.yaml', '54', '22', 'iamlint passrole-wildcard-resource'],
      ['error', 'infra/app.yaml', '73', '21', 'iamlint trust-oidc-unscoped'],
    ]);
    const passRole = notes[1]!;
    expect(passRole.props).toMatchObject({ endLine: '54', endColumn: '73' });
    expect(passRole.message).toContain("This statement allows iam:PassRole on every role ('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*')");
    expect(passRole.message).toContain(
      '\nRule: passrole-wildcard-resource (https://github.com/iamlint/iamlint/blob/main/docs/rules/passrole-wildcard-resource.md)',
    );

    // The report is in the log, with workflow commands stopped around it.
    expect(r.stdout).toMatch(/^::group::iamlint report\n::stop-commands::[0-9a-f-]{36}\n/);
    expect(r.stdout).toContain('infra/app.yaml:54:22  error  This statement allows iam:PassRole on every role');

    // The job summary: counts, the pull request, findings by rule and file with doc links, every finding linked.
    expect(r.summary).toContain('## iamlint on pull request #42');
    expect(r.summary).toContain('**2 errors, 1 warning, 0 notes** in 1 file of 2 scanned. Fails on `error`: ❌ failed.');
    expect(r.summary).toContain('| Rule | Level | File | Findings |');
    expect(r.summary).toContain(
      `| [passrole-wildcard-resource](https://github.com/iamlint/iamlint/blob/main/docs/rules/passrole-wildcard-resource.md) | error | [infra/app.yaml](https://github.com/acme/infra/blob/${SHA}/infra/app.yaml#L54) | 1 |`,
    );
    expect(r.summary).toContain(
      `| [infra/app.yaml:73:21](https://github.com/acme/infra/blob/${SHA}/infra/app.yaml#L73) | error | trust-oidc-unscoped | The subject 'repo:\\*'`,
    );
  });

  it('passes a clean workspace with zero outputs and no annotations', () => {
    const ws = tmp({ 'policy.json': CLEAN_POLICY });
    const r = runAction(ws, {}, { ref: 'refs/heads/main' });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ 'sarif-file': 'iamlint.sarif', findings: '0', errors: '0', warnings: '0', 'files-scanned': '1', 'files-skipped': '0' });
    expect(r.commands.filter((c) => c.command !== 'group' && c.command !== 'endgroup')).toEqual([]);
    expect(r.summary).toBe('## iamlint\n\n**0 errors, 0 warnings, 0 notes** in 0 files of 1 scanned. Fails on `error`: ✅ passed.\n');
  });

  it('follows fail-on, paths, sarif-file, format and annotations inputs', () => {
    const ws = tmp({ 'a/warn.json': WARNING_ONLY, 'b/bad.json': WILDCARD });
    const onlyWarnings = runAction(ws, { paths: 'a' });
    expect(onlyWarnings.code).toBe(0);
    expect(onlyWarnings.outputs['warnings']).toBe('1');
    expect(runAction(ws, { paths: 'a', 'fail-on': 'warning' }).code).toBe(1);
    expect(runAction(ws, { paths: 'a\nb', 'fail-on': 'none' }).code).toBe(0);

    const custom = runAction(ws, { paths: 'b', 'sarif-file': 'reports/iamlint.sarif', format: 'json', annotations: 'false' });
    expect(custom.code).toBe(1);
    expect(custom.outputs['sarif-file']).toBe('reports/iamlint.sarif');
    expect(existsSync(join(ws, 'reports', 'iamlint.sarif'))).toBe(true);
    expect(custom.stdout).toContain('"ruleId": "passrole-wildcard-resource"');
    expect(custom.commands.filter((c) => c.command === 'error' || c.command === 'warning')).toEqual([]);
  });

  it('reads the config input and reports configuration errors as an error annotation with exit status 2', () => {
    const ws = tmp({ 'p.json': WILDCARD, 'ci/iamlint.json': '{"rules": {"passrole-wildcard-resource": "off", "passrole-missing-passed-to-service": "off"}}' });
    expect(runAction(ws, { config: 'ci/iamlint.json' }).code).toBe(0);
    const bad = runAction(ws, { 'fail-on': 'sometimes' });
    expect(bad.code).toBe(2);
    expect(bad.commands).toEqual([
      { command: 'error', props: { title: 'iamlint' }, message: "input 'fail-on' must be error, warning, note or none (got 'sometimes')" },
    ]);
    const missing = runAction(ws, { paths: 'nope' });
    expect(missing.code).toBe(2);
    expect(missing.commands[0]?.message).toBe('no such file or directory: nope');
    expect(missing.summary).toBe('## iamlint\n\n⚠️ iamlint could not run: no such file or directory: nope\n');
    expect(missing.outputs).toEqual({});
    expect(runAction(ws, { annotations: 'yes' }).commands[0]?.message).toBe("input 'annotations' must be true or false (got 'yes')");
  });

  it('a baseline input suppresses recorded findings: exit 0, no annotations, external suppressions in SARIF', () => {
    const ws = tmp({ 'infra/app.yaml': BAD_TEMPLATE });
    const cli = spawnSync(process.execPath, [join(root, 'bin', 'iamlint.cjs'), '--write-baseline', '.iamlint-baseline.json', 'infra'], {
      cwd: ws,
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    const r = runAction(ws, { baseline: '.iamlint-baseline.json' });
    expect(r.code).toBe(0);
    expect(r.outputs['findings']).toBe('0');
    expect(r.commands.filter((c) => c.command === 'error' || c.command === 'warning')).toEqual([]);
    expect(r.summary).toContain('3 suppressed (0 in the source, 3 by the baseline)');
    const log = JSON.parse(readFileSync(join(ws, 'iamlint.sarif'), 'utf8')) as Sarif.Log;
    expect(log.runs[0]?.results?.map((x) => x.suppressions?.[0]?.kind)).toEqual(['external', 'external', 'external']);
  });

  it('stays within GitHub’s annotation limits and says how many findings it left out', () => {
    const files = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`p${String(i).padStart(2, '0')}.json`, WILDCARD]));
    const r = runAction(tmp(files));
    expect(r.outputs).toMatchObject({ findings: '26', errors: '13', warnings: '13' });
    const by = (c: string) => r.commands.filter((x) => x.command === c);
    expect(by('error')).toHaveLength(10);
    expect(by('warning')).toHaveLength(10);
    expect(by('notice')).toEqual([
      {
        command: 'notice',
        props: { title: 'iamlint: more findings' },
        message:
          '6 more findings (3 errors, 3 warnings) not shown as annotations: GitHub shows at most 10 per level in a step. All of them are in the job summary and iamlint.sarif.',
      },
    ]);
    // The summary still lists every finding.
    expect(r.summary.match(/^\| \[p\d\d\.json:\d+:\d+\]/gm)).toHaveLength(26);
    expect(r.summary).toContain('so 6 findings listed here have no annotation on the diff');
  });

  it('never writes a whole secret to the log, annotations, summary, outputs or SARIF', () => {
    // Assembled at run time so that no credential-shaped literal sits in the repository.
    const keyId = ['AKIA', 'Q3EGUNBS', '5OVWP4LZ'].join('');
    const secret = ['9dR7xQ2mK4', 'pL8vN3bT6y', 'H1jF5wC0zS', '7uE2aG4kMq'].join('');
    const ws = tmp({
      'creds.yaml': `Parameters:\n  Id:\n    Default: ${keyId}\n  Key:\n    Default: ${secret}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n`,
    });
    const r = runAction(ws);
    expect(r.code).toBe(1);
    const everything = [r.stdout, r.stderr, r.summary, JSON.stringify(r.outputs), readFileSync(join(ws, 'iamlint.sarif'), 'utf8')].join('\n');
    expect(everything).toContain('AKIA************P4LZ');
    expect(everything).not.toContain(keyId);
    expect(everything).not.toContain(secret);
  });

  it('escapes file names and values so a scanned repository cannot inject workflow commands', () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*\n::warning::injected 100%' },
          },
        },
      ],
    });
    const ws = tmp({ '::error::pwned,a:b%.json': WILDCARD, 'trust.json': trust });
    const r = runAction(ws);
    const annotated = r.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command));
    // Every command the runner would see is one we meant: annotations for real findings only.
    expect(annotated.every((c) => c.props['title']?.startsWith('iamlint '))).toBe(true);
    expect(annotated.map((c) => c.props['file'])).toContain('::error::pwned,a:b%.json');
    expect(r.stdout).toContain('::error file=%3A%3Aerror%3A%3Apwned%2Ca%3Ab%25.json,line=');
    const oidc = annotated.find((c) => c.props['file'] === 'trust.json');
    expect(oidc?.message).toContain('::warning::injected 100%');
    expect(r.stdout).not.toMatch(/^::warning::injected/m);
  });
});

describe('GitHub reporter (pure)', () => {
  const opts = { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-01-01' } };
  const runOf = (files: Record<string, string>): RunResult => ({
    files: Object.entries(files).map(([name, text]) => lintText(name, text, opts)),
    rules,
    levels: new Map(),
    tool: { name: 'iamlint', version: '0.0.0', informationUri: 'https://github.com/iamlint/iamlint' },
  });

  it('escapes command data and properties as @actions/core does', () => {
    expect(escapeData('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac:d,e');
    expect(escapeProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce');
  });

  it('sends columns only for one-line annotations', () => {
    const f = runOf({ 'p.json': WILDCARD }).files[0]!.findings.find((x) => x.ruleId === 'passrole-wildcard-resource');
    expect(annotation(f!)).toMatch(/^::error file=p\.json,line=7,endLine=7,col=19,endColumn=22,title=iamlint passrole-wildcard-resource::/);
    expect(annotation({ ...f!, region: { ...f!.region, endLine: 9 } })).toMatch(/^::error file=p\.json,line=7,endLine=9,title=/);
  });

  it('keeps a place for the closing notice when notes overflow', () => {
    const run = runOf(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`p${i}.json`, WILDCARD])));
    const a = annotations(run, { perLevel: 3 });
    expect(a.omitted).toEqual({ error: 1, warning: 1, note: 0 });
    expect(a.lines.filter((l) => l.startsWith('::error '))).toHaveLength(3);
    expect(a.lines.at(-1)).toMatch(/^::notice title=iamlint%3A more findings::2 more findings \(1 error, 1 warning\)/);
  });

  it('keeps the job summary under its budget and counts what did not fit', () => {
    const run = runOf(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`dir/p${String(i).padStart(2, '0')}.json`, WILDCARD])));
    const full = jobSummary(run, { failOn: 'error', exitCode: 1, sarifFile: 'iamlint.sarif' });
    expect(full.match(/^\| dir\/p\d\d\.json:/gm)).toHaveLength(120);
    const small = jobSummary(run, { failOn: 'error', exitCode: 1, sarifFile: 'iamlint.sarif', budgetBytes: 8000 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(8000);
    expect(small).toMatch(/\| … \| \| \| \d+ more findings do not fit in GitHub's 1 MiB step summary; all of them are in iamlint\.sarif \|/);
    expect(small).toContain('</details>');
  });

  it('escapes Markdown and HTML in table cells', () => {
    expect(markdownCell('a|b <img src=x> *c* `d` [e](f)\nnext')).toBe('a\\|b &lt;img src=x&gt; \\*c\\* \\`d\\` \\[e\\](f) next');
  });
});

describe('action.yml', () => {
  const schema = JSON.parse(readFileSync(join(root, 'test', 'schemas', 'github-action.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('is valid action metadata', () => {
    expect(validate(metadata), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema rejects what GitHub rejects', () => {
    expect(validate({ name: 'x', description: 'y' })).toBe(false); // no runs
    expect(validate({ ...metadata, runs: { using: 'node12', main: 'index.js' } })).toBe(false);
    expect(validate({ ...metadata, inputs: { 'bad id': { description: 'd' } } })).toBe(false);
    expect(validate({ ...metadata, inputs: { x: { default: 'no description' } } })).toBe(false);
    expect(validate({ ...metadata, inputs: { x: { description: 'd', required: 'yes' } } })).toBe(false);
    expect(validate({ ...metadata, branding: { icon: 'key', color: 'orange' } })).toBe(false);
  });

  it('runs the committed bundle on the current Node runtime GitHub offers', () => {
    expect(metadata.runs).toEqual({ using: 'node24', main: 'dist-action/index.js' });
    expect(existsSync(join(root, metadata.runs.main))).toBe(true);
  });

  it('declares exactly the inputs the entry reads and the outputs it sets', () => {
    const source = readFileSync(join(root, 'src', 'action.ts'), 'utf8');
    const read = [...source.matchAll(/(?:input|booleanInput)\(env, '([a-z-]+)'/g)].map((m) => m[1]);
    const set = [...source.matchAll(/setOutput\(env, '([a-z-]+)'/g)].map((m) => m[1]);
    expect([...new Set(read)].sort()).toEqual(Object.keys(metadata.inputs).sort());
    expect(set.sort()).toEqual(Object.keys(metadata.outputs).sort());
    expect(Object.keys(metadata.inputs).sort()).toEqual(['annotations', 'baseline', 'config', 'fail-on', 'format', 'paths', 'sarif-file']);
    expect(Object.keys(metadata.outputs).sort()).toEqual(['errors', 'files-scanned', 'files-skipped', 'findings', 'sarif-file', 'warnings']);
    expect(metadata.inputs['sarif-file']?.default).toBe('iamlint.sarif');
    expect(metadata.inputs['annotations']?.default).toBe('true');
  });
});

describe('dist-action/ (committed bundles)', () => {
  it('is what `npm run build:action` makes from the current sources', async () => {
    const out = mkdtempSync(join(tmpdir(), 'iamlint-bundle-'));
    const script = (await import(pathToFileURL(join(root, 'scripts', 'build-action.mjs')).href)) as { buildAction: (outdir: string) => Promise<string[]> };
    await script.buildAction(out);
    const committed = readdirSync(join(root, 'dist-action')).sort();
    expect(committed).toEqual(readdirSync(out).sort());
    for (const name of committed) {
      const fresh = readFileSync(join(out, name));
      const current = readFileSync(join(root, 'dist-action', name));
      expect(current.equals(fresh), `dist-action/${name} is stale: run \`npm run build:action\` and commit dist-action/`).toBe(true);
    }
  });
});
