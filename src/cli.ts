import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import ignore from 'ignore';
import { rules } from '../rules/index.js';
import { ConfigError, levelsForFile, parseRuleOverrides, type Config } from './engine/config.js';
import type { RunResult } from './engine/types.js';
import { findConfig, readConfig } from './node/config-file.js';
import { toPosix } from './node/discover.js';
import { runLint, toolVersion, UsageError } from './node/run-lint.js';
import { githubWorkflow, gitlab, json, junit, sarif, text } from './reporters/index.js';

export interface Io {
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readStdin: () => Promise<string>;
  /** The terminal's choice (see `colorFromEnv`); `--color`/`--no-color` override it. */
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
  -f, --format <name>              text (default), json, sarif, github (workflow commands),
                                   junit (XML), gitlab (Code Quality JSON)
  -o, --output <file>              write the report to a file instead of standard output
      --fail-on <level>            error | warning | note | none: lowest level that fails (default: error)
      --rule <id>=<level>          set a rule's level: off | note | warning | error (repeatable);
                                   tag:<tag>=<level> sets every rule with that tag
      --quiet                      report errors only (warnings and notes are counted, not listed)
      --max-warnings <n>           exit with status 1 when there are more than n warnings
  -c, --config <file>              configuration file (default: .iamlintrc.json/.yaml found upward)
      --stdin-filename <name>      file name for input read from '-' (decides JSON, YAML or code)
      --baseline <file>            findings recorded in this baseline are reported as suppressed
      --write-baseline <file>      record today's findings in <file>; they no longer fail this run
      --threads <n>                worker threads for large runs (default: cores - 1)
      --color, --no-color          force or turn off colour (default: on a terminal, unless
                                   NO_COLOR is set; FORCE_COLOR=1 forces it, FORCE_COLOR=0 turns it off)
      --print-config <file>        print the configuration that applies to <file> (JSON)
      --list-rules                 list the rules, their default levels and tags
  -v, --version                    print the version
  -h, --help                       print this help

Exit status: 0 no findings at or above --fail-on (and no more than --max-warnings warnings),
1 findings, 2 usage, configuration or internal error.
Docs: https://github.com/iamlint/iamlint#readme`;

function listRules(): string {
  const w = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(w)}  ${r.meta.level.padEnd(7)}  ${r.meta.summary}  (tags: ${r.meta.tags.join(', ')})`).join('\n');
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
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        'print-config': { type: 'string' },
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
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.stderr(`iamlint: --format must be ${FORMATS.join(', ')} (got '${format}')\n`);
    return 2;
  }
  let maxWarnings: number | undefined;
  if (o['max-warnings'] !== undefined) {
    maxWarnings = Number(o['max-warnings']);
    if (!/^\d+$/.test(o['max-warnings'])) {
      io.stderr(`iamlint: --max-warnings must be a non-negative integer (got '${o['max-warnings']}')\n`);
      return 2;
    }
  }
  if (o['print-config'] !== undefined) {
    try {
      io.stdout(`${JSON.stringify(await effectiveConfig(io.cwd, o['print-config'], o.config, o.rule ?? []), null, 2)}\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      io.stderr(`iamlint: ${e.message}\n`);
      return 2;
    }
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
  const shown = o.quiet && format !== 'text' ? errorsOnly(run) : run;
  const report = render(format as Format, shown, { color: color && !o.output, quiet: o.quiet === true });
  if (o.output) {
    writeFileSync(resolve(io.cwd, o.output), report.endsWith('\n') ? report : report + '\n');
    if (format !== 'text') io.stderr(text(run, { color: false }).split('\n').slice(-2).join('\n') + `\nReport written to ${o.output}\n`);
  } else {
    io.stdout(report.endsWith('\n') ? report : report + '\n');
  }
  for (const note of outcome.notes) io.stderr(`iamlint: ${note}\n`);
  if (maxWarnings !== undefined) {
    const warnings = run.files.reduce((n, f) => n + f.findings.filter((x) => !x.suppression && x.level === 'warning').length, 0);
    if (warnings > maxWarnings) {
      // ESLint's wording and exit status for --max-warnings.
      io.stderr(`iamlint: too many warnings (${warnings}; maximum: ${maxWarnings})\n`);
      return outcome.exitCode === 2 ? 2 : 1;
    }
  }
  return outcome.exitCode;
}

export const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
type Format = (typeof FORMATS)[number];

function render(format: Format, run: RunResult, opts: { color: boolean; quiet: boolean }): string {
  switch (format) {
    case 'json':
      return json(run);
    case 'sarif':
      return sarif(run);
    case 'github':
      return githubWorkflow(run, { token: crypto.randomUUID() });
    case 'junit':
      return junit(run);
    case 'gitlab':
      return gitlab(run);
    case 'text':
      return text(run, opts);
  }
}

/** `--quiet` for the machine formats: errors only (as ESLint's `--quiet`), suppressed ones included. */
function errorsOnly(run: RunResult): RunResult {
  return { ...run, files: run.files.map((f) => ({ ...f, findings: f.findings.filter((x) => x.level === 'error') })) };
}

/**
 * Colour, from the environment: `FORCE_COLOR` (as Node and chalk read it: set and not `0`/`false`
 * forces colour, `0`/`false` turns it off), then `NO_COLOR` (no-color.org: present and not empty),
 * then whether standard output is a terminal.
 */
export function colorFromEnv(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return isTTY;
}

/**
 * `--print-config <file>`: what applies to that file, after the config file (found from the working
 * directory upward, or `--config`), its overrides and the `--rule` options. JSON, every rule listed.
 */
export async function effectiveConfig(cwd: string, file: string, configOpt: string | undefined, ruleSpecs: readonly string[]): Promise<object> {
  const configPath = configOpt ? resolve(cwd, configOpt) : findConfig(cwd);
  const config: Config = configPath ? await readConfig(configPath, rules) : {};
  const configDir = configPath ? dirname(configPath) : cwd;
  const rel = toPosix(relative(configDir, resolve(cwd, file)));
  const levels = levelsForFile(config, rel, parseRuleOverrides(ruleSpecs, rules));
  const inside = rel !== '' && !rel.startsWith('../');
  return {
    file: toPosix(file),
    configFile: configPath ? toPosix(relative(cwd, configPath)) || configPath : null,
    // As discovery decides it (discover.ts): ignorePatterns are gitignore patterns relative to the config's directory.
    ignored:
      inside &&
      ignore()
        .add([...(config.ignorePatterns ?? [])])
        .ignores(rel),
    rules: Object.fromEntries(rules.map((r) => [r.id, levels.get(r.id) ?? r.meta.level])),
    ownAccounts: config.ownAccounts ?? [],
    ignorePatterns: config.ignorePatterns ?? [],
    failOn: config.failOn ?? 'error',
    maxFileSize: config.maxFileSize ?? null,
    imdsv2AccountDefault: config.imdsv2AccountDefault === true,
  };
}
