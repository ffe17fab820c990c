// node scripts/cdk-coverage.mjs <dir> [--dist <dist dir>]: how much of a CDK code base reaches the model.
// Counts, in the TypeScript/JavaScript sources (node_modules, cdk.out and .d.ts left out), the IAM
// policy statements and the EC2 launch constructs written there (by their constructor calls; EKS managed
// node groups included: `new eks.Nodegroup`, `CfnNodegroup`, `addNodegroupCapacity`), and how
// many of them the lowered model holds (a statement node or launch spec whose range holds the call). Prints the files that could not be read and every construct that did not reach the model.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const distFlag = args.indexOf('--dist');
const dist = resolve(distFlag >= 0 ? args[distFlag + 1] : new URL('../dist', import.meta.url).pathname);
const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--dist') ?? '.');
const { loadText } = await import(pathToFileURL(join(dist, 'src/loaders/load.js')).href);

const SKIP = new Set(['node_modules', 'cdk.out', '.git', 'dist']);
function* walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(d, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name) && !/\.d\.[mc]?ts$/.test(e.name) && statSync(p).size < 2_000_000) yield p;
  }
}

const STATEMENT = /new\s+(?:[\w$]+\.)*PolicyStatement\s*\(|PolicyStatement\.fromJson\s*\(/g;
const LAUNCH =
  /new\s+(?:[\w$]+\.)*(?:Instance|LaunchTemplate|AutoScalingGroup|BastionHostLinux|Nodegroup|CfnLaunchTemplate|CfnInstance|CfnLaunchConfiguration|CfnAutoScalingGroup|CfnNodegroup)\s*\(|\.(?:addCapacity|addNodegroupCapacity|addAutoScalingGroupCapacity)\s*\(/g;

const totals = { files: 0, parsed: 0, errors: 0, statements: 0, statementsModel: 0, launch: 0, launchModel: 0 };
const misses = [];
for (const file of walk(dir)) {
  const text = readFileSync(file, 'utf8');
  if (!/aws-cdk-lib|@aws-cdk\//.test(text)) continue;
  totals.files++;
  const out = loadText(file, text);
  if (out.status === 'error') {
    totals.errors++;
    misses.push(`${relative(dir, file)}: not read: ${out.error.message}`);
    continue;
  }
  if (out.status !== 'parsed') continue;
  totals.parsed++;
  const starts = [];
  for (const d of out.file.policies) for (const s of d.statements) starts.push(s.node.range);
  const specStarts = out.file.launch.specs.map((s) => s.resource?.node.range ?? s.anchor.range);
  const holds = (ranges, at) => ranges.some((r) => r.start <= at && at < r.end);
  const line = (o) => text.slice(0, o).split('\n').length;
  for (const m of text.matchAll(STATEMENT)) {
    if (/^\s*(?:\/\/|\*)/.test(text.slice(text.lastIndexOf('\n', m.index) + 1, m.index))) continue;
    totals.statements++;
    // The statement node's range is the `new PolicyStatement(...)` call (the match is its start).
    if (holds(starts, m.index)) totals.statementsModel++;
    else misses.push(`${relative(dir, file)}:${line(m.index)}: statement not in the model`);
  }
  for (const m of text.matchAll(LAUNCH)) {
    if (/^\s*(?:\/\/|\*)/.test(text.slice(text.lastIndexOf('\n', m.index) + 1, m.index))) continue;
    if (/new\s+(?:[\w$]+\.)*Instance\s*\(/.test(m[0]) && !/ec2\.Instance|\bInstance\(this/.test(text.slice(m.index, m.index + 40))) continue;
    totals.launch++;
    if (holds(specStarts, m.index)) totals.launchModel++;
    else misses.push(`${relative(dir, file)}:${line(m.index)}: launch construct not in the model: ${m[0]}`);
  }
}
console.log(JSON.stringify(totals));
for (const m of misses) console.log(m);
