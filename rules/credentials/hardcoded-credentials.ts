import {
  containsKeyId,
  defineRule,
  findCredentials,
  get,
  isMap,
  locateInScalar,
  mayHoldCredential,
  mayNameCredential,
  mentionsCredentialName,
  siblingNames,
  userDataWhere,
  walkStrings,
  type SScalar,
} from '../../src/index.js';
import type { CredentialMatch } from '../../src/model/credentials.js';

const KIND_TEXT: Record<CredentialMatch['kind'], string> = {
  accessKeyId: 'access key id',
  secretAccessKey: 'secret access key',
  sessionToken: 'session token',
};

/** A secret within this many lines of an access key id counts even without a secret-looking name. */
const NEAR_LINES = 5;

export default defineRule({
  id: 'hardcoded-credentials',
  meta: {
    summary: 'An AWS access key, secret key or session token is written in the file.',
    why: [
      'Long-term access keys written into templates, policies, parameters or code are read by everyone with access to the repository, its history, its CI logs and, in CloudFormation, by anyone who can describe the stack.',
      'They do not expire. Workloads on AWS should get temporary credentials from a role: an instance profile on EC2 (through IMDSv2), an execution role on Lambda, a task role on ECS.',
    ].join(' '),
    flagged: [
      'Access key ids with the prefixes AKIA (long-term), ASIA (temporary), ABIA and ACCA, in any string of any input (keys and values).',
      'A 40-character secret access key near a key id (within five lines) or assigned to a secret-looking name (`SecretAccessKey`, `aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY=...` inside a script).',
      'A session token assigned to `SessionToken`/`aws_session_token`.',
      'A secret named by a sibling instead of its key: `{Name: AWS_SECRET_ACCESS_KEY, Value: ...}` (ECS, CodeBuild environments), `{ParameterKey: ..., ParameterValue: ...}` (parameter files).',
      'A template output that publishes `!GetAtt <AccessKey>.SecretAccessKey`.',
      'Keys in EC2 user data as the instance reads it: `Fn::Base64` over a literal, `Fn::Sub` or `Fn::Join` (parts joined), base64 user data in templates and launch-template data (also gzip-compressed, `#cloud-config`, MIME multipart), e.g. `aws configure set aws_secret_access_key ...`, `AWS_SECRET_ACCESS_KEY=...`, a `~/.aws/credentials` heredoc. Decoded findings point at the `UserData` value and name the decoded line.',
      'In TypeScript and JavaScript, every string and template literal, and literals passed to the AWS SDK as credentials: `new S3Client({ credentials: { accessKeyId, secretAccessKey } })` (v3), `new AWS.Credentials(...)`, `AWS.config.update({...})`, `new AWS.S3({ accessKeyId, ... })` (v2), `process.env.AWS_SECRET_ACCESS_KEY = ...`, also through `const` bindings.',
      "AWS's documented example keys (`AKIAIOSFODNN7EXAMPLE`, `...EXAMPLEKEY`) and example session tokens (`AQoEXAMPLEH4...`, any token with `EXAMPLE` in it) only as a note.",
    ],
    notFlagged: [
      'AIDA, AROA, AGPA, AIPA, ANPA and the other unique ids: identifiers, not secrets.',
      'Low-entropy placeholders (`AKIAXXXXXXXXXXXXXXXX`), hex digests, values from parameters, `{{resolve:...}}` references and `${...}` substitutions.',
      'In code, values read from `process.env`, returned by calls (`fromInstanceMetadata()`, `fromIni()`) or imported from another module, and test values such as `accessKeyId: "test"`.',
    ],
    fix: [
      'Revoke the key (IAM console, or `aws iam delete-access-key`), then remove it from the file and its history.',
      "Give the workload a role instead: an instance profile on EC2, and let the SDK's default credential provider chain find it. Where a secret is unavoidable, keep it in Secrets Manager or SSM Parameter Store and reference it (`{{resolve:secretsmanager:...}}`).",
      'The message never shows the whole secret.',
    ].join('\n\n'),
    level: 'error',
    securitySeverity: 9.5,
    tags: ['security', 'secrets', 'credentials'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html',
      'https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html',
      'https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/migrate-credential-providers.html',
    ],
    recommended: true,
    domain: 'credentials',
  },
  messages: {
    credential:
      'Hard-coded AWS {kind} {masked}: anyone who can read this file can use it. Revoke it and give the workload a role (an instance profile on EC2) instead of keys.',
    example: "AWS's documented example {kind} {masked}: not a working credential, but code that carries keys should take them from a role instead.",
    sdkCredential:
      "Hard-coded AWS {kind} {masked} passed to {api}: anyone who can read this code can use it. Revoke it, remove the credentials and let the SDK's default provider chain find the workload's role (the instance profile on EC2), or name that source with fromInstanceMetadata() or fromContainerMetadata().",
    userData:
      'Hard-coded AWS {kind} {masked} in the user data of {site}{where}: anyone who can read this file or describe the instance can use it. Revoke it and let the instance use the role of its instance profile instead of keys.',
    secretInOutput:
      'This output publishes the secret access key of {resource} in the stack outputs, where anyone who can describe the stack reads it. Store it in Secrets Manager instead, or use a role.',
  },
  visit: {
    file(file, ctx) {
      // Most files hold no string in which findCredentials could find anything, and the text tells: a run
      // that can be a credential (mayHoldCredential) and, for a secret or a token, a key id or a name for
      // it (mayNameCredential). In code and Terraform (every Terraform file carries its module) a value can
      // also be a concatenation or an interpolation of parts: there a credential's name in the text is enough.
      const data = !file.code && file.module === undefined;
      if (data ? !mayHoldCredential(file.text) || !mayNameCredential(file.text) : !mayHoldCredential(file.text) && !mentionsCredentialName(file.text)) return;
      const scalars: { s: SScalar; name: string | undefined }[] = [];
      const keyIdLines: number[] = [];
      for (const root of file.roots) {
        // Built on the first string that could hold a credential: most files that pass the test above have none.
        let siblings: ReturnType<typeof siblingNames> | undefined;
        walkStrings(root, (s, last, prev, isKey) => {
          if (!mayHoldCredential(s.value)) return;
          siblings ??= siblingNames(root);
          const keyName = typeof last === 'string' ? last : typeof prev === 'string' ? prev : undefined;
          const name = isKey ? undefined : (siblings.get(s) ?? keyName);
          if (containsKeyId(s.value)) keyIdLines.push(file.lines.position(s.range.start).line);
          scalars.push({ s, name });
        });
      }
      for (const { s, name } of scalars) {
        const near = keyIdLines.length > 0 && keyIdLines.some((l) => Math.abs(l - file.lines.position(s.range.start).line) <= NEAR_LINES);
        const matches = findCredentials(String(s.value), name, near);
        if (matches.length === 0) continue;
        for (const m of matches) {
          const at = locateInScalar(s, m.index, m.length, file.lines);
          // In code, a literal the AWS SDK receives as credentials: say what to write instead, and offer to delete it.
          const site = file.code?.credentialSites.get(s);
          ctx.report({
            messageId: m.example ? 'example' : site ? 'sdkCredential' : 'credential',
            at,
            data: { kind: KIND_TEXT[m.kind], masked: m.masked, ...(site ? { api: site.api } : {}) },
            ...(site?.removal
              ? { suggest: [{ desc: 'Remove the hard-coded credentials (the SDK then uses its default credential provider chain)', edits: site.removal }] }
              : {}),
            evidence: `${m.kind}:${m.masked}`,
            ...(m.example ? { level: 'note' as const } : {}),
          });
        }
      }
    },
    launch(spec, ctx) {
      // User data as the instance reads it: decoded (base64, gzip, MIME) and joined (`Fn::Join`). Text
      // written as is in one string is also the file visitor's: the engine merges the identical finding.
      for (const seg of spec.userData?.segments() ?? []) {
        for (const m of findCredentials(seg.text, undefined, containsKeyId(seg.text))) {
          const loc = seg.locate(m.index, m.length);
          const decoded = loc.decodedLine !== undefined || seg.encodings.length > 0;
          ctx.report({
            messageId: m.example ? 'example' : decoded ? 'userData' : 'credential',
            at: loc.range,
            data: { kind: KIND_TEXT[m.kind], masked: m.masked, site: spec.label, where: userDataWhere(seg, loc) },
            evidence: `${m.kind}:${m.masked}`,
            ...(m.example ? { level: 'note' as const } : {}),
          });
        }
      }
    },
    template(t, ctx) {
      const outputs = get(t.root, 'Outputs');
      if (!isMap(outputs)) return;
      for (const e of outputs.entries) {
        const value = get(e.value, 'Value');
        if (!value) continue;
        for (const v of ctx.file.evaluator.str(value)) {
          const p = v.parts.length === 1 ? v.parts[0] : undefined;
          if (p && typeof p !== 'string' && p.sym === 'resource' && p.type === 'AWS::IAM::AccessKey' && p.attr === 'SecretAccessKey')
            ctx.report({ messageId: 'secretInOutput', at: value, data: { resource: p.resource } });
        }
      }
    },
  },
});
