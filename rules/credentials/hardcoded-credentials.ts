import { containsKeyId, defineRule, findCredentials, get, isMap, locateInScalar, logicalLocation, walkScalars, type SScalar } from '../../src/index.js';
import type { CredentialMatch } from '../../src/model/credentials.js';

const KIND_TEXT: Record<CredentialMatch['kind'], string> = {
  accessKeyId: 'access key id',
  secretAccessKey: 'secret access key',
  sessionToken: 'session token',
};

const MAYBE_CREDENTIAL = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|secret|token/i;

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
      'A template output that publishes `!GetAtt <AccessKey>.SecretAccessKey`.',
      "AWS's documented example keys (`AKIAIOSFODNN7EXAMPLE`, `...EXAMPLEKEY`) only as a note.",
    ],
    notFlagged: [
      'AIDA, AROA, AGPA, AIPA, ANPA and the other unique ids: identifiers, not secrets.',
      'Low-entropy placeholders (`AKIAXXXXXXXXXXXXXXXX`), hex digests, values from parameters, `{{resolve:...}}` references and `${...}` substitutions.',
    ],
    fix: [
      'Revoke the key (IAM console, or `aws iam delete-access-key`), then remove it from the file and its history.',
      'Give the workload a role instead: an instance profile on EC2, and let the SDK\'s default credential provider chain find it. Where a secret is unavoidable, keep it in Secrets Manager or SSM Parameter Store and reference it (`{{resolve:secretsmanager:...}}`).',
      'The message never shows the whole secret.',
    ].join('\n\n'),
    level: 'error',
    securitySeverity: 9.5,
    tags: ['security', 'secrets', 'credentials'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html',
    ],
    recommended: true,
    domain: 'credentials',
  },
  messages: {
    credential: 'Hard-coded AWS {kind} {masked}: anyone who can read this file can use it. Revoke it and give the workload a role (an instance profile on EC2) instead of keys.',
    example: "AWS's documented example {kind} {masked}: not a working credential, but code that carries keys should take them from a role instead.",
    secretInOutput: 'This output publishes the secret access key of {resource} in the stack outputs, where anyone who can describe the stack reads it. Store it in Secrets Manager instead, or use a role.',
  },
  visit: {
    file(file, ctx) {
      // Most files mention no key id and no secret-looking name: skip the walk over every string.
      if (!MAYBE_CREDENTIAL.test(file.text)) return;
      const scalars: { s: SScalar; name: string | undefined; line: number; where: ReturnType<typeof logicalLocation> }[] = [];
      const keyIdLines: number[] = [];
      for (const root of file.roots) {
        walkScalars(root, (s, path, isKey) => {
          if (typeof s.value !== 'string' || s.value.length < 20) return;
          const last = path[path.length - 1];
          const name = isKey ? undefined : typeof last === 'string' ? last : typeof path[path.length - 2] === 'string' ? String(path[path.length - 2]) : undefined;
          const line = file.lines.position(s.range.start).line;
          if (containsKeyId(s.value)) keyIdLines.push(line);
          scalars.push({ s, name, line, where: logicalLocation(path, file.template !== undefined) });
        });
      }
      for (const { s, name, line, where } of scalars) {
        const near = keyIdLines.some((l) => Math.abs(l - line) <= NEAR_LINES);
        for (const m of findCredentials(String(s.value), name, near)) {
          const at = locateInScalar(s, m.index, m.length, file.lines);
          ctx.report({
            messageId: m.example ? 'example' : 'credential',
            at,
            data: { kind: KIND_TEXT[m.kind], masked: m.masked },
            evidence: `${m.kind}:${m.masked}`,
            ...(where.resource !== undefined ? { resource: where.resource } : {}),
            path: where.path,
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
            ctx.report({ messageId: 'secretInOutput', at: value, path: `Outputs.${String(e.key.value)}.Value`, data: { resource: p.resource } });
        }
      }
    },
  },
});
