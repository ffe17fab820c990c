/**
 * iamlint as an ESLint plugin (flat config, ESLint 9 and 10): the same rules, run on the same model
 * as the CLI, with the same rule ids, messages and documentation links.
 *
 * ```js
 * // eslint.config.js
 * import tseslint from 'typescript-eslint';
 * import iamlint from 'iamlint/eslint-plugin';
 * export default [{ files: ['**\/*.ts'], languageOptions: { parser: tseslint.parser } }, iamlint.configs.recommended];
 * ```
 *
 * For code, the plugin reads ESLint's own AST (from typescript-eslint's parser or espree), so the editor
 * parses each file once and no type information is needed. JSON and YAML policies and templates are
 * read through the `iamlint/data` language (see eslint-language.ts). Findings carry suggestions where
 * a safe edit exists (deleting hard-coded credentials); IAM is never changed automatically.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ESLint, Linter, Rule as ESLintRule } from 'eslint';
import type { TSESTree } from '@typescript-eslint/types';
import { rules as allRules } from '../rules/index.js';
import { ruleDocUrl } from './docs.js';
import { INVALID_INPUT, rangeOf, visitFile } from './engine/run.js';
import { INVALID_SUPPRESSION, resolveSuppressions, type SuppressionCandidate, type SuppressionOutcome } from './engine/suppressions.js';
import type { LoadedFile, Report, Rule, RuleContext, Settings } from './engine/types.js';
import { redactCredentials } from './model/credentials.js';
import { iamlintCode, iamlintData, preloadedModel } from './eslint-language.js';
import { DATA_EXTENSIONS, loadText } from './loaders/load.js';
import { CODE_EXTENSIONS, codeFile, isCodeRelevant } from './loaders/typescript.js';
import { packageRoot } from './node/config-file.js';

/**
 * Unreadable input is ESLint's business in the editor (a parse error); `invalid-suppression` is a
 * plugin rule like the others, so a broken or unused suppression shows in the editor as in the CLI.
 */
const pluginRules = allRules.filter((r) => r.id !== INVALID_INPUT);
const checkRules = pluginRules.filter((r) => r.id !== INVALID_SUPPRESSION);

/** Files the recommended config applies to. */
export const CODE_FILES = CODE_EXTENSIONS.map((e) => `**/*${e}`);
export const DATA_FILES = DATA_EXTENSIONS.map((e) => `**/*${e}`);
export const TS_FILES = ['.ts', '.tsx', '.mts', '.cts'].map((e) => `**/*${e}`);

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** `{kind}` → `{{kind}}`: the same template, in ESLint's placeholder syntax, so both tools print the same text. */
export function eslintMessage(template: string): string {
  return template.replace(/\{(\w+)\}/g, '{{$1}}');
}

function isEstreeProgram(ast: unknown): ast is TSESTree.Program {
  const a = ast as { type?: unknown; body?: unknown; range?: unknown } | null;
  return !!a && a.type === 'Program' && Array.isArray(a.body) && Array.isArray(a.range);
}

/**
 * The loaded model of the file ESLint is linting: the data language's own load, or the code loader
 * over ESLint's AST (the parser the user configured), behind this one function.
 */
function modelFor(context: ESLintRule.RuleContext): LoadedFile | null {
  const sc = context.sourceCode;
  const name = context.filename;
  const lower = name.toLowerCase();
  const pre = preloadedModel(sc.ast);
  if (pre !== undefined) return pre;
  if (DATA_EXTENSIONS.some((e) => lower.endsWith(e))) {
    const r = loadText(name, sc.text);
    return r.status === 'parsed' ? r.file : null;
  }
  if (isEstreeProgram(sc.ast)) return isCodeRelevant(sc.text) ? codeFile(name, sc.text, sc.ast) : null;
  return null;
}

function settingsOf(context: ESLintRule.RuleContext): Settings {
  // The CLI's configuration keys, under `settings.iamlint` in the ESLint config.
  const s = (context.settings as { iamlint?: { ownAccounts?: unknown; imdsv2AccountDefault?: unknown } } | undefined)?.iamlint;
  const own = Array.isArray(s?.ownAccounts) ? s.ownAccounts.filter((a): a is string => typeof a === 'string') : [];
  return { ownAccounts: own, today: new Date().toISOString().slice(0, 10), ...(s?.imdsv2AccountDefault === true ? { imdsv2AccountDefault: true } : {}) };
}

interface PluginReport {
  readonly ruleId: string;
  readonly report: Report<string>;
  readonly data: Record<string, string>;
}

/** Every rule's reports on one file and the engine's suppression outcome for them. */
export interface PluginRun {
  readonly file: LoadedFile;
  readonly reports: readonly PluginReport[];
  readonly outcome: SuppressionOutcome;
}

/** One run per file, shared by every iamlint rule ESLint runs on it (the key is ESLint's SourceCode object). */
const runs = new WeakMap<object, PluginRun | null>();

/** The plugin's run on a file ESLint has linted (tests compare it with the CLI's), if any. */
export function pluginRunFor(sourceCode: object): PluginRun | null | undefined {
  return runs.get(sourceCode);
}

function interpolate(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(data, k) ? (data[k] ?? m) : m));
}

/**
 * All of iamlint's rules, run once per file, then the engine's one suppression pass
 * (`resolveSuppressions`, as in the CLI): comments, CloudFormation and peers' metadata, expiry,
 * unused directives. ESLint's own `eslint-disable` comments are left to ESLint.
 */
function runFor(context: ESLintRule.RuleContext): PluginRun | null {
  const sc = context.sourceCode;
  const cached = runs.get(sc);
  if (cached !== undefined) return cached;
  const file = modelFor(context);
  if (!file) {
    runs.set(sc, null);
    return null;
  }
  const settings = settingsOf(context);
  const reports: PluginReport[] = [];
  const seen = new Set<string>();
  for (const rule of checkRules) {
    const ctx: RuleContext<string> = {
      file,
      settings,
      options: {},
      report: (r) => {
        // ESLint fills the placeholders itself: mask credentials in the values, as the engine does in its messages.
        const data = Object.fromEntries(Object.entries(r.data ?? {}).map(([k, v]) => [k, redactCredentials(String(v))]));
        // The CLI's dedup: the same rule, message and start once.
        const key = `${rule.id}\u0000${r.messageId}\u0000${rangeOf(r.at).start}\u0000${interpolate(rule.messages[r.messageId] ?? r.messageId, data)}`;
        if (seen.has(key)) return;
        seen.add(key);
        reports.push({ ruleId: rule.id, report: r, data });
      },
    };
    visitFile(rule, file, ctx);
  }
  const candidates: SuppressionCandidate[] = reports.map((p) => {
    const start = rangeOf(p.report.at).start;
    return { ruleId: p.ruleId, messageId: p.report.messageId, start, line: file.lines.position(start).line };
  });
  const outcome = resolveSuppressions(file, candidates, { rules: allRules, levels: new Map(), settings, eslintComments: 'leave' });
  const run: PluginRun = { file, reports, outcome };
  runs.set(sc, run);
  return run;
}

function report(rule: Rule, context: ESLintRule.RuleContext): void {
  const run = runFor(context);
  if (!run) return;
  const sc = context.sourceCode;
  const loc = (start: number, end: number) => ({ start: sc.getLocFromIndex(start), end: sc.getLocFromIndex(end) });
  if (rule.id === INVALID_SUPPRESSION) {
    for (const p of run.outcome.problems) context.report({ loc: loc(p.range.start, p.range.end), messageId: p.messageId, data: { ...p.data } });
    return;
  }
  run.reports.forEach((p, i) => {
    if (p.ruleId !== rule.id || run.outcome.suppressions[i]) return;
    const range = rangeOf(p.report.at);
    const suggest = p.report.suggest?.map((s) => ({
      desc: s.desc,
      fix: (fixer: ESLintRule.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange([e.range.start, e.range.end], e.text)),
    }));
    context.report({ loc: loc(range.start, range.end), messageId: p.report.messageId, data: p.data, ...(suggest ? { suggest } : {}) });
  });
}

/** An iamlint rule as an ESLint rule: metadata from the rule's metadata, the work from the shared engine. */
export function eslintRule(rule: Rule): ESLintRule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description: rule.meta.summary, url: ruleDocUrl(rule.id), recommended: rule.meta.recommended },
      messages: Object.fromEntries(Object.entries<string>(rule.messages).map(([id, t]) => [id, eslintMessage(t)])),
      schema: [],
      hasSuggestions: true,
    },
    create(context) {
      // Whatever the language (JavaScript's Program, the data language's Document), work once at the end of the root.
      const root = (context.sourceCode.ast as { type?: string }).type ?? 'Program';
      return { [`${root}:exit`]: () => report(rule, context) };
    },
  };
}

const recommendedRules: Linter.RulesRecord = Object.fromEntries(
  pluginRules.filter((r) => r.meta.recommended).map((r) => [`iamlint/${r.id}`, r.meta.level === 'error' ? 'error' : 'warn']),
);

const plugin = {
  meta: { name: 'iamlint', version: version(), namespace: 'iamlint' },
  rules: Object.fromEntries(pluginRules.map((r) => [r.id, eslintRule(r)])) as Record<string, ESLintRule.RuleModule>,
  languages: { data: iamlintData, code: iamlintCode },
  configs: {} as Record<'recommended' | 'data' | 'code', Linter.Config>,
} satisfies ESLint.Plugin;

plugin.configs.recommended = { name: 'iamlint/recommended', files: CODE_FILES, plugins: { iamlint: plugin }, rules: recommendedRules };
/** JSON and YAML policies, templates and launch-template data, read by iamlint's own loader. */
plugin.configs.data = { name: 'iamlint/data', files: DATA_FILES, plugins: { iamlint: plugin }, language: 'iamlint/data', rules: recommendedRules };
/**
 * TypeScript files read by iamlint's own parser (oxc), for projects with no ESLint parser for
 * TypeScript: typescript-eslint does not install beside TypeScript 7. Only iamlint's rules run on
 * these files (ESLint's JavaScript rules need a JavaScript AST); `.js` files keep ESLint's parser.
 */
plugin.configs.code = { name: 'iamlint/code', files: TS_FILES, plugins: { iamlint: plugin }, language: 'iamlint/code', rules: recommendedRules };

export default plugin;
