import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { createBaseline } from '../src/engine/baseline.js';
import { lintText, type FileResult, type LintOptions } from '../src/index.js';
import { findCredentials, mayHoldCredential, redactCredentials } from '../src/model/credentials.js';
import { json, sarif, text } from '../src/reporters/index.js';
import { SETTINGS } from './fixture-harness.js';

/**
 * No whole secret in any output: AWS-shaped keys planted in every position a message, a logical
 * location or a parse error can quote, then every reporter's output (text, JSON, SARIF) and the baseline
 * searched for them. The keys are not AWS's documented examples (those are public), so nothing excuses them.
 */

const OPTS: LintOptions = { rules, levels: new Map(), ruleOptions: new Map(), settings: SETTINGS };
const KEY = 'AKIAZ7QK3M9XW2PLR5TB';
const KEY2 = 'ASIAQ4WN8RT2ZK6MV3XJ';
const SECRET = 'Zx9kQ2mB7vR4tY1uW8pL3nH6jF0dS5aG2cV9bN4e';
const SECRET2 = 'k8Jd/2mQ+x7LpR4vT9wZ1nB6cF3hG5sA0eY2uI8o';
const PLANTED = [KEY, KEY2, SECRET, SECRET2];

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Target:
    Type: String
    Default: "arn:aws:iam::123456789012:role/${KEY}*"
  aws_secret_access_key:
    Type: String
    Default: ${SECRET}
Resources:
  ${KEY}:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [app]
      PolicyDocument:
        Statement:
          - Sid: ${KEY2}
            Effect: Allow
            Action: iam:PassRole
            Resource: "*"
          - Effect: Allow
            Action: iam:PassRole
            Resource: !Ref Target
            Condition:
              StringLike:
                iam:PassedToService: "*${SECRET2}*"
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
            Condition:
              StringEquals:
                iam:PassedToServic${KEY2}: ec2.amazonaws.com
  Trust${KEY}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringLike:
                token.actions.githubusercontent.com:sub: "*${SECRET2}*"
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::${KEY}:root" }
            Action: sts:AssumeRole
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      UserData:
        Fn::Base64: |
          #!/bin/bash
          export AWS_ACCESS_KEY_ID=${KEY}
          export AWS_SECRET_ACCESS_KEY=${SECRET}
          mysql -p${SECRET2} app
`;

const FILES: [string, string][] = [
  ['template.yaml', TEMPLATE],
  // An alias name in a parse error (js-yaml's own error, and ours).
  ['alias.yaml', `Statement: *${KEY}\n`],
  ['alias-secret.yaml', `Statement:\n  - Effect: Allow\n    Action: *${SECRET}\n`],
  // A parse error next to a secret.
  ['broken.json', `{"Statement": [{"Effect": "Allow", "Action": "${KEY}", "aws_secret_access_key": "${SECRET}" "Resource": "*"}]}`],
  ['broken.yaml', `Statement:\n  - Effect: Allow\n   Action: ${KEY}\n  aws_secret_access_key: ${SECRET}\n`],
  // A duplicate key that is itself a key id.
  ['dup.json', `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "${KEY}": 1, "${KEY}": 2}]}`],
];

const results: FileResult[] = FILES.map(([path, t]) => lintText(path, t, OPTS));
const run = { files: results, rules, levels: new Map(), tool: { name: 'iamlint', version: '0.0.0', informationUri: 'https://example.com' } };

describe('no whole secret in any output', () => {
  it('the planted keys produce findings and errors (so the outputs below quote something)', () => {
    const template = results[0] as FileResult;
    const ids = new Set(template.findings.map((f) => `${f.ruleId}/${f.messageId}`));
    expect(ids).toContain('hardcoded-credentials/credential');
    expect(ids).toContain('passrole-wildcard-resource/allRoles');
    expect(ids).toContain('passrole-missing-passed-to-service/broadValue');
    // The logical id that is a key id names the finding's resource, masked.
    expect(template.findings.some((f) => f.logical.resource?.startsWith('AKIA') && f.logical.resource.includes('*'))).toBe(true);
    for (const r of results.slice(1, 5)) expect(r.findings.map((f) => f.ruleId)).toContain('invalid-input');
    expect(results[5]?.findings.map((f) => f.ruleId)).toContain('duplicate-key');
  });

  const outputs: [string, () => string][] = [
    ['text', () => text(run, { color: false })],
    ['json', () => json(run)],
    ['sarif', () => sarif(run)],
    ['baseline', () => JSON.stringify(createBaseline(results, { generated: '2026-01-01', tool: { name: 'iamlint', version: '0.0.0' } }))],
    ['findings', () => JSON.stringify(results)],
  ];
  for (const [name, render] of outputs) {
    it(`${name} output holds no planted secret`, () => {
      const out = render();
      for (const s of PLANTED) expect(out, `${name} contains ${s.slice(0, 4)}...`).not.toContain(s);
      // Not even most of one: a cut message must not leave 16 characters of a secret either.
      for (const s of PLANTED) expect(out).not.toContain(s.slice(4, 20));
    });
  }
});

describe('redactCredentials', () => {
  it('masks key ids and secret-looking runs, not CamelCase names', () => {
    expect(redactCredentials(`resource ${KEY} and ${SECRET} and ${SECRET2}`)).not.toMatch(/Z7QK|x9kQ2m|2mQ\+x7/);
    for (const name of [
      'LambdaFunctionServiceRoleDefaultPolicy126C8897',
      'CustomS3AutoDeleteObjectsCustomResourceProviderRole3B1BD092',
      'AmazonRedshiftQueryEditorV2TeamReadWriteAccessPermissions',
      'ApiDeploymentB17BE62Db88257c77a8ea9c3c9d7e89caa481b78',
      'tests/unit/lib/cfn_language_extensions/compatibility/templates/templateWithNullResources.json',
      'AllowPassRoleForCrossRegionReplicationS3',
      'MyStackServiceRoleDefaultPolicy36BC4E0F',
    ])
      expect(redactCredentials(`Resource ${name}`)).toBe(`Resource ${name}`);
    expect(redactCredentials('deadbeef'.repeat(5))).toBe('deadbeef'.repeat(5));
  });

  it('masks keys written in the reason of a suppression comment, as every format prints the reason', () => {
    const text = `Resources:\n  R:\n    Type: AWS::IAM::User\n    # iamlint-disable-next-line hardcoded-credentials -- old pair ${KEY} ${SECRET} is rotated\n    Metadata: { Key: ${KEY} }\n`;
    const result = lintText('t.yaml', text, { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-11-23' } });
    const printed = JSON.stringify(result.findings);
    expect(printed).toContain('is rotated');
    for (const planted of [KEY, SECRET]) expect(printed).not.toContain(planted.slice(4, 12));
  });

  it('masks a secret glued to its key id, before or after it, and both parts of `id:secret`', () => {
    for (const text of [`${KEY}${SECRET}`, `${SECRET}${KEY}`, `creds=${KEY}:${SECRET2}`, `${KEY2}${SECRET2}${KEY}`]) {
      const out = redactCredentials(text);
      for (const planted of PLANTED) expect(out).not.toContain(planted.slice(4, 12));
    }
  });
});

describe('hardcoded-credentials: the text pre-check skips no credential', () => {
  const find = (path: string, text: string) =>
    lintText(path, text, OPTS)
      .findings.filter((f) => f.ruleId === 'hardcoded-credentials')
      .map((f) => f.message.slice(0, 40));
  it('finds a secret under every name findCredentials takes, in every kind of file (AWS_KEY, awsPass, a tag named AWS_KEY)', () => {
    // Names with neither "secret" nor "token" in them: the file tests before the walk once skipped them.
    expect(find('creds.json', `{"AWS_KEY": "${SECRET}"}`)).toHaveLength(1);
    expect(find('creds.yaml', `aws_pass: ${SECRET}\n`)).toHaveLength(1);
    expect(find('app.ts', `export const awsPass = "${SECRET}";\n`)).toHaveLength(1);
    const tagged = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - Key: AWS_KEY\n          Value: ${SECRET}\n`;
    expect(find('template.yaml', tagged)).toHaveLength(1);
    // A name spelt with an escape is no name in the text: the file is walked all the same.
    expect(find('creds.json', `{"secret\\u005faccess\\u005fkey": "${SECRET}"}`)).toHaveLength(1);
    expect(find('creds.yaml', `"secret\\x5faccess\\x5fkey": ${SECRET}\n`)).toHaveLength(1);
    // A secret-looking run with no name and no key id anywhere is no finding, and the walk is not needed.
    expect(find('creds.json', `{"Description": "${SECRET}"}`)).toEqual([]);
  });
  it('finds a key id alone whose prefix is spelt with an escape (JSON, YAML, URL-encoded)', () => {
    const spelt = KEY.replace('A', '\\u0041');
    expect(spelt).not.toContain('AKIA');
    expect(find('creds.json', `{"Id": "${spelt}"}`)).toHaveLength(1);
    expect(find('creds.yaml', `Id: "${KEY.replace('A', '\\x41')}"\n`)).toHaveLength(1);
    expect(find('policy.json', encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [], Id: KEY })).replace('AKIA', '%41KIA'))).toHaveLength(
      1,
    );
  });
  it('finds a key id and secret written with escapes, which the pre-check cannot see in the text', () => {
    // \u0041 is "A": the text holds no "AKIA" and no 40-character run, the parsed strings do.
    const escaped = JSON.stringify({ aws_access_key_id: KEY, aws_secret_access_key: SECRET }).replace(/A/g, '\\u0041');
    expect(escaped).not.toContain('AKIA');
    expect(find('creds.json', escaped)).toHaveLength(2);
    const yaml = `aws_secret_access_key: "${SECRET.slice(0, 20)}\\\n  ${SECRET.slice(20)}"\n`;
    expect(find('creds.yaml', yaml)).toHaveLength(1);
  });
  it('finds a secret next to an escape that changes its run: `\\n` before it, `\\/` inside it, `%2F` in a URL-encoded policy', () => {
    // The text run `nZx9k...` is 41 characters, the string's 40: an escape must not be read as a character of the run.
    expect(find('creds.json', `{"aws_secret_access_key": "\\n${SECRET}"}`)).toHaveLength(1);
    const [head, tail] = SECRET2.split('/') as [string, string];
    expect(find('creds.json', `{"aws_secret_access_key": "${head}\\/${tail}"}`)).toHaveLength(1);
    const encoded = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [], aws_secret_access_key: SECRET2 }));
    expect(encoded).not.toContain(SECRET2);
    expect(find('policy.json', encoded)).toHaveLength(1);
  });
  it('the pre-check passes over asset hashes and names, and over runs of other lengths', () => {
    const hash = 'a'.repeat(20) + '0123456789abcdef'.repeat(3) + 'beef';
    expect(mayHoldCredential(`{"S3Key": "${hash}.zip", "SecretName": "db", "Token": "x"}`)).toBe(false);
    expect(mayHoldCredential(`{"aws_secret_access_key": "${SECRET}X"}`)).toBe(false);
    expect(mayHoldCredential(`{"aws_secret_access_key": "${SECRET}"}`)).toBe(true);
    expect(mayHoldCredential(`{"aws_secret_access_key": "${SECRET}="}`)).toBe(false);
  });
  it('never passes over a string in which findCredentials finds something (random JSON with escapes)', () => {
    // Ground truth from the parsed strings, with a key id assumed near and each key as the name:
    // more than the rule reports, so whatever the rule can report is covered.
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const pieces = [SECRET, SECRET2, `${SECRET}Q`, SECRET.slice(1), 'AKIA', '/', '+', '=', ' ', '\\n', 'word', 'x'.repeat(60), 'A1b2'.repeat(30)];
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      let v = '';
      for (let k = rnd(4) + 1; k > 0; k--) v += pieces[rnd(pieces.length)];
      const value = JSON.parse(`"${v}"`) as string;
      let text = JSON.stringify({ aws_secret_access_key: value, session_token: value });
      // Some characters written as \u escapes, as a generator may write them.
      text = text.replace(/[A-Za-z0-9/]/g, (c) => (rnd(40) === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
      const found = findCredentials(value, 'aws_secret_access_key', true).length + findCredentials(value, 'session_token', true).length;
      if (found === 0) continue;
      checked++;
      expect(mayHoldCredential(text), text).toBe(true);
    }
    expect(checked).toBeGreaterThan(300);
  });
  it('reads one character in 40 and gives what reading every character gives (random texts, every alignment)', () => {
    // Pieces that begin, end, lengthen and break runs: escapes, a line continuation, blanks, quotes, `=`.
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const pieces = [
      SECRET,
      SECRET2,
      `${SECRET}Q`,
      SECRET.slice(3),
      SECRET.slice(0, 21),
      '\\',
      '\\n',
      '\\\\',
      '%2F',
      '%',
      '\\\n   ',
      '\\\r\n ',
      '"',
      ' ',
      '\n',
      '=',
      'é',
      'A1b2'.repeat(30),
      'word',
    ];
    let held = 0;
    for (let i = 0; i < 4000; i++) {
      let text = ' '.repeat(rnd(45));
      for (let k = rnd(8) + 1; k > 0; k--) text += pieces[rnd(pieces.length)];
      const expected = holdsByEveryCharacter(text);
      if (expected) held++;
      expect(mayHoldCredential(text), JSON.stringify(text)).toBe(expected);
    }
    expect(held).toBeGreaterThan(500);
    // A stretch of 44 held together only by an escape whose second character is not base64, at every
    // alignment: wherever the one-in-40 character falls, it must not be read as the end of the run.
    for (const escape of ['%"', '\\"', '\\ ', '% ', '\\\n      ', '\\\r\n\t ']) {
      for (let pad = 0; pad < 80; pad++) {
        const text = `${' '.repeat(pad)}"${'Ab1'.repeat(7)}${escape}${'Cd2'.repeat(7)}"`;
        expect(holdsByEveryCharacter(text)).toBe(true);
        expect(mayHoldCredential(text), JSON.stringify(text)).toBe(true);
      }
    }
    expect(held).toBeLessThan(3500);
  });
  it.skipIf(!existsSync(CORPUS))('reads one character in 40 and gives what reading every character gives (../shared/corpus)', () => {
    const files = globSync('**/*.{json,yaml,yml,template}', { cwd: CORPUS, absolute: true });
    let held = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const expected = holdsByEveryCharacter(text);
      if (expected) held++;
      expect(mayHoldCredential(text), f).toBe(expected);
    }
    expect(files.length).toBeGreaterThan(5000);
    expect(held).toBeGreaterThan(10);
  });
  it('finds them written plainly, and skips a file with secret-looking names but no candidate value', () => {
    expect(find('creds.yaml', `aws_access_key_id: ${KEY}\naws_secret_access_key: ${SECRET}\n`)).toHaveLength(2);
    expect(find('names.yaml', 'SecretName: my-secret\nTokenTtl: 3600\nDescription: rotate the secret and the token every day\n')).toEqual([]);
  });
});

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'corpus');

/**
 * The reference for mayHoldCredential: the same judgement reading every character (the implementation
 * before it learnt to skip). Runs of base64 characters, escapes counted as part of a run.
 */
function holdsByEveryCharacter(text: string): boolean {
  if (text.length < 20) return false;
  if (['AKIA', 'ASIA', 'ABIA', 'ACCA'].some((p) => text.includes(p))) return true;
  const escapedRun = /\\[uxU]|%[0-9A-Fa-f]{2}/.test(text) ? 20 : 40;
  let start = -1;
  let escaped = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47) {
      if (start < 0) start = i;
      continue;
    }
    if (c === 0x5c || c === 0x25) {
      if (start < 0) start = i;
      escaped = true;
      i++;
      const next = text.charCodeAt(i);
      if (c === 0x5c && (next === 0x0a || next === 0x0d)) {
        if (next === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
        while (text.charCodeAt(i + 1) === 0x20 || text.charCodeAt(i + 1) === 0x09) i++;
      }
      continue;
    }
    if (start < 0) continue;
    const len = i - start;
    if (escaped ? len >= escapedRun : len >= 100) return true;
    if (!escaped && len === 40 && c !== 0x3d) {
      const run = text.slice(start, i);
      // A secret reads as one: mixed case, not only letters, not hex, high entropy (or AWS's example).
      if (run.endsWith('EXAMPLEKEY') || findCredentials(run, 'aws_secret_access_key').length > 0) return true;
    }
    start = -1;
    escaped = false;
  }
  return false;
}
