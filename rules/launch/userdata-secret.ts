import { defineRule, findScriptSecrets, noEchoInUserData, notesSuffix, userDataWhere } from '../../src/index.js';

export default defineRule({
  id: 'userdata-secret',
  meta: {
    summary: 'User data holds a secret: a private key, a password or token, or credentials in a connection string.',
    why: [
      'User data is not a secret store. Every process on the instance reads it from the instance metadata service (`/latest/user-data`), it stays there for the life of the instance, anyone allowed `ec2:DescribeInstanceAttribute` or `ec2:DescribeLaunchTemplateVersions` reads it through the EC2 API, and in a template it is also in the repository and in the stack.',
      "The instance already has a way to get secrets: the role of its instance profile. EC2 serves that role's temporary credentials through IMDS (use IMDSv2), and a boot script can fetch the secret with them from Secrets Manager or SSM Parameter Store, so the secret never appears in the launch settings, and access to it is logged and revocable.",
      'A `{{resolve:secretsmanager:...}}` dynamic reference does not help here: CloudFormation resolves it and the clear text ends up in the user data.',
    ].join('\n\n'),
    flagged: [
      'Private keys (`-----BEGIN ... PRIVATE KEY-----` followed by key material), also when base64-encoded again.',
      'Values assigned to secret-looking names: `DB_PASSWORD=...`, `export API_TOKEN="..."`, `password: ...` (cloud-config, a config file written by the script), `--password ...`, `--db-password=...`, `docker login -p ...`, `mysql -p...`.',
      'The password of a connection string (`postgres://user:password@host/db`) and the credential of an `Authorization:` header.',
      "A `NoEcho` parameter written into the user data (`${DbPassword}` in a `Fn::Sub`, `!Ref DbPassword` in a `Fn::Join`): NoEcho only masks the value in CloudFormation's console and API; the user data holds it in clear text.",
      'In every encoding user data takes: `Fn::Base64` over a literal, `Fn::Sub` or `Fn::Join`; base64 in launch-template data; gzip; `#cloud-config` (including base64 `write_files` contents); MIME multipart.',
    ],
    notFlagged: [
      'Values expanded at run time: `$VAR`, `$(aws ssm get-parameter ...)`, `${Param}` substitutions of parameters without `NoEcho` and other intrinsics (their values are not written in the file), `{{...}}` templates.',
      '`{{resolve:...}}` dynamic references: the secret is not in the file, though it still ends up readable in the user data (see above).',
      'Placeholders (`<password>`, `changeme`, `xxxx`, `your-token`), paths and ARNs, and values shorter than 4 characters.',
      'AWS access keys: those are reported by `hardcoded-credentials`.',
    ],
    fix: [
      'Store the secret in Secrets Manager (or SSM Parameter Store as a SecureString), allow the instance role to read that one secret, and fetch it at boot:',
      '',
      '```yaml',
      'UserData: !Base64 |',
      '  #!/bin/bash',
      '  DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id prod/app/db --query SecretString --output text)"',
      '```',
      '',
      'Then rotate the secret that was written in the user data: it has been readable by everyone listed above. For SSH keys, use EC2 Instance Connect or Session Manager instead of shipping a key.',
    ].join('\n'),
    level: 'error',
    securitySeverity: 8.0,
    tags: ['security', 'secrets', 'ec2'],
    references: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#parameters-section-structure-properties',
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-parameter-store.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-base64.html',
    ],
    recommended: true,
    domain: 'launch',
  },
  messages: {
    secret:
      'The user data of {site} holds {what} ({masked}){where}{notes}: every process on the instance and anyone allowed to describe it can read it. Fetch it at boot from Secrets Manager or SSM Parameter Store with the instance role, and rotate it.',
    noEcho:
      'The user data of {site} writes NoEcho parameter {parameter} in clear text{notes}: NoEcho only hides it in CloudFormation, while anyone allowed to describe the instance or its launch settings, and every process on the instance (IMDS), reads the user data. Pass the name of a Secrets Manager secret or SSM SecureString instead and fetch it at boot with the instance role.',
    privateKey:
      'The user data of {site} holds a private key ({masked}){where}{notes}: every process on the instance and anyone allowed to describe it can read it. Fetch it at boot from Secrets Manager with the instance role (or use EC2 Instance Connect), and replace the key.',
  },
  visit: {
    launch(spec, ctx) {
      if (!spec.userData) return;
      for (const use of noEchoInUserData(spec.userData.node, ctx.file.evaluator, ctx.file.lines)) {
        ctx.report({
          messageId: 'noEcho',
          at: use.range,
          data: { site: spec.label, parameter: use.parameter, notes: notesSuffix(use.notes) },
          evidence: `noEcho:${use.parameter}`,
        });
      }
      for (const seg of spec.userData.segments()) {
        for (const m of findScriptSecrets(seg.text)) {
          const loc = seg.locate(m.index, m.length);
          ctx.report({
            messageId: m.what === 'a private key' ? 'privateKey' : 'secret',
            at: loc.range,
            data: { site: spec.label, what: m.what, masked: m.masked, where: userDataWhere(seg, loc), notes: notesSuffix(seg.notes) },
            evidence: `${m.what}:${m.masked}`,
          });
        }
      }
    },
  },
});
