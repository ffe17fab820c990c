import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lintText, type LintOptions } from '../src/engine/run.js';
import { resolveSuppressions } from '../src/engine/suppressions.js';
import type { Finding, RunResult } from '../src/engine/types.js';
import { sarif } from '../src/reporters/sarif.js';
import type { Log as SarifLog } from 'sarif';
import { validateSarif } from './helpers/sarif-validate.js';
import { loadText } from '../src/loaders/load.js';
import { setTerraformHost, terraformHost } from '../src/loaders/terraform/hcl.js';
import { lowerModule } from '../src/loaders/terraform/lower.js';
import { display, type Val } from '../src/model/value.js';
import { initTerraform } from '../src/loaders/terraform/tree-sitter.js';

/**
 * Terraform through the real engine and every rule: each module under fixtures/terraform/ is linted
 * file by file with its siblings in view, as the CLI does. A line that must produce a finding carries
 * `# expect: <rule-id>/<messageId>@<column>` (several separated by commas); `# expect+N: ...` announces
 * a finding N lines below (inside a heredoc, where a comment would be part of the string). A finding that
 * a suppression covers is announced as `# suppressed: ...` instead (also `+N`). Files of `good-*`
 * modules yield no unsuppressed finding.
 */

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'fixtures', 'terraform');

const opts: LintOptions = {
  rules,
  levels: new Map(),
  ruleOptions: new Map(),
  settings: { ownAccounts: [], today: '2026-01-01' },
};

function expectations(text: string, word: 'expect' | 'suppressed' = 'expect'): string[] {
  const out: string[] = [];
  const marker = word === 'expect' ? /(?:#|\/\/)\s*expect(?:\+(\d+))?:\s*(.+?)\s*$/ : /(?:#|\/\/)\s*suppressed(?:\+(\d+))?:\s*(.+?)\s*$/;
  text.split('\n').forEach((line, i) => {
    const m = marker.exec(line);
    if (!m) return;
    const target = i + 1 + Number(m[1] ?? 0);
    for (const item of (m[2] ?? '').split(',')) out.push(`${target}:${item.trim()}`);
  });
  return out.sort();
}

function tfFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tfFiles(p));
    else if (name.endsWith('.tf') || name.endsWith('.tf.json') || name.endsWith('.tfplan.json')) out.push(p);
  }
  return out;
}

beforeAll(async () => {
  await initTerraform(ROOT);
});

describe('terraform fixtures', () => {
  for (const abs of tfFiles(FIXTURES)) {
    const path = relative(ROOT, abs);
    it(path, () => {
      const text = readFileSync(abs, 'utf8');
      const result = lintText(path, text, opts);
      expect(result.status, 'the file is read').toBe('parsed');
      const key = (f: Finding) => `${f.region.startLine}:${f.ruleId}/${f.messageId}@${f.region.startColumn}`;
      const actual = result.findings
        .filter((f) => !f.suppression)
        .map(key)
        .sort();
      const expected = expectations(text);
      if (path.includes('good-')) expect(expected).toEqual([]);
      expect(actual).toEqual(expected);
      expect(
        result.findings
          .filter((f) => f.suppression)
          .map(key)
          .sort(),
        'suppressed findings',
      ).toEqual(expectations(text, 'suppressed'));
      for (const f of result.findings) expect(f.logical.resource ?? f.logical.path, 'a logical location').toBeTruthy();
      // Messages speak Terraform: addresses and attribute names, not CloudFormation types and properties.
      for (const f of result.findings)
        expect(f.message, f.ruleId).not.toMatch(
          /AWS::[A-Za-z0-9]+::|\b(MetadataOptions|HttpTokens|HttpEndpoint|HttpPutResponseHopLimit|LaunchTemplateConfigs|IamInstanceProfile|UserData|condition var\.|parameter var\.)\b/,
        );
    });
  }
});

describe('terraform lowering', () => {
  const parse = () => {
    const host = terraformHost();
    if (!host) throw new Error('no parser');
    return host;
  };

  it('lowers references to the intrinsics the Evaluator reads', () => {
    const src = [
      'variable "name" { default = "app" }',
      'locals { arn = aws_iam_role.r.arn }',
      'resource "aws_iam_role" "r" {',
      '  name = var.name',
      '  assume_role_policy = "{}"',
      '  managed_policy_arns = [local.arn, aws_iam_policy.p.id, "arn:aws:iam::${data.aws_caller_identity.c.account_id}:policy/x", each.value]',
      '}',
      'resource "aws_iam_policy" "p" { policy = "{}" }',
    ].join('\n');
    const tree = parse().parse(src);
    const lowered = lowerModule([{ path: 'm.tf', text: src, root: tree.root }], 'm.tf');
    const plain = JSON.parse(JSON.stringify(lowered.root, (k, v: unknown) => (k === 'range' || k === 'text' ? undefined : v))) as unknown;
    const flat = JSON.stringify(plain);
    expect(flat).toContain(
      '{"key":{"kind":"scalar","value":"Fn::GetAtt"},"value":{"kind":"seq","items":[{"kind":"scalar","value":"aws_iam_role.r"},{"kind":"scalar","value":"Arn"}]}}',
    );
    expect(flat).toContain('{"key":{"kind":"scalar","value":"Ref"},"value":{"kind":"scalar","value":"aws_iam_policy.p"}}');
    expect(flat).toContain('{"key":{"kind":"scalar","value":"Ref"},"value":{"kind":"scalar","value":"AWS::AccountId"}}');
    expect(flat).toContain('{"key":{"kind":"scalar","value":"Ref"},"value":{"kind":"scalar","value":"var.name"}}');
    // `each.value` is not known offline: a Ref to nothing.
    expect(flat).toContain('{"key":{"kind":"scalar","value":"Ref"},"value":{"kind":"scalar","value":"?"}}');
  });

  it('reads a module as a whole: the instance in ec2.tf gets the profile, role and policy of iam.tf', () => {
    const path = 'fixtures/terraform/imds-instance-profile/ec2.tf';
    const loaded = loadText(path, readFileSync(join(ROOT, path), 'utf8'));
    if (loaded.status !== 'parsed') throw new Error(loaded.status);
    const spec = loaded.file.launch.specs[0];
    const role = spec?.profile?.profiles[0]?.roles[0]?.role;
    expect(spec?.label).toBe('instance aws_instance.web');
    expect(role?.resource.id).toBe('aws_iam_role.web');
    expect(role?.policies.map((d) => d.origin.resource)).toEqual(['aws_iam_role_policy.web']);
    // Only this file's resources are judged here: iam.tf's policies belong to iam.tf.
    expect(loaded.file.policies).toEqual([]);
    expect([...(loaded.file.template?.resources.keys() ?? [])]).toEqual(['aws_instance.web']);
  });

  it('says where a possible value comes from: a variable default in a sibling file, a conditional branch', () => {
    const path = 'fixtures/terraform/variables-conditionals/main.tf';
    const r = lintText(path, readFileSync(join(ROOT, path), 'utf8'), opts);
    expect(r.findings.map((f) => f.message.split(':')[0])).toEqual([
      'Instance aws_instance.a sets http_tokens to optional (the default of var.tokens)',
      'Instance aws_instance.b sets http_tokens to optional (when var.imdsv2 is false)',
    ]);
  });

  it('follows a local module: outputs resolve to its resources, its variables take the call arguments', () => {
    const path = 'fixtures/terraform/local-module/main.tf';
    const loaded = loadText(path, readFileSync(join(ROOT, path), 'utf8'));
    if (loaded.status !== 'parsed') throw new Error(loaded.status);
    const spec = loaded.file.launch.specs.find((s) => s.label === 'instance aws_instance.app');
    const role = spec?.profile?.profiles[0]?.roles[0]?.role;
    expect(spec?.profile?.profiles.map((p) => p.resource.id)).toEqual(['module.profile.aws_iam_instance_profile.this']);
    expect(role?.resource.id).toBe('module.profile.aws_iam_role.this');
    expect(role?.policies.map((d) => d.origin.resource)).toEqual(['module.profile.aws_iam_role_policy.this']);
    // The module's own resources are judged in its own files, not again at the call.
    expect(loaded.file.policies).toEqual([]);
    const remote = loaded.file.launch.specs.find((s) => s.label === 'instance aws_instance.remote');
    expect(remote?.profile?.unknown).toBe(true);
  });

  it('keeps exact positions inside a `<<-` heredoc', () => {
    const src =
      'resource "aws_iam_policy" "p" {\n  policy = <<-EOT\n    {"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}\n  EOT\n}\n';
    const r = lintText('p.tf', src, opts);
    const wild = r.findings.find((f) => f.ruleId === 'passrole-wildcard-resource');
    expect(wild?.region).toEqual({ startLine: 3, startColumn: 78, endLine: 3, endColumn: 81 });
  });

  it('names the instances of count and for_each in messages', () => {
    const path = 'fixtures/terraform/count-for-each/main.tf';
    const r = lintText(path, readFileSync(join(ROOT, path), 'utf8'), opts);
    expect(r.findings.map((f) => f.logical.resource)).toEqual(['aws_instance.web[0, 1, 2]', 'aws_launch_template.pool["a", "b"]']);
    expect(r.findings[0]?.message).toContain('Instance aws_instance.web[0, 1, 2] sets http_tokens to optional');
  });

  it('evaluates `${...}` inside a heredoc JSON policy, with positions after the hole', () => {
    const src = [
      'data "aws_caller_identity" "me" {}',
      'resource "aws_iam_role" "r" {',
      '  assume_role_policy = <<EOF',
      '{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",',
      '  "Principal": {"AWS": "arn:aws:iam::${data.aws_caller_identity.me.account_id}:root"}}]}',
      'EOF',
      '}',
      'resource "aws_iam_role_policy" "p" {',
      '  role   = "${aws_iam_role.r.name}"',
      '  policy = <<EOF',
      '{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "${aws_iam_role.r.arn}"},',
      '  {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}',
      'EOF',
      '}',
    ].join('\n');
    const loaded = loadText('h.tf', src);
    if (loaded.status !== 'parsed') throw new Error(loaded.status);
    const file = loaded.file;
    const trust = file.policies.find((d) => d.kind === 'trust');
    const principal = trust?.statements[0]?.principal?.entries[0];
    expect(principal && display(file.evaluator.str(principal.val.node)[0] as Val)).toBe('arn:aws:iam::${AWS::AccountId}:root');
    const pass = file.policies.find((d) => d.origin.resource === 'aws_iam_role_policy.p');
    const first = pass?.statements[0]?.resource?.values[0];
    expect(first && display(first)).toBe('${aws_iam_role.r.Arn}');
    const r = lintText('h.tf', src, opts);
    expect(r.findings.filter((f) => f.ruleId === 'passrole-wildcard-resource').map((f) => f.region)).toEqual([
      { startLine: 12, startColumn: 61, endLine: 12, endColumn: 64 },
    ]);
  });

  it('refuses a file nested deeper than the limit, and reads names like `constructor` as plain names', () => {
    const deep = lintText('deep.tf', `locals {\n  x = ${'['.repeat(5000)}${']'.repeat(5000)}\n}\n`, opts);
    expect(deep.status).toBe('error');
    expect(deep.findings[0]?.message).toContain('Nested deeper than 256 levels');
    const proto = lintText('proto.tf', 'resource "constructor" "__proto__" { x = constructor.__proto__.arn }\nlocals { y = local.toString }\n', opts);
    expect(proto.status).toBe('parsed');
    expect(proto.findings).toEqual([]);
  });

  it('reports a syntax error with its position', () => {
    const r = lintText('bad.tf', 'resource "aws_iam_role" "r" {\n  name = \n', opts);
    expect(r.status).toBe('error');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['invalid-input']);
  });

  it('is skipped, not failed, when no parser is installed', () => {
    const saved = terraformHost();
    setTerraformHost(undefined);
    try {
      expect(loadText('x.tf', 'resource "aws_iam_role" "r" {}').status).toBe('skipped');
    } finally {
      setTerraformHost(saved);
    }
  });

  it('honours iamlint-disable-next-line in # and // comments', () => {
    const src = [
      'resource "aws_iam_policy" "p" {',
      '  policy = jsonencode({ Statement = [{',
      '    Effect = "Allow"',
      '    # iamlint-disable-next-line passrole-wildcard-resource -- the deploy role passes any role by design',
      '    Action = "iam:PassRole", Resource = "*"',
      '    // iamlint-disable-next-line passrole-missing-passed-to-service -- same',
      '  }] })',
      '}',
    ].join('\n');
    const r = lintText('s.tf', src, opts);
    const wild = r.findings.find((f) => f.ruleId === 'passrole-wildcard-resource');
    expect(wild?.suppression?.kind).toBe('inSource');
  });
});

describe("peers' suppression comments (checkov, tfsec, trivy)", () => {
  const GOOD = 'fixtures/terraform/good-peer-suppressions/main.tf';
  const BAD = 'fixtures/terraform/peer-suppressions/main.tf';
  const lint = (path: string, text = readFileSync(join(ROOT, path), 'utf8')) => lintText(path, text, opts);

  it("name the peer and its id in the suppression, with checkov's comment, at the comment's line", () => {
    const r = lint(GOOD);
    expect(r.findings.map((f) => [f.region.startLine, f.ruleId, f.suppression?.justification, f.suppression?.location])).toEqual([
      [7, 'imdsv2-not-required', 'tfsec aws-ec2-enforce-http-token-imds: the vendor agent reads IMDSv1 until its 4.x release', `${GOOD}:6`],
      [16, 'imdsv2-not-required', 'trivy avd-aws-0028: no reason given', `${GOOD}:16`],
      [23, 'imdsv2-not-required', 'trivy AVD-AWS-0028: no reason given', `${GOOD}:22`],
      [27, 'hardcoded-credentials', 'tfsec aws-ec2-no-secrets-in-user-data: no reason given', `${GOOD}:21`],
      [36, 'imds-hop-limit', 'checkov CKV_AWS_341: the GPU containers reach IMDS through two bridges', `${GOOD}:33`],
      [44, 'hardcoded-credentials', "checkov CKV_AWS_41: the sandbox reads AWS's documented example keys", `${GOOD}:43`],
      [45, 'hardcoded-credentials', "checkov CKV_AWS_41: the sandbox reads AWS's documented example keys", `${GOOD}:43`],
      [54, 'trust-wildcard-principal', 'checkov CKV_AWS_60: the public read-only demo role', `${GOOD}:60`],
      [67, 'launch-configuration-deprecated', 'retired with the old Auto Scaling group in Q3', `${GOOD}:66`],
      [76, 'userdata-secret', 'tfsec aws-ec2-no-sensitive-info: no reason given', `${GOOD}:73`],
    ]);
  });

  it('reach SARIF as accepted in-source suppressions, with the comment as their location', () => {
    const run: RunResult = {
      files: [lint(GOOD)],
      rules,
      levels: new Map(),
      tool: { name: 'iamlint', version: '0.0.0', informationUri: 'https://github.com/iamlint/iamlint' },
    };
    const log = JSON.parse(sarif(run)) as SarifLog;
    expect(validateSarif(log)).toEqual([]);
    const first = log.runs[0]?.results?.[0];
    expect(first?.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'tfsec aws-ec2-enforce-http-token-imds: the vendor agent reads IMDSv1 until its 4.x release',
        location: { physicalLocation: { artifactLocation: { uri: GOOD, uriBaseId: '%SRCROOT%' }, region: { startLine: 6 } } },
      },
    ]);
  });

  it('an expired tfsec ignore leaves the finding and says why', () => {
    const r = lint(BAD);
    const expired = r.findings.find((f) => f.ruleId === 'invalid-suppression');
    expect(expired?.message).toBe('This iamlint suppression of tfsec:ignore:aws-ec2-enforce-http-token-imds expired on 2020-01-02; it no longer applies.');
    expect(expired?.logical.resource).toBe('aws_instance.expired');
    // The same comment before its date suppresses; on the date itself trivy no longer applies it.
    const src = '#tfsec:ignore:aws-ec2-enforce-http-token-imds:exp:2026-01-02\nresource "aws_instance" "x" {\n  ami = "ami-1"\n}\n';
    expect(lint('x.tf', src).findings.map((f) => [f.ruleId, !!f.suppression])).toEqual([['imdsv2-not-required', true]]);
    expect(lint('x.tf', src.replace('2026-01-02', '2026-01-01')).findings.map((f) => [f.ruleId, !!f.suppression])).toEqual([
      ['invalid-suppression', false],
      ['imdsv2-not-required', false],
    ]);
  });

  it('checkov: several ids in one skip, each to its own rule; an id for another rule suppresses nothing', () => {
    const src = [
      'resource "aws_instance" "x" {',
      '  #checkov:skip=CKV_AWS_60,CKV_AWS_79:the vendor agent',
      '  ami = "ami-1"',
      '}',
      'resource "aws_instance" "y" {',
      '  // checkov:skip=CKV_AWS_60:not about IMDS',
      '  ami = "ami-1"',
      '}',
    ].join('\n');
    expect(lint('c.tf', src).findings.map((f) => [f.logical.resource, f.suppression?.justification ?? null])).toEqual([
      ['aws_instance.x', 'checkov CKV_AWS_79: the vendor agent'],
      ['aws_instance.y', null],
    ]);
  });

  it('reads the forms found in public repositories: several rules on a line, after other words, with words after', () => {
    const src = [
      '#! tfsec:ignore:aws-ec2-enable-at-rest-encryption #! tfsec:ignore:aws-ec2-enforce-http-token-imds',
      'resource "aws_instance" "a" {',
      '  ami = "ami-1"',
      '}',
      'resource "aws_launch_template" "b" {',
      '  metadata_options {',
      '    #tfsec:ignore:aws-ec2-enforce-http-token-imds tfsec:ignore:aws-ec2-enforce-launch-config-http-token-imds',
      '    http_tokens = "optional"',
      '  }',
      '}',
      'resource "aws_instance" "c" {',
      '  metadata_options {',
      '    #tfsec:ignore:aws-ec2-enforce-http-token-imds:the installer cannot send a token',
      '    http_tokens = "optional"',
      '  }',
      '}',
    ].join('\n');
    expect(lint('w.tf', src).findings.map((f) => [f.logical.resource, f.suppression?.justification ?? null])).toEqual([
      ['aws_instance.a', 'tfsec aws-ec2-enforce-http-token-imds: no reason given'],
      ['aws_launch_template.b', 'tfsec aws-ec2-enforce-launch-config-http-token-imds: no reason given'],
      ['aws_instance.c', 'tfsec aws-ec2-enforce-http-token-imds: the installer cannot send a token'],
    ]);
  });

  it('only comments count: the same words in a string, a template or a heredoc are text', () => {
    const src = [
      'locals {',
      '  a = "x" /* a comment */ # tfsec:ignore:aws-ec2-enforce-http-token-imds',
      '}',
      'locals { b = "#tfsec:ignore:aws-ec2-enforce-http-token-imds ${"}"} // trivy:ignore:AVD-AWS-0028" }',
      'resource "aws_instance" "x" {',
      '  tags = { c = "#checkov:skip=CKV_AWS_79:in a string" }',
      '  user_data = <<EOT',
      '#checkov:skip=CKV_AWS_79:in a heredoc',
      'EOT',
      '}',
    ].join('\n');
    expect(lint('s.tf', src).findings.map((f) => [f.ruleId, !!f.suppression])).toEqual([['imdsv2-not-required', false]]);
  });

  it('matching stays linear: twice the commented resources, twice the work', () => {
    const work = (n: number) => {
      const src = Array.from(
        { length: n },
        (_, i) => `#tfsec:ignore:aws-ec2-enforce-http-token-imds\nresource "aws_instance" "i${i}" {\n  ami = "ami-1"\n}\n`,
      ).join('');
      const loaded = loadText('w.tf', src);
      if (loaded.status !== 'parsed') throw new Error(loaded.status);
      const findings = lint('w.tf', src).findings;
      expect(findings.length).toBe(n);
      const candidates = findings.map((f) => ({
        ruleId: f.ruleId,
        messageId: f.messageId,
        start: loaded.file.lines.offsetOf(f.region.startLine) + f.region.startColumn - 1,
        line: f.region.startLine,
        resource: f.logical.resource,
      }));
      const out = resolveSuppressions(loaded.file, candidates, { rules, levels: new Map(), settings: opts.settings });
      expect(out.suppressions.every((s) => s?.justification === 'tfsec aws-ec2-enforce-http-token-imds: no reason given')).toBe(true);
      return out.work;
    };
    const a = work(150);
    const b = work(300);
    expect(a).toBeGreaterThan(0);
    expect(b / a).toBeLessThan(2.2);
  });
});

describe('a plan beside its module', () => {
  it('points findings at the .tf attribute, drops what the .tf files report themselves, honours their suppressions', async () => {
    const { runLint } = await import('../src/node/run-lint.js');
    const { run } = await runLint({ cwd: ROOT, paths: ['fixtures/terraform-plan-beside'], today: '2026-12-02', threads: 1 });
    const show = (file: string) =>
      (run.files.find((r) => r.file === file)?.findings ?? []).map(
        (f) => `${f.file}:${f.region.startLine}:${f.region.startColumn} ${f.ruleId}${f.suppression ? ' (suppressed)' : ''}`,
      );
    expect(show('fixtures/terraform-plan-beside/main.tf')).toEqual([
      'fixtures/terraform-plan-beside/main.tf:15:18 passrole-missing-passed-to-service',
      'fixtures/terraform-plan-beside/main.tf:16:18 passrole-wildcard-resource',
      'fixtures/terraform-plan-beside/main.tf:24:5 imdsv2-not-required',
      // aws_instance.app[0]: only the plan knows its http_tokens; the directive above the attribute is used, not "unused".
      'fixtures/terraform-plan-beside/main.tf:35:5 imdsv2-not-required (suppressed)',
    ]);
    // A called module's resources are declared in its own directory: they stay in the plan.
    expect(show('fixtures/terraform-plan-beside/plan.tfplan.json')).toEqual([
      'fixtures/terraform-plan-beside/plan.tfplan.json:52:104 passrole-missing-passed-to-service',
      'fixtures/terraform-plan-beside/plan.tfplan.json:52:134 passrole-wildcard-resource',
    ]);
    const moved = run.files.flatMap((r) => r.findings).find((f) => f.ruleId === 'imdsv2-not-required' && !f.suppression);
    expect(moved?.message).toContain('(Planned value, from fixtures/terraform-plan-beside/plan.tfplan.json.)');
  });

  it('a plan scanned alone still points at the .tf files beside it (what a CI step after `terraform plan` annotates)', async () => {
    const { runLint } = await import('../src/node/run-lint.js');
    const { run } = await runLint({ cwd: ROOT, paths: ['fixtures/terraform-plan-beside/plan.tfplan.json'], today: '2026-12-02', threads: 1 });
    expect(run.files.map((r) => r.file)).toEqual(['fixtures/terraform-plan-beside/plan.tfplan.json']);
    expect(run.files[0]?.findings.map((f) => `${f.file}:${f.region.startLine} ${f.ruleId}${f.suppression ? ' (suppressed)' : ''}`)).toEqual([
      'fixtures/terraform-plan-beside/main.tf:15 passrole-missing-passed-to-service',
      'fixtures/terraform-plan-beside/main.tf:16 passrole-wildcard-resource',
      'fixtures/terraform-plan-beside/main.tf:24 imdsv2-not-required',
      'fixtures/terraform-plan-beside/main.tf:35 imdsv2-not-required (suppressed)',
      'fixtures/terraform-plan-beside/plan.tfplan.json:52 passrole-missing-passed-to-service',
      'fixtures/terraform-plan-beside/plan.tfplan.json:52 passrole-wildcard-resource',
    ]);
  });

  it('every file of a directory sees every other (the listing is shared, not cut to the first file that asked)', () => {
    const host = terraformHost();
    const names = (p: string) => (host?.moduleFiles?.(p) ?? []).map((f) => f.path.split('/').pop());
    expect(names('fixtures/terraform/imds-instance-profile/ec2.tf')).toEqual(['iam.tf']);
    expect(names('fixtures/terraform/imds-instance-profile/iam.tf')).toEqual(['ec2.tf']);
  });
});
