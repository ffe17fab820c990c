import type { Rule } from './engine/types.js';

/** Where each rule's page is published; SARIF `helpUri` and the README table point here. */
export const DOCS_BASE = 'https://github.com/iamlint/iamlint/blob/main/docs/rules/';

export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** The page's path inside the repository. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** GitHub code scanning's bands for `security-severity`. */
export function severityBand(score: number): 'critical' | 'high' | 'medium' | 'low' | 'none' {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

/** Message templates are plain sentences; escape what Markdown would read as emphasis, links or HTML. */
function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

function bullets(items: readonly string[]): string {
  return items.length ? items.map((i) => `- ${i}`).join('\n') : '_Nothing._';
}

/** The rule's documentation page, generated from its metadata (the single source). */
export function ruleDoc(rule: Rule): string {
  const m = rule.meta;
  const messages = Object.entries<string>(rule.messages).map(([id, text]) => `- \`${id}\`: ${escapeMarkdown(text)}`);
  return [
    `# ${rule.id}`,
    m.summary,
    [
      `- Default level: \`${m.level}\``,
      `- Security severity: ${m.securitySeverity.toFixed(1)} (${severityBand(m.securitySeverity)})`,
      `- Tags: ${m.tags.map((t) => `\`${t}\``).join(', ')}`,
      `- Recommended: ${m.recommended ? 'yes' : 'no'}`,
    ].join('\n'),
    '## Why',
    m.why,
    '## What is flagged',
    bullets(m.flagged),
    '## What is not flagged',
    bullets(m.notFlagged),
    '## How to fix',
    m.fix,
    '## Messages',
    messages.join('\n'),
    '## References',
    bullets(m.references.map((r) => `<${r}>`)),
  ]
    .map((s) => s.trim())
    .join('\n\n')
    .concat('\n');
}

function tableCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The README's rule table: one row per rule, linking to its page. */
export function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map((r) => `| [${r.id}](${ruleDocPath(r.id)}) | ${r.meta.level} | ${tableCell(r.meta.summary)} |`);
  return ['| Rule | Level | Summary |', '| ---- | ----- | ------- |', ...rows].join('\n').concat('\n');
}

export const README_START = '<!-- rules:start -->';
export const README_END = '<!-- rules:end -->';

/** The README with the generated table between the markers; undefined when the markers are missing or out of order. */
export function replaceRulesSection(readme: string, rules: readonly Rule[]): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  const body = `\n${rulesTable(rules)}`;
  return readme.slice(0, start + README_START.length) + body + readme.slice(end);
}
