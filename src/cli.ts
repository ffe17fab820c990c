import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rules } from '../rules/index.js';
import { ConfigError, parseRuleOverrides, type Config } from './engine/config.js';
import { lintText, type LintOptions } from './engine/run.js';
import { levelRank, type FileResult, type LevelSetting, type RunResult } from './engine/types.js';
import { findConfig, packageRoot, readConfig } from './node/config-file.js';
import { discover, toPosix } from './node/discover.js';
import { lintFiles } from './node/lint-files.js';
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

Checks AWS IAM policies and CloudFormation templates offline: iam:PassRole scope and
iam:PassedToService, role trust policies (wildcards, cross-account, OIDC), hard-coded credentials.

Paths are files, directories (recursive, honouring .gitignore, skipping node_modules and .git)
or globs; '-' reads standard input (name it with --stdin-filename). Default: the current directory.

Options:
  -f, --format <text|json|sarif>   output format (default: text)
  -o, --output <file>              write the report to a file instead of standard output
      --fail-on <level>            error | warning | note | none: lowest level that fails (default: error)
      --rule <id>=<level>          set a rule's level: off | note | warning | error (repeatable)
  -c, --config <file>              configuration file (default: .iamlintrc.json/.yaml found upward)
      --stdin-filename <name>      file name for input read from '-' (decides JSON or YAML)
      --threads <n>                worker threads for large runs (default: number of cores)
      --no-color                   plain text output
      --list-rules                 list the rules and their default levels
  -v, --version                    print the version
  -h, --help                       print this help

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage, configuration or internal error.
Docs: https://github.com/iamlint/iamlint#readme`;

function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

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
    io.stdout(version() + '\n');
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
  let config: Config = {};
  let configDir = io.cwd;
  let levels: Map<string, LevelSetting>;
  try {
    const configPath = o.config ? resolve(io.cwd, o.config) : findConfig(io.cwd);
    if (configPath) {
      config = readConfig(configPath, rules);
      configDir = resolve(configPath, '..');
    }
    levels = new Map(Object.entries(config.rules ?? {}));
    for (const [k, v] of parseRuleOverrides(o.rule ?? [], rules)) levels.set(k, v);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`iamlint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const failOn = o['fail-on'] ?? config.failOn ?? 'error';
  if (!['error', 'warning', 'note', 'none'].includes(failOn)) {
    io.stderr(`iamlint: --fail-on must be error, warning, note or none (got '${failOn}')\n`);
    return 2;
  }
  const threads = o.threads !== undefined ? Number(o.threads) : undefined;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    io.stderr(`iamlint: --threads must be a positive integer\n`);
    return 2;
  }
  const opts: LintOptions = {
    rules,
    levels,
    ruleOptions: new Map(),
    settings: { ownAccounts: config.ownAccounts ?? [], today: io.today ?? new Date().toISOString().slice(0, 10) },
    ...(config.maxFileSize !== undefined ? { maxFileSize: config.maxFileSize } : {}),
  };

  const paths = args.positionals.length ? args.positionals : ['.'];
  const results: FileResult[] = [];
  if (paths.includes('-')) {
    const name = o['stdin-filename'] ?? 'stdin.yaml';
    results.push(lintText(toPosix(name), await io.readStdin(), opts));
  }
  const fsPaths = paths.filter((p) => p !== '-');
  if (fsPaths.length) {
    const found = discover(fsPaths, io.cwd, config.ignorePatterns ?? [], configDir);
    if (found.missing.length) {
      io.stderr(found.missing.map((m) => `iamlint: no such file or directory: ${m}\n`).join(''));
      return 2;
    }
    const refs = found.files.map((abs) => ({ abs, rel: toPosix(relative(io.cwd, abs)) || abs }));
    results.push(...(await lintFiles(refs, opts, threads)));
  }

  const run: RunResult = { files: results, rules, levels, tool: { name: 'iamlint', version: version(), informationUri: 'https://github.com/iamlint/iamlint' } };
  const color = o['no-color'] ? false : (o.color ?? io.color);
  const report = format === 'sarif' ? sarif(run) : format === 'json' ? json(run) : text(run, { color: color && !o.output });
  if (o.output) {
    writeFileSync(resolve(io.cwd, o.output), report.endsWith('\n') ? report : report + '\n');
    if (format !== 'text') io.stderr(text(run, { color: false }).split('\n').slice(-2).join('\n') + `\nReport written to ${o.output}\n`);
  } else {
    io.stdout(report.endsWith('\n') ? report : report + '\n');
  }
  const internal = results.some((r) => r.kind === 'internal');
  if (internal) {
    for (const r of results) if (r.kind === 'internal') for (const n of r.notifications) io.stderr(`iamlint: ${n.file}: ${n.message}\n`);
    return 2;
  }
  if (failOn === 'none') return 0;
  const threshold = levelRank(failOn as LevelSetting);
  const failing = results.some((r) => r.findings.some((f) => !f.suppression && levelRank(f.level) >= threshold));
  return failing ? 1 : 0;
}
