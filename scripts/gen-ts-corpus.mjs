// Generates a deterministic corpus of TypeScript files shaped like a CDK + application repository,
// for `npm run bench` (the TypeScript path): `node scripts/gen-ts-corpus.mjs <dir> [count]`.
//
// The mix follows what such repositories hold: 40% CDK stacks (roles, statements, grants, OIDC
// providers, launch templates among buckets, functions and queues, 80-250 lines each), 20% AWS SDK v3
// service modules (clients, commands, handlers; one in twenty with a made-up hard-coded key), and 40%
// application code that mentions no AWS package (React components, utilities), which the cheap check
// skips without parsing. Every key written is fake (FAKE in the id).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small deterministic PRNG (mulberry32), so every run measures the same files. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'sqs:SendMessage',
  'sns:Publish',
  'logs:PutLogEvents',
  'kms:Decrypt',
  'ssm:GetParameter',
  'ec2:DescribeInstances',
];
const SERVICES = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com', 'codebuild.amazonaws.com', 'states.amazonaws.com'];

function cdkStack(r, i) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const style = Math.floor(r() * 3);
  const iam =
    style === 0
      ? "import * as iam from 'aws-cdk-lib/aws-iam';"
      : style === 1
        ? "import { aws_iam as iam } from 'aws-cdk-lib';"
        : "import * as iam from 'aws-cdk-lib/aws-iam';";
  const lines = [
    "import * as cdk from 'aws-cdk-lib';",
    iam,
    "import * as s3 from 'aws-cdk-lib/aws-s3';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import * as sqs from 'aws-cdk-lib/aws-sqs';",
    "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
    "import type { Construct } from 'constructs';",
    '',
    `export interface Service${i}Props extends cdk.StackProps {`,
    '  readonly stage: string;',
    '  readonly vpc?: ec2.IVpc;',
    '}',
    '',
    `export class Service${i}Stack extends cdk.Stack {`,
    `  constructor(scope: Construct, id: string, props: Service${i}Props) {`,
    '    super(scope, id, props);',
    `    const bucket = new s3.Bucket(this, 'Data', { versioned: true, encryption: s3.BucketEncryption.S3_MANAGED, removalPolicy: cdk.RemovalPolicy.RETAIN });`,
    `    const queue = new sqs.Queue(this, 'Jobs', { visibilityTimeout: cdk.Duration.seconds(${30 + Math.floor(r() * 300)}) });`,
  ];
  const roles = 1 + Math.floor(r() * 4);
  for (let k = 0; k < roles; k++) {
    lines.push(
      `    const role${k} = new iam.Role(this, 'Role${k}', { assumedBy: new iam.ServicePrincipal('${pick(SERVICES)}'), description: 'role ${k} of service ${i}' });`,
    );
    const statements = 1 + Math.floor(r() * 5);
    for (let s = 0; s < statements; s++) {
      const acts = [pick(ACTIONS), pick(ACTIONS)];
      if (r() < 0.15) acts.push('iam:PassRole');
      const res = r() < 0.2 ? "'*'" : r() < 0.5 ? 'bucket.bucketArn' : '`arn:aws:dynamodb:${this.region}:${this.account}:table/items-${props.stage}`';
      const cond = r() < 0.3 ? `, conditions: { StringEquals: { 'iam:PassedToService': '${pick(SERVICES)}' } }` : '';
      lines.push(`    role${k}.addToPolicy(new iam.PolicyStatement({ actions: ${JSON.stringify(acts).replace(/"/g, "'")}, resources: [${res}]${cond} }));`);
    }
    lines.push(`    bucket.grantRead(role${k});`, `    queue.grantSendMessages(role${k});`);
    if (r() < 0.3) lines.push(`    role${k}.grantPassRole(new iam.ServicePrincipal('${pick(SERVICES)}'));`);
  }
  const fns = Math.floor(r() * 4);
  for (let f = 0; f < fns; f++) {
    lines.push(
      `    const fn${f} = new lambda.Function(this, 'Fn${f}', {`,
      '      runtime: lambda.Runtime.NODEJS_20_X,',
      `      handler: 'index.handler${f}',`,
      `      code: lambda.Code.fromAsset('lambda/${i}/${f}'),`,
      `      memorySize: ${128 * (1 + Math.floor(r() * 8))},`,
      '      environment: { BUCKET: bucket.bucketName, QUEUE_URL: queue.queueUrl, STAGE: props.stage },',
      '    });',
      `    bucket.grantReadWrite(fn${f});`,
      `    fn${f}.addToRolePolicy(new iam.PolicyStatement({ actions: ['${pick(ACTIONS)}'], resources: [queue.queueArn] }));`,
    );
  }
  if (r() < 0.2) {
    lines.push(
      "    const github = new iam.OpenIdConnectProvider(this, 'GitHub', { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });",
      "    new iam.Role(this, 'Deploy', {",
      '      assumedBy: new iam.OpenIdConnectPrincipal(github, {',
      "        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },",
      `        StringLike: { 'token.actions.githubusercontent.com:sub': '${r() < 0.3 ? 'repo:*' : `repo:acme/service-${i}:*`}' },`,
      '      }),',
      '    });',
    );
  }
  if (r() < 0.25)
    lines.push(
      '    if (props.vpc) {',
      `      new ec2.LaunchTemplate(this, 'Workers', { machineImage: ec2.MachineImage.latestAmazonLinux2(), instanceType: new ec2.InstanceType('t3.small'), requireImdsv2: ${r() < 0.6} });`,
      '    }',
    );
  if (r() < 0.1) lines.push(`    new iam.Role(this, 'Vendor', { assumedBy: new iam.AccountPrincipal('${String(100000000000 + Math.floor(r() * 8e11))}') });`);
  lines.push(
    "    new cdk.CfnOutput(this, 'BucketName', { value: bucket.bucketName });",
    "    new cdk.CfnOutput(this, 'QueueUrl', { value: queue.queueUrl });",
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}

function sdkModule(r, i) {
  const hardcoded = r() < 0.05;
  const creds = hardcoded
    ? `, credentials: { accessKeyId: 'AKIA${String(i)
        .padStart(4, '0')
        .replace(/[0189]/g, 'Q')}FAKE2BENCH3Q', secretAccessKey: 'Bench/Fake+Secret/N0t+Real/${String(i).padStart(6, 'x')}Qz9Lm2w' }`
    : '';
  return [
    "import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';",
    "import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';",
    '',
    `const region = process.env.AWS_REGION ?? 'eu-west-1';`,
    `const s3 = new S3Client({ region${creds} });`,
    'const ddb = new DynamoDBClient({ region });',
    '',
    `export interface Item${i} {`,
    '  readonly id: string;',
    '  readonly createdAt: string;',
    '  readonly payload: Record<string, unknown>;',
    '}',
    '',
    `export async function load${i}(bucket: string, key: string): Promise<string> {`,
    '  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));',
    "  return (await out.Body?.transformToString('utf-8')) ?? '';",
    '}',
    '',
    `export async function save${i}(bucket: string, item: Item${i}): Promise<void> {`,
    '  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `items/${item.id}.json`, Body: JSON.stringify(item), ContentType: "application/json" }));',
    '}',
    '',
    `export async function query${i}(table: string, id: string): Promise<number> {`,
    "  const out = await ddb.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: id } } }));",
    '  return out.Count ?? 0;',
    '}',
    '',
  ].join('\n');
}

function appCode(r, i) {
  const n = 3 + Math.floor(r() * 8);
  const lines = [`import { useEffect, useState } from 'react';`, `import { format } from './format';`, ''];
  for (let k = 0; k < n; k++) {
    lines.push(
      `export function useThing${i}_${k}(id: string): { loading: boolean; value: string | undefined } {`,
      '  const [value, setValue] = useState<string | undefined>(undefined);',
      '  useEffect(() => {',
      `    let cancelled = false;`,
      `    fetch('/api/things/' + encodeURIComponent(id)).then(async (res) => {`,
      '      if (!cancelled) setValue(format(await res.text()));',
      '    });',
      '    return () => {',
      '      cancelled = true;',
      '    };',
      '  }, [id]);',
      '  return { loading: value === undefined, value };',
      '}',
      '',
    );
  }
  return lines.join('\n');
}

/** Writes `count` files into `dir` (emptied first); returns the number of each kind. */
export function generate(dir, count = 2000) {
  rmSync(dir, { recursive: true, force: true });
  const r = rng(20261123);
  const kinds = { cdk: 0, sdk: 0, app: 0 };
  for (let i = 0; i < count; i++) {
    const x = r();
    const kind = x < 0.4 ? 'cdk' : x < 0.6 ? 'sdk' : 'app';
    kinds[kind]++;
    const sub = join(dir, kind === 'cdk' ? 'infra/lib' : kind === 'sdk' ? 'services/src' : 'web/src', `pkg${i % 20}`);
    mkdirSync(sub, { recursive: true });
    const text = kind === 'cdk' ? cdkStack(r, i) : kind === 'sdk' ? sdkModule(r, i) : appCode(r, i);
    writeFileSync(join(sub, `${kind}-${i}.${kind === 'app' ? 'tsx' : 'ts'}`), text);
  }
  return kinds;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/gen-ts-corpus.mjs <dir> [count]');
    process.exit(2);
  }
  console.log(generate(dir, Number(process.argv[3] ?? 2000)));
}
