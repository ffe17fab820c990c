// npm run bench [-- <dir>]: scans a corpus (default ../shared/corpus) and prints files, bytes, wall
// time, files/s and peak memory for: the plain parse floor (read, JSON.parse, js-yaml without positions), the
// parse floor with positions (our parsers), both one thread,
// the full scan on one thread, and the full scan on worker threads; then the CLI start-up
// time for one small file beside `node -e 0` (as an install runs it, the bundle with its code cache, and from
// dist/). Each mode runs in its own process so peak RSS is its own.
// Then the TypeScript path on a generated corpus (`npm run bench -- --ts [dir]` runs only that part, on
// real CDK code when a directory is given), the Terraform path likewise (`npm run bench -- --tf [dir]`), and
// scale: 200,000 generated small files through the whole pipeline (`npm run bench -- --scale [count]`).
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// IAMLINT_DIST: a private build (`tsc -p tsconfig.build.json --outDir <dir>/dist`) instead of dist/.
const dist = (p) => join(process.env.IAMLINT_DIST ?? join(root, 'dist'), p);

async function child(mode, dir) {
  const { discover } = await import(dist('src/node/discover.js'));
  const files = discover([dir], dir, [], dir).files;
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const t0 = process.hrtime.bigint();
  let parsed = 0;
  let errors = 0;
  const perRule = {};
  let skipped = 0;
  if (mode === 'ts-floor') {
    // The TypeScript parse floor: oxc-parser on every file, no cheap check, no extraction.
    const { parseCode } = await import(dist('src/loaders/typescript.js'));
    for (const f of files) {
      try {
        parseCode(f, readFileSync(f, 'utf8'));
        parsed++;
      } catch {
        errors++;
      }
    }
  } else if (mode === 'eslint' || mode === 'eslint-base') {
    // The editor's cost: ESLint's Linter with typescript-eslint's parser and one core rule (so ESLint walks
    // the tree, as it does in every real setup), with and without the plugin's recommended rules.
    const { Linter } = await import('eslint');
    const tseslint = (await import('typescript-eslint')).default;
    const plugin = (await import(dist('src/eslint-plugin.js'))).default;
    const config = [
      { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser }, rules: { 'no-debugger': 'error' } },
      ...(mode === 'eslint' ? [plugin.configs.recommended] : []),
    ];
    // cwd: the corpus, so its files are inside ESLint's base path wherever it lives.
    const linter = new Linter({ configType: 'flat', cwd: dir });
    for (const f of files) {
      const messages = linter.verify(readFileSync(f, 'utf8'), config, f);
      if (messages.some((m) => m.fatal)) errors++;
      else parsed++;
      for (const m of messages) if (m.ruleId) perRule[m.ruleId] = (perRule[m.ruleId] ?? 0) + 1;
    }
  } else if (mode === 'plain') {
    // The plain parse floor (the issue's limit): read, JSON.parse, js-yaml's loadAll with the
    // CloudFormation tags accepted; no positions, no tree of our own.
    const { loadAll } = await import('js-yaml');
    const { SCHEMA } = await import(dist('src/loaders/yaml-schema.js'));
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      try {
        const first = /\S/.exec(text)?.[0];
        if (f.endsWith('.json') || (!/\.ya?ml$/.test(f) && (first === '{' || first === '['))) JSON.parse(text);
        else loadAll(text, null, { schema: SCHEMA, json: true });
        parsed++;
      } catch {
        errors++;
      }
    }
  } else if (mode === 'floor') {
    const { parseJson } = await import(dist('src/loaders/json.js'));
    const { parseYaml } = await import(dist('src/loaders/yaml.js'));
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      try {
        const first = /\S/.exec(text)?.[0];
        if (f.endsWith('.json') || (!/\.ya?ml$/.test(f) && (first === '{' || first === '['))) parseJson(text);
        else parseYaml(text);
        parsed++;
      } catch {
        errors++;
      }
    }
  } else {
    const { lintFiles } = await import(dist('src/node/lint-files.js'));
    const { rules } = await import(dist('rules/index.js'));
    const opts = { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-11-23' } };
    const refs = files.map((abs) => ({ abs, rel: relative(dir, abs) }));
    const results = await lintFiles(refs, opts, mode === 'scan-1' ? 1 : availableParallelism());
    for (const r of results) {
      if (r.status === 'parsed') parsed++;
      else if (r.status === 'skipped') skipped++;
      else errors++;
      for (const f of r.findings) perRule[f.ruleId] = (perRule[f.ruleId] ?? 0) + 1;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ mode, files: files.length, bytes, ms, rss, parsed, skipped, errors, perRule }));
}

function run(mode, dir) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, dir], { maxBuffer: 1 << 26 });
  return JSON.parse(out.toString());
}

/**
 * The TypeScript path, on a generated corpus (scripts/gen-ts-corpus.mjs: CDK stacks, AWS SDK modules
 * and application code that the cheap check skips) or a given directory: the oxc-parser parse floor, the CLI's scan
 * on one thread and on worker threads, and ESLint with the plugin against ESLint with the parser alone.
 */
async function benchTypeScript(userDir) {
  let dir;
  if (userDir) {
    dir = resolve(userDir);
    console.log(`\nTypeScript corpus: ${dir}`);
  } else {
    const { generate } = await import('./gen-ts-corpus.mjs');
    // Outside the repository: .gitignore (honoured up to the repository root) lists .bench/.
    dir = join(tmpdir(), 'iamlint-bench-ts-corpus');
    const kinds = generate(dir, 2000);
    console.log(`\nTypeScript corpus (generated, scripts/gen-ts-corpus.mjs): ${JSON.stringify(kinds)} in ${dir}`);
  }
  run('ts-floor', dir);
  const rows = [];
  for (const mode of ['ts-floor', 'scan-1', 'scan', 'eslint-base', 'eslint']) {
    const reps = [run(mode, dir), run(mode, dir), run(mode, dir)].sort((a, b) => a.ms - b.ms);
    rows.push(reps[1]);
  }
  console.log('median of 3 runs each:');
  for (const r of rows)
    console.log(
      `${r.mode.padEnd(12)} files ${r.files}  bytes ${(r.bytes / 1e6).toFixed(1)} MB  wall ${(r.ms / 1000).toFixed(2)} s  ${Math.round(r.files / (r.ms / 1000))} files/s  peak RSS ${Math.round(r.rss)} MB`,
    );
  const [floor, one, , eslintBase, eslintFull] = rows;
  console.log(
    `scan (one thread): ${one.parsed} files parsed, ${one.skipped} skipped by the cheap check; scan / parse floor: ${(one.ms / floor.ms).toFixed(2)}x`,
  );
  console.log(
    `ESLint: the plugin adds ${(((eslintFull.ms - eslintBase.ms) / eslintBase.files) * 1000).toFixed(0)} µs per file to typescript-eslint's parser and one core rule (${(eslintFull.ms / eslintBase.ms).toFixed(2)}x)`,
  );
  console.log('findings per rule (CLI):', JSON.stringify(one.perRule));
}

/**
 * The Terraform path's child: the `.tf` files of `dir` (the working directory, as the CLI's paths are
 * relative to it: a module's siblings are read from there, by workers too). `tf-floor` is tree-sitter's
 * parse alone (the grammar loaded before the clock starts, each file read, parsed and its tree freed: no
 * copy into plain objects, no lowering); `tf-scan-1` and `tf-scan` are the CLI's scan on one thread and on
 * worker threads, with the HCL parser loaded before the clock too (`initMs`, the same once-per-run cost).
 */
async function tfChild(mode, dir) {
  const { discover } = await import(dist('src/node/discover.js'));
  const files = discover([dir], dir, [], dir, ['.tf']).files;
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const i0 = process.hrtime.bigint();
  let parse;
  if (mode === 'tf-floor') {
    const { createRequire } = await import('node:module');
    const require = createRequire(join(root, 'package.json'));
    const { Parser, Language } = await import(require.resolve('web-tree-sitter'));
    await Parser.init();
    const parser = new Parser();
    parser.setLanguage(await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')));
    parse = (text) => {
      const tree = parser.parse(text);
      const bad = tree.rootNode.hasError;
      tree.delete();
      return !bad;
    };
  } else {
    await (await import(dist('src/loaders/terraform/tree-sitter.js'))).initTerraform(dir);
  }
  const initMs = Number(process.hrtime.bigint() - i0) / 1e6;
  const t0 = process.hrtime.bigint();
  let parsed = 0;
  let errors = 0;
  let skipped = 0;
  const perRule = {};
  if (parse) {
    for (const f of files) {
      if (parse(readFileSync(f, 'utf8'))) parsed++;
      else errors++;
    }
  } else {
    const { lintFiles } = await import(dist('src/node/lint-files.js'));
    const { rules } = await import(dist('rules/index.js'));
    const opts = { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-11-23' } };
    const refs = files.map((abs) => ({ abs, rel: relative(dir, abs) }));
    const results = await lintFiles(refs, opts, mode === 'tf-scan-1' ? 1 : availableParallelism());
    for (const r of results) {
      if (r.status === 'parsed') parsed++;
      else if (r.status === 'skipped') skipped++;
      else errors++;
      for (const f of r.findings) if (!f.suppression) perRule[f.ruleId] = (perRule[f.ruleId] ?? 0) + 1;
      for (const f of r.findings) if (f.suppression) perRule[`${f.ruleId} (suppressed)`] = (perRule[`${f.ruleId} (suppressed)`] ?? 0) + 1;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ mode, files: files.length, bytes, ms, initMs, rss, parsed, skipped, errors, perRule }));
}

function runTf(mode, dir) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child-tf', mode, dir], { cwd: dir, maxBuffer: 1 << 26 });
  return JSON.parse(out.toString());
}

/**
 * A deterministic Terraform corpus shaped like an application's infrastructure repository: `modules`
 * module directories of five files each (providers and locals, variables, IAM, EC2, outputs). The IAM
 * files hold roles with trust policies written the three common ways (`jsonencode`, a heredoc, a
 * `data "aws_iam_policy_document"`), inline and managed policies, attachments and instance profiles;
 * the EC2 files launch templates, instances and Auto Scaling groups with `metadata_options` and
 * user-data heredocs. About one resource in six carries something to report (IMDSv1, a hop limit of 3,
 * PassRole on `*`, a trust of `*`, a password in user data), some with a checkov or tfsec comment.
 */
function generateTerraform(dir, modules) {
  rmSync(dir, { recursive: true, force: true });
  let a = 0x7f4a7c15;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const actions = [
    's3:GetObject',
    's3:PutObject',
    's3:ListBucket',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'sqs:SendMessage',
    'sqs:ReceiveMessage',
    'sns:Publish',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'kms:Decrypt',
    'ssm:GetParameter',
    'ec2:DescribeInstances',
    'secretsmanager:GetSecretValue',
  ];
  const services = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'codebuild.amazonaws.com'];
  const kinds = { modules, files: 0, roles: 0, policies: 0, instances: 0, launchTemplates: 0, flagged: 0 };
  const statement = (n) =>
    Array.from({ length: n }, () => {
      const acts = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(actions));
      return `    {
      Effect   = "Allow"
      Action   = ${JSON.stringify([...new Set(acts)])}
      Resource = ["arn:aws:s3:::\${local.name}-data", "arn:aws:s3:::\${local.name}-data/*"]
    },`;
    }).join('\n');
  for (let m = 0; m < modules; m++) {
    const mdir = join(dir, `stack-${String(m).padStart(3, '0')}`);
    mkdirSync(mdir, { recursive: true });
    const name = `app${m}`;
    const files = {};
    files['main.tf'] = `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = local.tags
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  name = "\${var.name}-\${var.env}"
  tags = {
    Application = var.name
    Environment = var.env
    Owner       = "team-${m % 7}"
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "\${local.name}-data"
}
`;
    files['variables.tf'] = `variable "name" {
  type    = string
  default = "${name}"
}

variable "env" {
  type    = string
  default = "${pick(['dev', 'staging', 'prod'])}"
}

variable "region" {
  type    = string
  default = "${pick(['eu-west-1', 'us-east-1', 'us-west-2'])}"
}

variable "instance_type" {
  type    = string
  default = "${pick(['t3.micro', 't3.small', 'm6i.large'])}"
}

variable "instance_count" {
  type    = number
  default = ${1 + Math.floor(r() * 3)}
}

variable "ami_id" {
  type        = string
  description = "AMI for the application hosts"
  default     = "ami-0${String(1e15 + m).slice(1)}"
}
`;
    let iam = '';
    const roles = 1 + Math.floor(r() * 3);
    for (let k = 0; k < roles; k++) {
      kinds.roles++;
      // The first role is the instance profile's: EC2 assumes it.
      const svc = k === 0 ? 'ec2.amazonaws.com' : pick(services);
      const bad = r() < 0.15;
      const principal = bad ? '{ AWS = "*" }' : `{ Service = "${svc}" }`;
      const style = Math.floor(r() * 3);
      const role = `r${k}`;
      if (bad) kinds.flagged++;
      const skip = bad && r() < 0.5 ? '  #checkov:skip=CKV_AWS_60:the shared demo role\n' : '';
      if (style === 0) {
        iam += `resource "aws_iam_role" "${role}" {
${skip}  name = "\${local.name}-${role}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = ${principal}
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.tags
}

`;
      } else if (style === 1) {
        const p = bad ? '{"AWS": "*"}' : `{"Service": "${svc}"}`;
        iam += `resource "aws_iam_role" "${role}" {
${skip}  name               = "\${local.name}-${role}"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": ${p},
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}

`;
      } else {
        iam += `data "aws_iam_policy_document" "${role}_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "${bad ? 'AWS' : 'Service'}"
      identifiers = ["${bad ? '*' : svc}"]
    }
  }
}

resource "aws_iam_role" "${role}" {
${skip}  name               = "\${local.name}-${role}"
  assume_role_policy = data.aws_iam_policy_document.${role}_trust.json
}

`;
      }
      kinds.policies++;
      const passBad = r() < 0.15;
      if (passBad) kinds.flagged++;
      const pass = passBad
        ? `    {
      Effect   = "Allow"
      Action   = "iam:PassRole"
      Resource = "*"
    },`
        : `    {
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource  = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/\${local.name}-worker"
      Condition = { StringEquals = { "iam:PassedToService" = "${svc}" } }
    },`;
      if (r() < 0.5) {
        iam += `resource "aws_iam_role_policy" "${role}" {
  name = "\${local.name}-${role}"
  role = aws_iam_role.${role}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
${statement(1 + Math.floor(r() * 4))}
${r() < 0.4 ? pass : ''}
    ]
  })
}

`;
      } else {
        iam += `data "aws_iam_policy_document" "${role}" {
  statement {
    sid       = "Data"
    actions   = ${JSON.stringify([pick(actions), pick(actions)])}
    resources = ["\${aws_s3_bucket.data.arn}/*"]
  }
${passBad ? '  statement {\n    actions   = ["iam:PassRole"]\n    resources = ["*"]\n  }\n' : ''}}

resource "aws_iam_policy" "${role}" {
  name   = "\${local.name}-${role}"
  policy = data.aws_iam_policy_document.${role}.json
}

resource "aws_iam_role_policy_attachment" "${role}" {
  role       = aws_iam_role.${role}.name
  policy_arn = aws_iam_policy.${role}.arn
}

`;
      }
      if (r() < 0.3)
        iam += `resource "aws_iam_role_policy_attachment" "${role}_ro" {
  role       = aws_iam_role.${role}.name
  policy_arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
}

`;
    }
    iam += `resource "aws_iam_instance_profile" "app" {
  name = "\${local.name}-app"
  role = aws_iam_role.r0.name
}
`;
    files['iam.tf'] = iam;
    let ec2 = '';
    const tokens = r() < 0.2 ? 'optional' : 'required';
    const hops = r() < 0.1 ? 3 : pick([1, 2]);
    if (tokens === 'optional' || hops === 3) kinds.flagged++;
    const ignore = tokens === 'optional' && r() < 0.5 ? '#tfsec:ignore:aws-ec2-enforce-launch-config-http-token-imds\n' : '';
    const password = r() < 0.1;
    if (password) kinds.flagged++;
    kinds.launchTemplates++;
    ec2 += `${ignore}resource "aws_launch_template" "app" {
  name_prefix   = "\${local.name}-"
  image_id      = var.ami_id
  instance_type = var.instance_type
  iam_instance_profile {
    arn = aws_iam_instance_profile.app.arn
  }
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "${tokens}"
    http_put_response_hop_limit = ${hops}
  }
  user_data = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    # bootstrap \${local.name}
    yum install -y amazon-cloudwatch-agent
    echo "ENV=\${var.env}" >> /etc/app.env
${
  password
    ? `    export DB_PASSWORD='Fake-Db-Passw0rd-${m}'
`
    : ''
}    systemctl enable --now app
  EOT
  )
  tag_specifications {
    resource_type = "instance"
    tags          = local.tags
  }
}

resource "aws_autoscaling_group" "app" {
  name_prefix      = "\${local.name}-"
  min_size         = 1
  max_size         = 4
  desired_capacity = 2
  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }
}

`;
    kinds.instances++;
    const noMeta = r() < 0.2;
    if (noMeta) kinds.flagged++;
    ec2 += `resource "aws_instance" "bastion" {
  count                = var.instance_count
  ami                  = var.ami_id
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.app.name
${noMeta ? '' : '  metadata_options {\n    http_tokens = "required"\n  }\n'}  tags = merge(local.tags, { Name = "\${local.name}-bastion-\${count.index}" })
}
`;
    files['ec2.tf'] = ec2;
    files['outputs.tf'] = `output "role_arns" {
  value = [${Array.from({ length: roles }, (_, k) => `aws_iam_role.r${k}.arn`).join(', ')}]
}

output "launch_template_id" {
  value = aws_launch_template.app.id
}

output "bucket" {
  value = aws_s3_bucket.data.bucket
}
`;
    for (const [f, text] of Object.entries(files)) {
      writeFileSync(join(mdir, f), text);
      kinds.files++;
    }
  }
  return kinds;
}

/**
 * The Terraform path, on the generated corpus or a given directory (`--tf <dir>`): tree-sitter's parse
 * floor beside the CLI's scan of the same `.tf` files on one thread and on worker threads.
 */
async function benchTerraform(userDir) {
  let dir;
  if (userDir) {
    dir = resolve(userDir);
    console.log(`\nTerraform corpus: ${dir}`);
  } else {
    // Outside the repository, as the TypeScript corpus.
    dir = join(tmpdir(), 'iamlint-bench-tf-corpus');
    const kinds = generateTerraform(dir, 60);
    console.log(`\nTerraform corpus (generated, scripts/bench.mjs generateTerraform): ${JSON.stringify(kinds)} in ${dir}`);
  }
  runTf('tf-floor', dir);
  const rows = [];
  for (const mode of ['tf-floor', 'tf-scan-1', 'tf-scan']) {
    const reps = [runTf(mode, dir), runTf(mode, dir), runTf(mode, dir)].sort((a, b) => a.ms - b.ms);
    rows.push(reps[1]);
  }
  console.log('median of 3 runs each:');
  for (const r of rows)
    console.log(
      `${r.mode.padEnd(12)} files ${r.files}  bytes ${(r.bytes / 1e6).toFixed(1)} MB  wall ${(r.ms / 1000).toFixed(2)} s  ${Math.round(r.files / (r.ms / 1000))} files/s  peak RSS ${Math.round(r.rss)} MB`,
    );
  const [floor, one] = rows;
  console.log(
    `scan (one thread): ${one.parsed} files parsed, ${one.skipped} skipped, ${one.errors} unreadable (parse floor: ${floor.errors} with syntax errors); ` +
      `scan / parse floor: ${(one.ms / floor.ms).toFixed(2)}x (${floor.bytes} bytes: floor ${floor.ms.toFixed(0)} ms, scan ${one.ms.toFixed(0)} ms; loading the parser ${floor.initMs.toFixed(0)} ms / ${one.initMs.toFixed(0)} ms, outside both)`,
  );
  console.log('findings per rule (CLI):', JSON.stringify(one.perRule));
}

/**
 * Scale: `count` small files (policies, 1 in 100 with a finding; 1,000 per directory) in a temporary
 * directory, linted by the CLI's whole pipeline (runLint: discovery, lint, the JSON report) in one
 * process. Prints wall time, files/s, peak RSS and the memory per file over the process's RSS before
 * the run. `npm run bench -- --scale [count]` runs only this part.
 */
function generateScale(count) {
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-scale-'));
  const clean = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
  const bad = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] });
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) mkdirSync(sub);
    writeFileSync(join(sub, `p${i}.json`), i % 100 === 0 ? bad : clean);
  }
  return dir;
}

async function scaleChild(dir) {
  const { runLint } = await import(dist('src/node/run-lint.js'));
  const { json } = await import(dist('src/reporters/index.js'));
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  // A warm-up run on the first directory (1,000 files) pays the run's fixed costs once (compiling the code,
  // decoding the catalogue's services, the rules' memos), so the figure below is what each file adds.
  await runLint({ cwd: dir, paths: ['d0'], today: '2026-11-23', threads: 1 });
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const outcome = await runLint({ cwd: dir, paths: ['.'], today: '2026-11-23', threads: 1 });
  const report = json(outcome.run);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const peak = process.resourceUsage().maxRSS * 1024;
  const files = outcome.run.files.length;
  const findings = outcome.run.files.reduce((n, f) => n + f.findings.length, 0);
  // What the finished run keeps per file (the results every reporter needs), after a full collection.
  globalThis.gc?.();
  const retained = (process.memoryUsage().heapUsed - heapBefore) / files;
  process.stdout.write(
    JSON.stringify({
      files,
      findings,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakMB: peak / 1e6,
      bytesPerFile: (peak - before) / files,
      bytesPerFileFromStart: (peak - start) / files,
      fixedMB: (before - start) / 1e6,
      retained,
      reportMB: report.length / 1e6,
      keep: outcome.run.files.length > 0,
    }),
  );
}

async function benchScale(count) {
  const t0 = Date.now();
  const dir = generateScale(count);
  console.log(`\nScale: ${count} small policy files generated in ${((Date.now() - t0) / 1000).toFixed(1)} s (${dir})`);
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child-scale', dir], { maxBuffer: 1 << 26 });
    const r = JSON.parse(out.toString());
    console.log(
      `scale   files ${r.files}  findings ${r.findings}  wall ${(r.ms / 1000).toFixed(2)} s  ${Math.round(r.files / (r.ms / 1000))} files/s  ` +
        `CPU ${(r.cpuMs / r.files).toFixed(3)} ms per file  peak RSS ${Math.round(r.peakMB)} MB (${Math.round(r.bytesPerFile)} bytes per file over the RSS after a 1,000-file warm-up, ` +
        `${Math.round(r.bytesPerFileFromStart)} over the process's start with the warm-up's ${r.fixedMB.toFixed(0)} MB)  ` +
        `heap kept ${Math.round(r.retained)} bytes per file  JSON report ${r.reportMB.toFixed(1)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The action catalogue's cost, each step in a fresh process (median of 5): importing the module (the
 * data is string literals, decoded lazily), the first lookup (decodes one service), and decoding every
 * service (what `*` or a NotAction expansion costs once per run).
 */
async function catalogChild() {
  const t0 = performance.now();
  const c = await import(dist('src/model/catalog.js'));
  const t1 = performance.now();
  c.actionInfo('iam:PassRole');
  const t2 = performance.now();
  const all = c.expandActionPattern('*').length;
  const t3 = performance.now();
  process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstLookupMs: t2 - t1, allMs: t3 - t2, actions: all }));
}

function benchCatalog() {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child-catalog']).toString()));
  const med = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[2];
  console.log(
    `\ncatalogue (median of 5 processes): import ${med('importMs').toFixed(1)} ms, first lookup (one service decoded) ${med('firstLookupMs').toFixed(1)} ms, ` +
      `every service decoded (${runs[0].actions} actions) ${med('allMs').toFixed(1)} ms`,
  );
}

/**
 * Hostile inputs (scripts/hostile-inputs.mjs, the robustness suite's), each alone through the CLI's
 * pipeline on one thread in a fresh process: wall time (median of 3) and what it ended in.
 */
async function hostileChild(dir, name) {
  const { lintFiles } = await import(dist('src/node/lint-files.js'));
  const { rules } = await import(dist('rules/index.js'));
  const opts = { rules, levels: new Map(), ruleOptions: new Map(), settings: { ownAccounts: [], today: '2026-11-23' } };
  const ref = { abs: join(dir, name), rel: name };
  await lintFiles([{ abs: join(dir, 'warm.json'), rel: 'warm.json' }], opts, 1);
  const times = [];
  let last;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    last = (await lintFiles([ref], opts, 1))[0];
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ ms: times[1], findings: last.findings.map((f) => `${f.ruleId}/${f.messageId}`) }));
}

async function benchHostile() {
  const { hostileFiles } = await import('./hostile-inputs.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'iamlint-hostile-'));
  try {
    writeFileSync(join(dir, 'warm.json'), JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }));
    console.log('\nHostile inputs (scripts/hostile-inputs.mjs), each alone, one thread, median of 3 (after a warm-up file):');
    for (const h of hostileFiles()) {
      writeFileSync(join(dir, h.name), h.text);
      const r = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child-hostile', dir, h.name], { maxBuffer: 1 << 26 }).toString());
      console.log(
        `  ${h.name.padEnd(22)} ${String(h.text.length).padStart(9)} bytes  ${r.ms.toFixed(1).padStart(8)} ms  ${r.findings.join(', ') || 'no finding'}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child-hostile') {
  await hostileChild(args[1], args[2]);
} else if (args[0] === '--hostile') {
  console.log(`machine: ${availableParallelism()} cores, node ${process.version}`);
  await benchHostile();
} else if (args[0] === '--child') {
  await child(args[1], args[2]);
} else if (args[0] === '--child-tf') {
  await tfChild(args[1], args[2]);
} else if (args[0] === '--child-catalog') {
  await catalogChild();
} else if (args[0] === '--catalog') {
  benchCatalog();
} else if (args[0] === '--child-scale') {
  await scaleChild(args[1]);
} else if (args[0] === '--scale') {
  console.log(`machine: ${availableParallelism()} cores, node ${process.version}`);
  await benchScale(Number(args[1] ?? 200_000));
} else if (args[0] === '--ts') {
  // `npm run bench -- --ts [dir]`: a directory of real CDK code, or the generated corpus.
  console.log(`machine: ${availableParallelism()} cores, node ${process.version}`);
  await benchTypeScript(args[1]);
} else if (args[0] === '--tf') {
  // `npm run bench -- --tf [dir]`: a directory of real Terraform, or the generated corpus.
  console.log(`machine: ${availableParallelism()} cores, node ${process.version}`);
  await benchTerraform(args[1]);
} else {
  const dir = resolve(args[0] ?? join(root, '..', 'shared', 'corpus'));
  if (!existsSync(dir)) {
    console.log(`bench: corpus ${dir} not found (it ships beside the repository as ../shared/corpus); give a directory: npm run bench -- <dir>`);
    process.exit(0);
  }
  console.log(`corpus: ${dir}`);
  console.log(`machine: ${availableParallelism()} cores, node ${process.version}`);
  const rows = [];
  for (const mode of ['plain', 'floor', 'scan-1', 'scan']) {
    // Warm the page cache once so the first mode does not pay for disk reads.
    if (rows.length === 0) run('floor', dir);
    const reps = [run(mode, dir), run(mode, dir), run(mode, dir)].sort((a, b) => a.ms - b.ms);
    rows.push(reps[1]);
  }
  const fmt = (r) =>
    `${r.mode.padEnd(7)} files ${r.files}  bytes ${(r.bytes / 1e6).toFixed(1)} MB  wall ${(r.ms / 1000).toFixed(2)} s  ` +
    `${Math.round(r.files / (r.ms / 1000))} files/s  ${(r.bytes / 1e6 / (r.ms / 1000)).toFixed(1)} MB/s  peak RSS ${Math.round(r.rss)} MB`;
  console.log('\nmedian of 3 runs each:');
  for (const r of rows) console.log(fmt(r));
  const [plain, floor, one, many] = rows;
  console.log(
    `\nfull scan / plain parse floor (JSON.parse, js-yaml without positions): ${(one.ms / plain.ms).toFixed(2)}x on one thread, ${(many.ms / plain.ms).toFixed(2)}x with ${availableParallelism()} threads`,
  );
  console.log(
    `full scan / parse floor with positions (our parsers): ${(one.ms / floor.ms).toFixed(2)}x on one thread, ${(many.ms / floor.ms).toFixed(2)}x with ${availableParallelism()} threads`,
  );
  console.log(`scan: ${many.parsed} files parsed, ${many.skipped} skipped by the cheap check, ${many.errors} unreadable`);
  console.log('findings per rule:', JSON.stringify(many.perRule));
  const small = join(root, 'fixtures', 'demo', 'vendor-access-role.json');
  // What an install runs (registry, tarball, pre-commit): the package without dist/, so bin/iamlint.cjs
  // runs the committed bundle dist-action/cli.cjs with its code cache. Rebuilt here as such a package,
  // beside the other bench files (in this clone bin/iamlint.cjs would run the fresher dist/).
  const hookPkg = join(root, '.bench', 'pre-commit-package');
  rmSync(hookPkg, { recursive: true, force: true });
  for (const p of ['bin', 'schema', 'package.json', 'dist-action/cli.cjs', 'dist-action/worker.js']) {
    mkdirSync(dirname(join(hookPkg, p)), { recursive: true });
    cpSync(join(root, p), join(hookPkg, p), { recursive: true });
  }
  const { timeEntries } = await import('./bench-startup.mjs');
  const starts = timeEntries(
    [
      ['node -e 0', ['-e', '0']],
      ['iamlint as installed (bin/iamlint.cjs, bundle, code cache)', [join(hookPkg, 'bin', 'iamlint.cjs'), '--no-color', small]],
      ['compiled dist/ (dist/src/cli-entry.js)', [join(root, 'dist', 'src', 'cli-entry.js'), '--no-color', small]],
    ],
    { runs: 11 },
  );
  console.log('\nCLI start-up, one small file (median of 11 interleaved runs; CPU is user + system):');
  for (const r of starts)
    console.log(
      `  ${r.mode.padEnd(60)} wall ${r.wallMs.toFixed(0)} ms (${r.wallRatio.toFixed(2)}x)  CPU ${r.cpuMs.toFixed(0)} ms (${r.cpuRatio.toFixed(2)}x node -e 0)`,
    );
  benchCatalog();
  await benchHostile();
  await benchTypeScript();
  await benchTerraform();
  await benchScale(200_000);
}
