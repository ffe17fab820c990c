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
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { rules as allRules } from '../rules/index.js';
import { ruleDocUrl } from './docs.js';
import { INVALID_INPUT, INVALID_SUPPRESSION, rangeOf, visitFile } from './engine/run.js';
import { commentDirectives } from './engine/suppressions.js';
import type { LoadedFile, Report, Rule, RuleContext, Settings } from './engine/types.js';
import { iamlintData, preloadedModel } from './eslint-language.js';
import { DATA_EXTENSIONS, loadText } from './loaders/load.js';
import { CODE_EXTENSIONS, codeFile, isCodeRelevant } from './loaders/typescript.js';
import { packageRoot } from './node/config-file.js';

/** The engine's own rules (unreadable input, malformed suppressions) are ESLint's business in the editor. */
const ENGINE_RULES = new Set([INVALID_INPUT, INVALID_SUPPRESSION]);
const pluginRules = allRules.filter((r) => !ENGINE_RULES.has(r.id));

/** Files the recommended config applies to. */
export const CODE_FILES = CODE_EXTENSIONS.map((e) => `**/*${e}`);
export const DATA_FILES = DATA_EXTENSIONS.map((e) => `**/*${e}`);

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

/** One model per file, shared by every iamlint rule ESLint runs on it (the key is ESLint's SourceCode object). */
const models = new WeakMap<object, LoadedFile | null>();

function modelFor(context: ESLintRule.RuleContext): LoadedFile | null {
  const sc = context.sourceCode;
  const cached = models.get(sc);
  if (cached !== undefined) return cached;
  const name = context.filename;
  const lower = name.toLowerCase();
  let file: LoadedFile | null = null;
  const pre = preloadedModel(sc.ast);
  if (pre !== undefined) file = pre;
  else if (DATA_EXTENSIONS.some((e) => lower.endsWith(e))) {
    const r = loadText(name, sc.text);
    file = r.status === 'parsed' ? r.file : null;
  } else if (isEstreeProgram(sc.ast)) {
    file = isCodeRelevant(sc.text) ? codeFile(name, sc.text, sc.ast) : null;
  }
  models.set(sc, file);
  return file;
}

function settingsOf(context: ESLintRule.RuleContext): Settings {
  // The CLI's configuration keys, under `settings.iamlint` in the ESLint config.
  const s = (context.settings as { iamlint?: { ownAccounts?: unknown; imdsv2AccountDefault?: unknown } } | undefined)?.iamlint;
  const own = Array.isArray(s?.ownAccounts) ? s.ownAccounts.filter((a): a is string => typeof a === 'string') : [];
  return { ownAccounts: own, today: new Date().toISOString().slice(0, 10), ...(s?.imdsv2AccountDefault === true ? { imdsv2AccountDefault: true } : {}) };
}

function run(rule: Rule, context: ESLintRule.RuleContext): void {
  const file = modelFor(context);
  if (!file) return;
  const settings = settingsOf(context);
  const reports: Report<string>[] = [];
  const ctx: RuleContext<string> = { file, settings, options: {}, report: (r) => reports.push(r) };
  visitFile(rule, file, ctx);
  if (reports.length === 0) return;
  // `iamlint-disable-next-line` comments mean the same in the editor as in the CLI; eslint-disable works as usual.
  const targets = new Set(
    commentDirectives(file.lines)
      .filter((d) => d.source !== 'eslint' && d.reason && d.rules.includes(rule.id) && !(d.until && d.until < settings.today))
      .map((d) => d.target),
  );
  const sc = context.sourceCode;
  const seen = new Set<string>();
  for (const r of reports) {
    const range = rangeOf(r.at);
    if (targets.has(file.lines.position(range.start).line)) continue;
    const data = Object.fromEntries(Object.entries(r.data ?? {}).map(([k, v]) => [k, String(v)]));
    const key = `${r.messageId}\u0000${range.start}:${range.end}\u0000${JSON.stringify(data)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const suggest = r.suggest?.map((s) => ({
      desc: s.desc,
      fix: (fixer: ESLintRule.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange([e.range.start, e.range.end], e.text)),
    }));
    context.report({
      loc: { start: sc.getLocFromIndex(range.start), end: sc.getLocFromIndex(range.end) },
      messageId: r.messageId,
      data,
      ...(suggest ? { suggest } : {}),
    });
  }
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
      return { [`${root}:exit`]: () => run(rule, context) };
    },
  };
}

const recommendedRules: Linter.RulesRecord = Object.fromEntries(
  pluginRules.filter((r) => r.meta.recommended).map((r) => [`iamlint/${r.id}`, r.meta.level === 'error' ? 'error' : 'warn']),
);

const plugin = {
  meta: { name: 'iamlint', version: version(), namespace: 'iamlint' },
  rules: Object.fromEntries(pluginRules.map((r) => [r.id, eslintRule(r)])) as Record<string, ESLintRule.RuleModule>,
  languages: { data: iamlintData },
  configs: {} as Record<'recommended' | 'data', Linter.Config>,
} satisfies ESLint.Plugin;

plugin.configs.recommended = { name: 'iamlint/recommended', files: CODE_FILES, plugins: { iamlint: plugin }, rules: recommendedRules };
/** JSON and YAML policies, templates and launch-template data, read by iamlint's own loader. */
plugin.configs.data = { name: 'iamlint/data', files: DATA_FILES, plugins: { iamlint: plugin }, language: 'iamlint/data', rules: recommendedRules };

export default plugin;
