import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rules } from '../rules/index.js';
import { runLint, toolVersion, UsageError } from './node/run-lint.js';
import { json, sarif, text } from './reporters/index.js';

export interface Io {
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly color: boolean;
  /** Today's date (YYYY-MM-DD); injectable for tests. */
  readonly today?: string;
}

const HELP = `Usage: iamlint [options] [paths...]

Checks AWS IAM policies, CloudFormation templates and CDK / AWS SDK code (TypeScript, JavaScript)
offline: iam:PassRole scope and iam:PassedToService, role trust policies (wildcards, cross-account,
OIDC), hard-coded credentials.

Paths are files, directories (recursive, honouring .gitignore, skipping node_modules and .git)
or globs; '-' reads standard input (name it with --stdin-filename). Default: the current directory.

Options:
  -f, --format <text|json|sarif>   output format (default: text)
  -o, --output <file>              write the report to a file instead of standard output
      --fail-on <level>            error | warning | note | none: lowest level that fails (default: error)
      --rule <id>=<level>          set a rule's level: off | note | warning | error (repeatable)
  -c, --config <file>              configuration file (default: .iamlintrc.json/.yaml found upward)
      --stdin-filename <name>      file name for input read from '-' (decides JSON, YAML or code)
      --baseline <file>            findings recorded in this baseline are reported as suppressed
      --write-baseline <file>      record today's findings in <file>; they no longer fail this run
      --threads <n>                worker threads for large runs (default: cores - 1)
      --no-color                   plain text output
      --list-rules                 list the rules and their default levels
  -v, --version                    print the version
  -h, --help                       print this help

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage, configuration or internal error.
Docs: https://github.com/iamlint/iamlint#readme`;

function listRules(): string {
  const w = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(w)}  ${r.meta.level.padEnd(7)}  ${r.meta.summary}`).join('\n');
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        rule: { type: 'string', multiple: true, default: [] },
        config: { type: 'string', short: 'c' },
        'stdin-filename': { type: 'string' },
        threads: { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'list-rules': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`iamlint: ${(e as Error).message}\nRun 'iamlint --help' for usage.\n`);
    return 2;
  }
  const o = args.values;
  if (o.help) {
    io.stdout(HELP + '\n');
    return 0;
  }
  if (o.version) {
    io.stdout(toolVersion() + '\n');
    return 0;
  }
  if (o['list-rules']) {
    io.stdout(listRules() + '\n');
    return 0;
  }
  const format = o.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`iamlint: --format must be text, json or sarif (got '${format}')\n`);
    return 2;
  }
  let outcome;
  try {
    outcome = await runLint({
      cwd: io.cwd,
      paths: args.positionals,
      config: o.config,
      ruleSpecs: o.rule ?? [],
      failOn: o['fail-on'],
      threads: o.threads !== undefined ? Number(o.threads) : undefined,
      baseline: o.baseline,
      writeBaseline: o['write-baseline'],
      stdin: { name: o['stdin-filename'], read: io.readStdin },
      today: io.today ?? new Date().toISOString().slice(0, 10),
    });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(
        e.message
          .split('\n')
          .map((l) => (/^\s/.test(l) ? `${l}\n` : `iamlint: ${l}\n`))
          .join(''),
      );
      return 2;
    }
    throw e;
  }
  const { run } = outcome;
  const color = o['no-color'] ? false : (o.color ?? io.color);
  const report = format === 'sarif' ? sarif(run) : format === 'json' ? json(run) : text(run, { color: color && !o.output });
  if (o.output) {
    writeFileSync(resolve(io.cwd, o.output), report.endsWith('\n') ? report : report + '\n');
    if (format !== 'text') io.stderr(text(run, { color: false }).split('\n').slice(-2).join('\n') + `\nReport written to ${o.output}\n`);
  } else {
    io.stdout(report.endsWith('\n') ? report : report + '\n');
  }
  for (const note of outcome.notes) io.stderr(`iamlint: ${note}\n`);
  return outcome.exitCode;
}
