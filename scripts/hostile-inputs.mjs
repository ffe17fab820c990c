// Hostile inputs shared by the robustness suite (test/robustness.test.ts) and the benchmark
// (`npm run bench -- --hostile`): each must end in its own result, with the findings listed.
import { gzipSync } from 'node:zlib';

const STARS_TRUST_EXPECT = [];
// Three entries that match no action: the 40-star ones of Action and the Deny's NotAction.
const STARS_IDENTITY_EXPECT = ['unknown-action/noMatch warning', 'unknown-action/noMatch warning', 'unknown-action/noMatch warning'];

const b64 = (s) => Buffer.from(s).toString('base64');

/**
 * Hostile inputs, each in its own file, and the findings (`ruleId/messageId level`) each must end in:
 * never a crash, a hang or a lost run. test/robustness.test.ts runs them beside a real finding, and
 * `npm run bench -- --hostile` times each one.
 */
/** One YAML document of six levels of 9-fold aliases: about 600,000 nodes once expanded. */
export function aliasDocument() {
  const doc = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const [prev, cur] of [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
    ['d', 'e'],
    ['e', 'f'],
  ])
    doc.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  doc.push('Statement: *f');
  return doc.join('\n');
}

export function hostileFiles() {
  const levels = { L0: { v: 'ab' } };
  for (let i = 1; i <= 40; i++)
    levels[`L${i}`] = { v: { 'Fn::Join': ['', [{ 'Fn::FindInMap': ['M', `L${i - 1}`, 'v'] }, { 'Fn::FindInMap': ['M', `L${i - 1}`, 'v'] }]] } };
  const policy = (resource) => ({
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }] } },
  });
  const bomb = b64(gzipSync(Buffer.alloc((1 << 20) - 64, 'echo hello\n')));
  const mime = `Content-Type: multipart/mixed; boundary="B"\n\n${Array.from({ length: 50 }, () => `--B\nContent-Transfer-Encoding: base64\n\n${bomb}\n`).join('')}--B--\n`;
  const instance = (userData) => ({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { I: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', MetadataOptions: { HttpTokens: 'required' }, UserData: userData } } },
  });
  return [
    { name: 'alias-bombs.yaml', text: Array(60).fill(aliasDocument()).join('\n---\n'), expect: ['invalid-input/unreadable error'] },
    {
      name: 'join-bomb.json',
      text: JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Mappings: { M: levels },
        Resources: { P: policy({ 'Fn::FindInMap': ['M', 'L40', 'v'] }) },
      }),
      expect: ['invalid-input/unreadable error'],
    },
    {
      name: 'userdata-bombs.json',
      text: JSON.stringify({ ImageId: 'ami-1', MetadataOptions: { HttpTokens: 'required' }, UserData: b64(mime) }),
      expect: ['invalid-input/userDataOverLimit warning'],
    },
    // `${` without a closing brace, 200,000 times: a regular expression retried at each one is quadratic.
    {
      name: 'sub-braces.json',
      text: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { P: policy({ 'Fn::Sub': '${'.repeat(200_000) }) } }),
      expect: [],
    },
    // A long line that a lazy `mysql ... -p` scan and a URL scan read again at every start.
    {
      name: 'long-line.json',
      text: JSON.stringify(instance({ 'Fn::Base64': `#!/bin/bash\n${'mysql '.repeat(40_000)}\n${'a.'.repeat(100_000)}\n` })),
      expect: [],
    },
    { name: 'deep.json', text: `{"Statement": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`, expect: ['invalid-input/unreadable error'] },
    {
      name: 'resources-list.yaml',
      text: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  - Type: AWS::IAM::Role\n',
      expect: ['invalid-input/resourcesNotMap error'],
    },
    // 40-star wildcards in a trust policy's principal and condition and an identity policy's actions and
    // resources: a backtracking matcher is exponential in the stars (a 12-star trust policy took 35-53 s).
    {
      name: 'stars-trust.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::111122223333:role/${'a*'.repeat(40)}b` },
            Action: 'sts:AssumeRole',
            Condition: { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/${'a*'.repeat(40)}c` } },
          },
        ],
      }),
      expect: STARS_TRUST_EXPECT,
    },
    {
      name: 'stars-identity.json',
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: [`iam:${'a*'.repeat(40)}b`, `${'*a'.repeat(40)}:PassRole`], Resource: `arn:aws:iam::*:role/${'a*'.repeat(40)}b` },
          { Effect: 'Deny', NotAction: `s3:${'G*'.repeat(40)}x`, Resource: `${'*a'.repeat(40)}` },
        ],
      }),
      expect: STARS_IDENTITY_EXPECT,
    },
    // An npm debug log saved as .yml: unparsable, and nothing says it was meant for AWS.
    {
      name: 'npm-debug.yml',
      text: "0 verbose cli [ 'node', 'npm' ]\n1 info using npm@10\n2 error: token expired: {\n   x\n",
      expect: ['invalid-input/unreadable note'],
    },
  ];
}
