import { asList, get, isMap, isString } from '../model/node.js';
import type { LineIndex } from '../model/source.js';
import type { Template } from '../model/template.js';

export interface SuppressionDirective {
  readonly rules: readonly string[];
  readonly reason: string;
  /** YYYY-MM-DD after which the suppression no longer applies. */
  readonly until: string | undefined;
  /** The 1-based line the directive is written on. */
  readonly line: number;
  /** The line it applies to (comment form) — undefined for resource metadata. */
  readonly target: number | undefined;
  /** The resource it applies to (metadata form). */
  readonly resource: string | undefined;
  /** `eslint` for `eslint-disable-next-line iamlint/...`: in the editor ESLint itself applies those. */
  readonly source?: 'iamlint' | 'eslint';
}

const COMMENT = /(?:#|\/\/|\/\*)\s*iamlint-disable-next-line\b(.*)$/;
/** ESLint's own form for the plugin's rules (`iamlint/<rule-id>`), so the CLI agrees with the editor. */
const ESLINT_COMMENT = /(?:#|\/\/|\/\*)\s*eslint-disable-next-line\b(.*)$/;
const UNTIL = /\(until (\d{4}-\d{2}-\d{2})\)\s*$/;

function splitReason(rest: string): { rules: string[]; reason: string; until: string | undefined } {
  const i = rest.indexOf('--');
  const rulesPart = i < 0 ? rest : rest.slice(0, i);
  let reason =
    i < 0
      ? ''
      : rest
          .slice(i + 2)
          .replace(/\*\/\s*$/, '')
          .trim();
  let until: string | undefined;
  const m = UNTIL.exec(reason);
  if (m) {
    until = m[1];
    reason = reason.slice(0, m.index).trim();
  }
  const rules = rulesPart
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return { rules, reason, until };
}

/**
 * `# iamlint-disable-next-line <rule-id>[, <rule-id>] -- <reason> [(until YYYY-MM-DD)]` in YAML
 * (`//` in JSON with comments and TypeScript). It applies to the next line that is not blank or a comment.
 * In code, `// eslint-disable-next-line iamlint/<rule-id> -- <reason>` counts too (with the same need for a reason).
 */
export function commentDirectives(lines: LineIndex): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  if (!lines.text.includes('iamlint')) return out;
  for (let l = 1; l <= lines.lineCount; l++) {
    const text = lines.lineText(l);
    const m = COMMENT.exec(text);
    const e = m ? undefined : ESLINT_COMMENT.exec(text);
    if (!m && !e) continue;
    const { rules: named, reason, until } = splitReason((m ?? e)?.[1] ?? '');
    // Only the plugin's rules are ours; `eslint-disable-next-line no-console` is none of our business.
    const rules = e ? named.filter((r) => r.startsWith('iamlint/')).map((r) => r.slice('iamlint/'.length)) : named;
    if (e && rules.length === 0) continue;
    let target = l + 1;
    while (target <= lines.lineCount && /^\s*(#.*|\/\/.*)?$/.test(lines.lineText(target))) target++;
    out.push({ rules, reason, until, line: l, target, resource: undefined, source: e ? 'eslint' : 'iamlint' });
  }
  return out;
}

/** CloudFormation `Metadata: {iamlint: {ignore: [{rule, reason, until?}]}}` on a resource. */
export function metadataDirectives(t: Template, lines: LineIndex): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  for (const r of t.resources.values()) {
    const ignore = get(get(r.metadata, 'iamlint'), 'ignore');
    if (!ignore) continue;
    for (const item of asList(ignore)) {
      if (!isMap(item)) continue;
      const rule = get(item, 'rule');
      const reason = get(item, 'reason');
      const until = get(item, 'until');
      out.push({
        rules: isString(rule) ? [rule.value] : [],
        reason: isString(reason) ? reason.value.trim() : '',
        until: isString(until) ? until.value : undefined,
        line: lines.position(item.range.start).line,
        target: undefined,
        resource: r.id,
      });
    }
  }
  return out;
}
