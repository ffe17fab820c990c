import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lintBytes, lintText, type FileResult, type LintOptions } from '../src/index.js';
import { lintFiles } from '../src/node/lint-files.js';
import { hostileFiles } from '../scripts/hostile-inputs.mjs';
import { SETTINGS } from './fixture-harness.js';

/**
 * Hostile and unusual input: every case ends in a result (never a hang or a crash), a bad file gets one
 * `invalid-input` finding with a clear message and its line and column, and odd encodings keep positions right.
 */

const OPTS: LintOptions = { rules, levels: new Map(), ruleOptions: new Map(), settings: SETTINGS };

/** The one invalid-input finding of an unreadable file. */
function unreadable(r: FileResult) {
  expect(r.status).toBe('error');
  expect(r.findings.map((f) => `${f.ruleId}/${f.messageId}`)).toEqual(['invalid-input/unreadable']);
  const f = r.findings[0];
  if (!f) throw new Error('no finding');
  expect(f.level).toBe('error');
  // The message carries the reason and the position, and says that nothing was checked.
  expect(f.message).toContain(`line ${f.region.startLine}, column ${f.region.startColumn}`);
  expect(r.notifications.map((n) => n.level)).toEqual(['error']);
  return f;
}

/** (line:column ruleId/messageId) of every finding. */
function positions(r: FileResult): string[] {
  return r.findings.map((f) => `${f.region.startLine}:${f.region.startColumn}-${f.region.endLine}:${f.region.endColumn} ${f.ruleId}/${f.messageId}`);
}

const POLICY_YAML = ['# a policy', 'Statement:', '  - Effect: Allow', '    Action: iam:PassRole', "    Resource: '*'", ''];
const POLICY_JSON = ['{', '  "Statement": [', '    { "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }', '  ]', '}', ''];
const EXPECTED_YAML = ['4:13-4:25 passrole-missing-passed-to-service/missing', '5:15-5:18 passrole-wildcard-resource/allRoles'];
const EXPECTED_JSON = ['3:36-3:50 passrole-missing-passed-to-service/missing', '3:64-3:67 passrole-wildcard-resource/allRoles'];

describe('hostile input', () => {
  it('refuses a YAML alias bomb (billion laughs) at the alias, without expanding it', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const text = `${levels.join('\n')}\nStatement: *i\n`;
    const f = unreadable(lintText('bomb.yaml', text, OPTS));
    expect(f.message).toMatch(/alias/i);
    expect(f.message).toMatch(/more than 2,000,000 nodes after YAML alias expansion/i);
    // The alias that pushes the expansion over the limit: the first `*f` on line 7.
    expect([f.region.startLine, f.region.startColumn]).toEqual([7, 8]);
  });

  it('refuses a recursive YAML alias', () => {
    const f = unreadable(lintText('loop.yaml', 'Statement: &a [*a]\n', OPTS));
    expect(f.message).toMatch(/alias \*a/i);
    expect([f.region.startLine, f.region.startColumn]).toEqual([1, 16]);
  });

  it('refuses JSON nested 10,000 levels deep, at the level past the limit', () => {
    const text = `{\n"Statement": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const f = unreadable(lintText('deep.json', text, OPTS));
    expect(f.message).toContain('Nesting deeper than 256 levels');
    expect([f.region.startLine, f.region.startColumn]).toEqual([2, 14 + 256]);
  });

  it('refuses YAML nested 10,000 levels deep, flow style', () => {
    const text = `Statement: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const f = unreadable(lintText('deep.yaml', text, OPTS));
    expect(f.message).toContain('Nesting deeper than 256 levels');
    expect(f.region.startLine).toBe(1);
  });

  it('refuses YAML nested 10,000 levels deep, block style', () => {
    let text = 'Statement:\n';
    for (let i = 0; i < 10_000; i++) text += `${' '.repeat(i + 2)}k${i}:\n`;
    const f = unreadable(lintText('deep-block.yaml', text, OPTS));
    expect(f.message).toContain('Nesting deeper than 256 levels');
    // Line 1 is `Statement:`; the key on line n sits at depth n - 1.
    expect(f.region.startLine).toBeGreaterThan(250);
    expect(f.region.startLine).toBeLessThan(270);
  });

  it('refuses a binary file', () => {
    const bytes = Buffer.concat([Buffer.from('{"Statement": []}\n'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe])]);
    const f = unreadable(lintBytes('logo.json', bytes, OPTS));
    expect(f.message).toContain('Binary file');
  });

  it('refuses invalid UTF-8, at the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('Statement:\n  - Sid: caf'), Buffer.from([0xe9]), Buffer.from('\n    Effect: Allow\n')]);
    const f = unreadable(lintBytes('latin1.yaml', bytes, OPTS));
    expect(f.message).toContain('Invalid UTF-8 at byte 23');
    expect([f.region.startLine, f.region.startColumn]).toEqual([2, 13]);
  });

  it('refuses a file over the size limit, before decoding it', () => {
    const bytes = Buffer.from(POLICY_JSON.join('\n'));
    const f = unreadable(lintBytes('big.json', bytes, { ...OPTS, maxFileSize: 16 }));
    expect(f.message).toContain(`${bytes.length} bytes, over the 16-byte limit`);
    // The same file under the limit is read.
    expect(positions(lintBytes('big.json', bytes, { ...OPTS, maxFileSize: bytes.length }))).toEqual(EXPECTED_JSON);
  });

  it('reports malformed JSON and YAML with the position of the error', () => {
    const json = unreadable(lintText('bad.json', '{\n  "Statement": [\n    { "Effect": "Allow" "Action": "*" }\n  ]\n}\n', OPTS));
    expect(json.message).toContain(`Unexpected '"', expected ',' or '}'`);
    expect([json.region.startLine, json.region.startColumn]).toEqual([3, 25]);
    const yaml = unreadable(lintText('bad.yaml', 'Statement:\n  - Effect: Allow\n    Action: [s3:GetObject\n    Resource: x\n', OPTS));
    expect(yaml.region.startLine).toBe(4);
  });

  it('keeps going after an unknown intrinsic tag: no crash, no finding', () => {
    const text = [
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: !Foo everyone',
      '            Action: !Foo [sts:AssumeRole]',
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument:',
      '            Statement:',
      '              - Effect: !Foo Allow',
      '                Action: iam:PassRole',
      "                Resource: !Foo '*'",
      '',
    ].join('\n');
    const r = lintText('foo.yaml', text, OPTS);
    expect(r.status).toBe('parsed');
    expect(r.kind).toBe('template');
    expect(r.findings).toEqual([]);
  });
});

describe('encodings and line endings', () => {
  it('reads LF files (the reference positions)', () => {
    expect(positions(lintText('p.yaml', POLICY_YAML.join('\n'), OPTS))).toEqual(EXPECTED_YAML);
    expect(positions(lintText('p.json', POLICY_JSON.join('\n'), OPTS))).toEqual(EXPECTED_JSON);
  });

  it('keeps positions right with CRLF line endings', () => {
    expect(positions(lintText('p.yaml', POLICY_YAML.join('\r\n'), OPTS))).toEqual(EXPECTED_YAML);
    expect(positions(lintText('p.json', POLICY_JSON.join('\r\n'), OPTS))).toEqual(EXPECTED_JSON);
    expect(positions(lintBytes('p.yaml', Buffer.from(POLICY_YAML.join('\r\n')), OPTS))).toEqual(EXPECTED_YAML);
  });

  it('keeps positions right after a UTF-8 byte-order mark, as bytes or as text', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(positions(lintBytes('p.yaml', Buffer.concat([bom, Buffer.from(POLICY_YAML.join('\n'))]), OPTS))).toEqual(EXPECTED_YAML);
    expect(positions(lintBytes('p.json', Buffer.concat([bom, Buffer.from(POLICY_JSON.join('\r\n'))]), OPTS))).toEqual(EXPECTED_JSON);
    // `readFileSync(f, 'utf8')` keeps the mark as U+FEFF.
    expect(positions(lintText('p.json', `\uFEFF${POLICY_JSON.join('\n')}`, OPTS))).toEqual(EXPECTED_JSON);
    expect(positions(lintText('p.yaml', `\uFEFF${POLICY_YAML.join('\n')}`, OPTS))).toEqual(EXPECTED_YAML);
  });

  it('reports a syntax error on line 1 of a BOM file at the column an editor shows', () => {
    const f = unreadable(lintBytes('p.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"Statement": [}')]), OPTS));
    expect([f.region.startLine, f.region.startColumn]).toEqual([1, 16]);
  });

  it('counts columns in UTF-16 code units after non-ASCII text', () => {
    const text = ['{', '  "Statement": [', '    { "Sid": "Café☕", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }', '  ]', '}'].join('\n');
    const r = lintText('p.json', text, OPTS);
    const line = text.split('\n')[2] ?? '';
    expect(positions(r)).toEqual([
      `3:${line.indexOf('"iam:PassRole"') + 1}-3:${line.indexOf('"iam:PassRole"') + 15} passrole-missing-passed-to-service/missing`,
      `3:${line.indexOf('"*"') + 1}-3:${line.indexOf('"*"') + 4} passrole-wildcard-resource/allRoles`,
    ]);
  });
});

describe('hostile input beside a real finding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-robust-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every hostile file ends in its own result, and the real finding in the other file survives', async () => {
    const hostile = hostileFiles();
    const refs = [...hostile.map((h) => h.name), 'policy.json'].map((name) => ({ abs: join(dir, name), rel: name }));
    for (const h of hostile) writeFileSync(join(dir, h.name), h.text);
    writeFileSync(join(dir, 'policy.json'), POLICY_JSON.join('\n'));
    const results = await lintFiles(refs, OPTS, 1);
    expect(results.map((r) => r.file)).toEqual(refs.map((r) => r.rel));
    for (const h of hostile) {
      const r = results.find((x) => x.file === h.name);
      expect(
        r?.findings.map((f) => `${f.ruleId}/${f.messageId} ${f.level}`),
        h.name,
      ).toEqual(h.expect);
    }
    expect(positions(results[results.length - 1] as FileResult)).toEqual(EXPECTED_JSON);
  }, 120_000);
});
