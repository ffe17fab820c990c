import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Linter, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { ruleDocUrl } from '../src/docs.js';
import { lintText } from '../src/engine/run.js';
import plugin, { eslintMessage } from '../src/eslint-plugin.js';
import { FIXTURES, ROOT, SETTINGS } from './fixture-harness.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ts = new RuleTester({ languageOptions: { parser: tseslint.parser }, settings: { iamlint: { ownAccounts: SETTINGS.ownAccounts } } });
const js = new RuleTester({ languageOptions: { sourceType: 'commonjs' } });
const rule = (id: string) => {
  const r = plugin.rules[id];
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

describe('plugin shape', () => {
  it('registers every rule but invalid-input (a parse error, ESLint reports it), with meta from the rule metadata', () => {
    // invalid-suppression is a plugin rule: a broken or unused suppression shows in the editor as in the CLI.
    const ids = rules.map((r) => r.id).filter((id) => id !== 'invalid-input');
    expect(Object.keys(plugin.rules).sort()).toEqual([...ids].sort());
    for (const r of rules) {
      const m = plugin.rules[r.id]?.meta;
      if (!m) continue;
      expect(m.docs?.url).toBe(ruleDocUrl(r.id));
      expect(m.docs?.description).toBe(r.meta.summary);
      expect(m.schema).toEqual([]);
      expect(Object.keys(m.messages ?? {})).toEqual(Object.keys(r.messages));
      for (const [id, text] of Object.entries<string>(r.messages)) expect(m.messages?.[id]).toBe(eslintMessage(text));
    }
    expect(plugin.meta.name).toBe('iamlint');
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('recommended: the recommended rules at their level, on code files; data: the same rules through the iamlint/data language', () => {
    const rec = plugin.configs.recommended;
    expect(rec.plugins?.['iamlint']).toBe(plugin);
    expect(rec.files).toEqual(expect.arrayContaining(['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs']));
    for (const r of rules.filter((x) => x.meta.recommended && x.id !== 'invalid-input'))
      expect(rec.rules?.[`iamlint/${r.id}`]).toBe(r.meta.level === 'error' ? 'error' : 'warn');
    expect(plugin.configs.data.language).toBe('iamlint/data');
    expect(plugin.configs.data.files).toEqual(expect.arrayContaining(['**/*.json', '**/*.yaml', '**/*.yml']));
    expect(plugin.languages.data.fileType).toBe('text');
  });

  it('ESLint interpolates the converted template to the CLI message', () => {
    expect(eslintMessage('Hard-coded AWS {kind} {masked}.')).toBe('Hard-coded AWS {{kind}} {{masked}}.');
  });
});

const KEY = 'AKIA3FAKE4SDK5V3KEY2';
const SECRET = 'Fake/Sdk+V3/Secret7Key/N0t+Real/Zq8wLmP2';
const REMOVE = 'Remove the hard-coded credentials (the SDK then uses its default credential provider chain)';

ts.run('hardcoded-credentials', rule('hardcoded-credentials'), {
  valid: [
    { filename: 'ok.ts', code: `import { S3Client } from '@aws-sdk/client-s3';\nnew S3Client({ region: 'eu-west-1' });` },
    {
      filename: 'env.ts',
      code: `import { S3Client } from '@aws-sdk/client-s3';\nnew S3Client({ credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! } });`,
    },
    {
      filename: 'imds.ts',
      code: `import { S3Client } from '@aws-sdk/client-s3';\nimport { fromInstanceMetadata } from '@aws-sdk/credential-providers';\nnew S3Client({ credentials: fromInstanceMetadata() });`,
    },
    {
      filename: 'local.ts',
      code: `import { S3Client } from '@aws-sdk/client-s3';\nnew S3Client({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });`,
    },
    // Suppressed the iamlint way: the editor agrees with the CLI.
    {
      filename: 'suppressed.ts',
      code: `// iamlint-disable-next-line hardcoded-credentials -- revoked key kept as a test vector\nexport const id = '${KEY}';`,
    },
  ],
  invalid: [
    {
      filename: 'client.ts',
      code: `import { S3Client } from '@aws-sdk/client-s3';\nexport const c = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: '${KEY}', secretAccessKey: '${SECRET}' } });`,
      errors: [
        {
          messageId: 'sdkCredential',
          line: 2,
          column: 83,
          endColumn: 103,
          suggestions: [{ desc: REMOVE, output: `import { S3Client } from '@aws-sdk/client-s3';\nexport const c = new S3Client({ region: 'eu-west-1' });` }],
        },
        {
          messageId: 'sdkCredential',
          line: 2,
          column: 124,
          suggestions: [{ desc: REMOVE, output: `import { S3Client } from '@aws-sdk/client-s3';\nexport const c = new S3Client({ region: 'eu-west-1' });` }],
        },
      ],
    },
    {
      // Through a const: reported at the literal, the suggestion edits the client config.
      filename: 'const.ts',
      code: `import { S3Client } from '@aws-sdk/client-s3';\nconst id = '${KEY}';\nexport const c = new S3Client({ credentials: { accessKeyId: id, secretAccessKey: process.env.S! }, region: 'eu-west-1' });`,
      errors: [
        {
          messageId: 'sdkCredential',
          line: 2,
          suggestions: [
            {
              desc: REMOVE,
              output: `import { S3Client } from '@aws-sdk/client-s3';\nconst id = '${KEY}';\nexport const c = new S3Client({ region: 'eu-west-1' });`,
            },
          ],
        },
      ],
    },
    {
      // A key in any literal; no SDK call, so no suggestion.
      filename: 'ini.ts',
      code: `export const ini = \`[default]\naws_access_key_id = ${KEY}\`;`,
      errors: [{ messageId: 'credential', line: 2, column: 21 }],
    },
  ],
});

js.run('hardcoded-credentials (JavaScript, espree, SDK v2)', rule('hardcoded-credentials'), {
  valid: [{ filename: 'ok.cjs', code: `const AWS = require('aws-sdk');\nAWS.config.update({ region: 'us-east-1' });` }],
  invalid: [
    {
      filename: 'v2.cjs',
      code: `const AWS = require('aws-sdk');\nAWS.config.update({ accessKeyId: '${KEY}', region: 'us-east-1' });`,
      errors: [
        {
          messageId: 'sdkCredential',
          line: 2,
          suggestions: [{ desc: REMOVE, output: `const AWS = require('aws-sdk');\nAWS.config.update({ region: 'us-east-1' });` }],
        },
      ],
    },
    {
      filename: 'creds.cjs',
      code: `const AWS = require('aws-sdk');\nconst c = new AWS.Credentials('${KEY}', '${SECRET}');`,
      errors: [
        { messageId: 'sdkCredential', line: 2, column: 32 },
        { messageId: 'sdkCredential', line: 2, column: 56 },
      ],
    },
  ],
});

const CDK = `import * as cdk from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n`;

ts.run('passrole-wildcard-resource', rule('passrole-wildcard-resource'), {
  valid: [
    { filename: 'ok.ts', code: `${CDK}declare const role: iam.Role;\nnew iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] });` },
    // Not CDK: a class of the same name.
    { filename: 'other.ts', code: `import { PolicyStatement } from './mine';\nnew PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] });` },
  ],
  invalid: [
    {
      filename: 'stack.ts',
      code: `${CDK}new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] });`,
      errors: [{ messageId: 'allRoles', line: 3, column: 66, endColumn: 69 }],
    },
  ],
});

ts.run('passrole-missing-passed-to-service', rule('passrole-missing-passed-to-service'), {
  valid: [
    {
      filename: 'ok.ts',
      code: `${CDK}declare const role: iam.Role;\nnew iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } });`,
    },
  ],
  invalid: [
    {
      filename: 'grant.ts',
      code: `${CDK}declare const role: iam.Role;\ndeclare const user: iam.User;\nrole.grantPassRole(user);`,
      errors: [{ messageId: 'missing', line: 5, column: 6 }],
    },
  ],
});

ts.run('trust-wildcard-principal', rule('trust-wildcard-principal'), {
  valid: [
    {
      filename: 'ok.ts',
      code: `${CDK}declare const scope: cdk.Stack;\nnew iam.Role(scope, 'R', { assumedBy: new iam.OrganizationPrincipal('o-a1b2c3d4e5') });`,
    },
  ],
  invalid: [
    {
      filename: 'open.ts',
      code: `${CDK}declare const scope: cdk.Stack;\nnew iam.Role(scope, 'R', { assumedBy: new iam.AnyPrincipal() });`,
      errors: [{ messageId: 'everyone', line: 4, column: 39 }],
    },
  ],
});

ts.run('trust-cross-account-without-external-id', rule('trust-cross-account-without-external-id'), {
  valid: [
    {
      filename: 'ext.ts',
      code: `${CDK}declare const scope: cdk.Stack;\nnew iam.Role(scope, 'R', { assumedBy: new iam.AccountPrincipal('999999999999'), externalIds: ['x-1'] });`,
    },
    // settings.iamlint.ownAccounts, as ownAccounts in .iamlintrc.
    { filename: 'own.ts', code: `${CDK}declare const scope: cdk.Stack;\nnew iam.Role(scope, 'R', { assumedBy: new iam.AccountPrincipal('111111111111') });` },
  ],
  invalid: [
    {
      filename: 'vendor.ts',
      code: `${CDK}declare const scope: cdk.Stack;\nnew iam.Role(scope, 'R', { assumedBy: new iam.AccountPrincipal('999999999999') });`,
      errors: [{ messageId: 'wholeAccount', line: 4 }],
    },
  ],
});

ts.run('trust-oidc-unscoped', rule('trust-oidc-unscoped'), {
  valid: [],
  invalid: [
    {
      filename: 'gh.ts',
      code: `${CDK}declare const scope: cdk.Stack;\nconst gh = new iam.OpenIdConnectProvider(scope, 'GH', { url: 'https://token.actions.githubusercontent.com' });\nnew iam.Role(scope, 'R', { assumedBy: new iam.OpenIdConnectPrincipal(gh) });`,
      errors: [
        { messageId: 'missingSub', line: 5 },
        { messageId: 'missingAud', line: 5 },
      ],
    },
  ],
});

ts.run('imdsv2-not-required', rule('imdsv2-not-required'), {
  valid: [
    {
      filename: 'ok.ts',
      code: `import * as ec2 from 'aws-cdk-lib/aws-ec2';\ndeclare const scope: any;\nnew ec2.LaunchTemplate(scope, 'LT', { requireImdsv2: true });`,
    },
  ],
  invalid: [
    {
      filename: 'lt.ts',
      code: `import * as ec2 from 'aws-cdk-lib/aws-ec2';\ndeclare const scope: any;\nnew ec2.LaunchTemplate(scope, 'LT', { httpTokens: ec2.LaunchTemplateHttpTokens.OPTIONAL });`,
      errors: [{ messageId: 'optional', line: 3 }],
    },
  ],
});

/** Every bad code fixture, through the CLI's engine and through ESLint's Linter with the plugin. */
function codeFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'eslint-project') walk(p);
      } else if (/^bad.*\.(ts|cjs|mjs|js)$/.test(e.name)) out.push(p);
    }
  };
  walk(FIXTURES);
  return out.sort();
}

describe('the CLI and ESLint agree', () => {
  const pluginIds = new Set(Object.keys(plugin.rules));
  it.each(codeFixtures().map((f) => [relative(ROOT, f)]))('%s', (rel) => {
    const text = readFileSync(join(ROOT, rel), 'utf8');
    const cli = lintText(rel, text, { rules, levels: new Map(), ruleOptions: new Map(), settings: SETTINGS })
      .findings.filter((f) => !f.suppression && pluginIds.has(f.ruleId))
      .map((f) => `${f.region.startLine}:${f.region.startColumn}-${f.region.endLine}:${f.region.endColumn} ${f.ruleId} ${f.message}`)
      .sort();
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(
      text,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
        { ...plugin.configs.recommended, rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [`iamlint/${id}`, 'error'])) },
        { settings: { iamlint: { ownAccounts: SETTINGS.ownAccounts } } },
      ],
      rel,
    );
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    const eslint = messages.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${(m.ruleId ?? '').replace(/^iamlint\//, '')} ${m.message}`).sort();
    expect(cli.length).toBeGreaterThan(0);
    expect(eslint).toEqual(cli);
  });
});

describe('the data language reads directives from comments only', () => {
  const all = Object.fromEntries(Object.keys(plugin.rules).map((id) => [`iamlint/${id}`, 'error' as const]));
  const verify = (text: string) => {
    const linter = new Linter({ configType: 'flat' });
    return linter.verify(text, [{ ...plugin.configs.data, rules: all }], 'role.yaml').map((m) => `${m.line}:${m.ruleId}:${m.messageId}`);
  };
  const role = (line: string) =>
    `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n${line}\n            Principal: '*'\n            Action: sts:AssumeRole\n`;

  it('an eslint-disable-next-line comment suppresses; the same text in a string value does not', () => {
    expect(verify(role('            # eslint-disable-next-line iamlint/trust-wildcard-principal -- public demo role'))).toEqual([]);
    expect(verify(role("            Sid: '# eslint-disable-next-line iamlint/trust-wildcard-principal -- text'"))).toEqual([
      '9:iamlint/trust-wildcard-principal:everyone',
    ]);
  });

  it('CloudFormation metadata suppresses in the editor as in the CLI', () => {
    const text = role('').replace(
      '    Properties:\n',
      '    Metadata:\n      iamlint:\n        ignore:\n          - rule: trust-wildcard-principal\n            reason: demo\n    Properties:\n',
    );
    expect(verify(text)).toEqual([]);
    expect(
      lintText('role.yaml', text, { rules, levels: new Map(), ruleOptions: new Map(), settings: SETTINGS }).findings.map((f) => [
        f.ruleId,
        f.suppression?.justification,
      ]),
    ).toEqual([['trust-wildcard-principal', 'demo']]);
  });
});
