import ignore from 'ignore';
import { asList, get, isMap, isSeq, isString, type SNode } from '../model/node.js';
import type { Range } from '../model/source.js';
import { hclSyntax, type HclTree, type HNode } from '../loaders/terraform/hcl.js';
import { redactCredentials } from '../model/credentials.js';
import { fingerprint } from './fingerprint.js';
import { peerMapping, type PeerTarget, type PeerTool } from './peer-ids.js';
import type { Finding, LevelSetting, LoadedFile, Rule, Settings, Suppression } from './types.js';

/**
 * Suppressions, applied once for every front end (the CLI, the Action and the ESLint adapter):
 *
 * - `# iamlint-disable-next-line <rule-id>[, <rule-id>] -- <reason> [(until YYYY-MM-DD)]` in a
 *   comment (`//` or `/* *\/` in JSON with comments and code). It covers the element that starts on
 *   the next line that is not blank or a comment: the smallest policy statement or template resource
 *   starting there, else that line. A directive without a reason, or past its date, is reported
 *   (`invalid-suppression`) and does not suppress.
 * - `// eslint-disable-next-line iamlint/<rule-id>`: ESLint's own form, with ESLint's meaning (the
 *   next line only; a reason is asked for but not required), so the CLI agrees with the editor.
 * - CloudFormation `Metadata: {iamlint: {ignore: [{rule, reason, until?}]}}`: the whole resource.
 * - Peers' metadata (cfn_nag, checkov, cfn-lint) through the id table in peer-ids.ts.
 * - Peers' comments in Terraform (`#checkov:skip=<id>:<reason>`, `#tfsec:ignore:<id>`, `#trivy:ignore:<id>`),
 *   through the same table, attached where each peer attaches them (`terraformDirectives`).
 *
 * Directives count only in comments (never in a string value), and a directive that suppresses
 * nothing is reported as `unused`, as ESLint's `--report-unused-disable-directives` does.
 * Matching is indexed (by rule and offset, by rule and line): no directive × finding product.
 */

export const INVALID_SUPPRESSION = 'invalid-suppression';
const ENGINE_RULES = new Set(['invalid-input', INVALID_SUPPRESSION]);

type Origin = 'iamlint' | 'eslint' | 'metadata' | 'peer';

/** Where a directive applies. */
type Scope =
  | { readonly kind: 'element'; readonly start: number; readonly end: number; readonly line: number }
  | { readonly kind: 'line'; readonly line: number }
  /** A resource's range; `logical`: also the findings reported on that resource wherever they sit (a Terraform trust policy in a data source). */
  | { readonly kind: 'resource'; readonly id: string; readonly start: number; readonly end: number; readonly logical?: string }
  /** Several ranges and lines (tfsec and trivy: what starts on the comment's line or the next). */
  | { readonly kind: 'spans'; readonly spans: readonly Range[]; readonly lines: readonly number[] };

export interface SuppressionDirective {
  readonly origin: Origin;
  readonly targets: readonly PeerTarget[];
  /** Rule ids as written (a peer's own id for peers), for messages. */
  readonly named: readonly string[];
  readonly reason: string;
  /** YYYY-MM-DD after which the suppression no longer applies. */
  readonly until: string | undefined;
  /** The comment or metadata entry. */
  readonly range: Range;
  /** 1-based line of `range.start`. */
  readonly line: number;
  readonly scope: Scope;
  /** The resource of a metadata directive. */
  readonly resource: string | undefined;
  /** For peers: the tool, its id, and the tool's name as written (`tfsec` for trivy's list) when it differs. */
  readonly peer?: { readonly tool: PeerTool; readonly id: string; readonly name?: string };
  /** For peers: the first day the suppression no longer applies (tfsec's and trivy's `:exp:`). */
  readonly expires?: string;
}

/** What the matcher needs of a finding: the CLI passes its findings, the ESLint adapter its reports. */
export interface SuppressionCandidate {
  readonly ruleId: string;
  readonly messageId: string;
  /** Offset of the finding's start in the file's text. */
  readonly start: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** The logical resource the finding is reported on, when the front end knows it. */
  readonly resource?: string | undefined;
  /** Its logical path in the resource (`Properties.UserData`), when the front end knows it. */
  readonly path?: string | undefined;
}

/** A directive that does not do what its author meant: an `invalid-suppression` message. */
export interface SuppressionProblem {
  readonly messageId: 'noRule' | 'unknownRule' | 'noReason' | 'expired' | 'unused' | 'eslintNoReason';
  readonly data: Readonly<Record<string, string>>;
  readonly range: Range;
  readonly resource: string | undefined;
}

export interface SuppressionOptions {
  /** The rules of the run: a directive naming another id is reported as unknown. */
  readonly rules: readonly Rule[];
  /** Effective levels (config over defaults): a directive for a rule that is off is not "unused". */
  readonly levels: ReadonlyMap<string, LevelSetting>;
  readonly settings: Pick<Settings, 'today'>;
  /** `leave` in the ESLint adapter: there ESLint itself applies `eslint-disable` comments. */
  readonly eslintComments?: 'apply' | 'leave';
}

export interface SuppressionOutcome {
  /** Per candidate (same order): the suppression that applies, if any. */
  readonly suppressions: readonly (Suppression | undefined)[];
  readonly problems: readonly SuppressionProblem[];
  /** Work done, for tests that check the matching stays linear. */
  readonly work: number;
}

const UNTIL_PREFIX = '(until ';

/**
 * The comments of a file. A `.tf` file's come from the HCL parser it was loaded with (its strings,
 * templates and heredocs are never comments; a scanner for another syntax would misread them).
 */
function fileComments(file: LoadedFile): Comment[] {
  const tree = hclSyntax(file);
  if (tree?.comments) return hclComments(file.text, tree);
  return scanComments(file.text, commentSyntax(file));
}

/** Comment text between its markers: `#`, `//` to the end of the line, `/*` to `*\/`. */
function hclComments(text: string, tree: HclTree): Comment[] {
  return (tree.comments ?? []).map((range) => {
    const open = text.startsWith('#', range.start) ? 1 : 2;
    const block = text.startsWith('/*', range.start);
    const end = block && range.end - range.start >= 4 && text.startsWith('*/', range.end - 2) ? range.end - 2 : range.end;
    return { range, body: text.slice(range.start + open, end) };
  });
}

function commentSyntax(file: LoadedFile): CommentSyntax {
  return file.format === 'yaml' ? 'yaml' : file.format === 'json' ? 'json' : 'code';
}

/** Splits `rules -- reason (until D)`; the reason starts at the first `--` that follows white space. */
function splitDirective(rest: string): { rules: string[]; reason: string; until: string | undefined } {
  let cut = -1;
  for (let i = rest.indexOf('--'); i >= 0; i = rest.indexOf('--', i + 1)) {
    if (i === 0 || rest[i - 1] === ' ' || rest[i - 1] === '\t') {
      cut = i;
      break;
    }
  }
  const rulesPart = cut < 0 ? rest : rest.slice(0, cut);
  let reason = cut < 0 ? '' : rest.slice(cut).replace(/^-+/, '').trim();
  let until: string | undefined;
  const u = reason.lastIndexOf(UNTIL_PREFIX);
  if (u >= 0 && reason.endsWith(')')) {
    const date = reason.slice(u + UNTIL_PREFIX.length, -1).trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      until = date;
      reason = reason.slice(0, u).trim();
    }
  }
  const rules = rulesPart
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return { rules, reason, until };
}

/** Offsets of the file's statements and resources by the line they start on (the smallest wins). */
function elementsByLine(file: LoadedFile): Map<number, { start: number; end: number }> {
  const out = new Map<number, { start: number; end: number }>();
  const add = (start: number, end: number) => {
    const line = file.lines.position(start).line;
    const cur = out.get(line);
    if (!cur || end - start < cur.end - cur.start) out.set(line, { start, end });
  };
  for (const doc of file.policies) for (const st of doc.statements) add(st.node.range.start, st.node.range.end);
  if (file.template) for (const r of file.template.resources.values()) add(r.keyNode.range.start, r.node.range.end);
  return out;
}

const DIRECTIVE_WORDS = ['iamlint-disable-next-line', 'eslint-disable-next-line'] as const;

/** Directives written in comments. */
export function commentDirectives(file: LoadedFile): SuppressionDirective[] {
  const text = file.text;
  if (!text.includes('disable-next-line')) return [];
  const comments = fileComments(file);
  const found: { c: Comment; word: (typeof DIRECTIVE_WORDS)[number]; rest: string }[] = [];
  for (const c of comments) {
    const body = c.body.trimStart();
    for (const word of DIRECTIVE_WORDS) {
      if (!body.startsWith(word)) continue;
      const rest = body.slice(word.length);
      // `iamlint-disable-next-lines` is not the directive.
      if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') continue;
      found.push({ c, word, rest });
    }
  }
  if (found.length === 0) return [];
  const lines = file.lines;
  // Lines that hold only comments (or nothing): a directive looks past them for its element.
  const commentOnly = new Set<number>();
  for (const c of comments) {
    // Only white space between the line's start and the comment, and between the comment and the line's end
    // (scanned from the comment outwards, so a long line with many comments is not read once per comment).
    let b = c.range.start - 1;
    while (b >= 0 && (text[b] === ' ' || text[b] === '\t')) b--;
    let a = c.range.end;
    while (a < text.length && (text[a] === ' ' || text[a] === '\t')) a++;
    const alone = (b < 0 || text[b] === '\n' || text[b] === '\r') && (a >= text.length || text[a] === '\n' || text[a] === '\r');
    if (!alone) continue;
    const last = lines.position(c.range.end).line;
    for (let l = lines.position(c.range.start).line; l <= last; l++) commentOnly.add(l);
  }
  const nextCode = new Map<number, number>();
  const codeLineAfter = (line: number): number => {
    const cached = nextCode.get(line);
    if (cached !== undefined) return cached;
    let l = line + 1;
    const walked: number[] = [];
    while (l <= lines.lineCount && (commentOnly.has(l) || lines.lineText(l).trim() === '')) {
      const known = nextCode.get(l);
      if (known !== undefined) {
        l = known;
        break;
      }
      walked.push(l);
      l++;
    }
    // Every line walked over leads to the same code line: later directives do not walk it again.
    for (const w of walked) nextCode.set(w, l);
    nextCode.set(line, l);
    return l;
  };
  const elements = elementsByLine(file);
  const out: SuppressionDirective[] = [];
  for (const { c, word, rest } of found) {
    const endLine = lines.position(c.range.end).line;
    const line = lines.position(c.range.start).line;
    if (word === 'eslint-disable-next-line') {
      // ESLint: a comma-separated list of rules, `--` (two or more dashes between spaces) before the description.
      const m = /\s-{2,}\s/.exec(` ${rest} `);
      const list = m ? ` ${rest} `.slice(0, m.index) : rest;
      const reason = m ? ` ${rest} `.slice(m.index + m[0].length).trim() : '';
      const named = list
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.startsWith('iamlint/'))
        .map((s) => s.slice('iamlint/'.length));
      // Only the plugin's rules are ours; `eslint-disable-next-line no-console` is none of our business.
      if (named.length === 0) continue;
      out.push({
        origin: 'eslint',
        targets: named.map((rule) => ({ rule })),
        named,
        reason,
        until: undefined,
        range: c.range,
        line,
        scope: { kind: 'line', line: endLine + 1 },
        resource: undefined,
      });
      continue;
    }
    const { rules, reason, until } = splitDirective(rest);
    const target = codeLineAfter(endLine);
    const el = elements.get(target);
    out.push({
      origin: 'iamlint',
      targets: rules.map((rule) => ({ rule })),
      named: rules,
      reason,
      until,
      range: c.range,
      line,
      scope: el ? { kind: 'element', start: el.start, end: el.end, line: target } : { kind: 'line', line: target },
      resource: undefined,
    });
  }
  return out;
}

function str(n: SNode | undefined): string | undefined {
  return isString(n) ? n.value : undefined;
}

/** CloudFormation `Metadata` directives: iamlint's own and the peers'. */
export function metadataDirectives(file: LoadedFile): SuppressionDirective[] {
  const t = file.template;
  if (!t) return [];
  const out: SuppressionDirective[] = [];
  for (const r of t.resources.values()) {
    const md = r.metadata;
    if (!isMap(md)) continue;
    const scope: Scope = { kind: 'resource', id: r.id, start: r.keyNode.range.start, end: r.node.range.end };
    const base = (item: SNode) => ({ range: item.range, line: file.lines.position(item.range.start).line, scope, resource: r.id });
    const ignoreList = get(get(md, 'iamlint'), 'ignore');
    if (ignoreList) {
      for (const item of asList(ignoreList)) {
        if (!isMap(item)) continue;
        const rule = str(get(item, 'rule'));
        out.push({
          ...base(item),
          origin: 'metadata',
          targets: rule ? [{ rule }] : [],
          named: rule ? [rule] : [],
          reason: (str(get(item, 'reason')) ?? '').trim(),
          until: str(get(item, 'until')),
        });
      }
    }
    const peer = (tool: PeerTool, list: SNode | undefined, reasonKey: string | undefined) => {
      if (!isSeq(list)) return;
      for (const item of list.items) {
        // cfn-lint lists bare ids; cfn_nag and checkov list `{id, reason|comment}`.
        const id = reasonKey === undefined ? str(item) : str(get(item, 'id'));
        if (!id) continue;
        const targets = peerMapping(tool, 'cloudformation', id)?.targets ?? [];
        if (targets.length === 0) continue;
        const reason = reasonKey === undefined ? '' : (str(get(item, reasonKey)) ?? '').trim();
        out.push({ ...base(item), origin: 'peer', targets, named: [id], reason, until: undefined, peer: { tool, id } });
      }
    };
    peer('cfn_nag', get(get(md, 'cfn_nag'), 'rules_to_suppress'), 'reason');
    peer('checkov', get(get(md, 'checkov'), 'skip'), 'comment');
    peer('checkov', get(get(md, 'bridgecrew'), 'skip'), 'comment');
    peer('cfn-lint', get(get(get(md, 'cfn-lint'), 'config'), 'ignore_checks'), undefined);
  }
  return out;
}

/** A top-level block of a `.tf` file, as the peers name what their checks read. */
interface TfBlock {
  readonly start: number;
  readonly end: number;
  readonly startLine: number;
  readonly endLine: number;
  /** `aws_instance` for a resource, `data.<type>`, `provider.<name>`, else the block type (`module`, `locals`). */
  readonly address: string;
  /** The template resource it lowers to. */
  readonly resource: string | undefined;
}

/** The blocks and attributes of a `.tf` file: the top-level blocks, and the largest element starting on each line. */
function hclOutline(file: LoadedFile, tree: HclTree): { blocks: TfBlock[]; byLine: Map<number, Range> } {
  const text = file.text;
  const lines = file.lines;
  const byLine = new Map<number, Range>();
  const blocks: TfBlock[] = [];
  const resources = file.template
    ? [...file.template.resources.values()].map((r) => ({ start: r.keyNode.range.start, id: r.id })).sort((a, b) => a.start - b.start)
    : [];
  const resourceStarts = resources.map((r) => r.start);
  const label = (n: HNode) => {
    // `"aws_instance"`: the literal inside the quotes; a bare identifier label as it is.
    const lit = n.children.find((c) => c.type === 'template_literal');
    return lit ? text.slice(lit.start, lit.end) : n.type === 'identifier' ? text.slice(n.start, n.end) : '';
  };
  // Bodies nest blocks and attributes only: an explicit stack, no recursion (the loader bounds the depth).
  const stack: { body: HNode; top: boolean }[] = [];
  for (const b of tree.root.children) if (b.type === 'body') stack.push({ body: b, top: true });
  while (stack.length) {
    const { body, top } = stack.pop() as { body: HNode; top: boolean };
    for (const item of body.children) {
      if (item.type !== 'block' && item.type !== 'attribute') continue;
      const line = lines.position(item.start).line;
      const cur = byLine.get(line);
      if (!cur || item.end - item.start > cur.end - cur.start) byLine.set(line, { start: item.start, end: item.end });
      if (item.type !== 'block') continue;
      if (top) {
        const [kind, ...labels] = item.children.filter((c) => c.type === 'identifier' || c.type === 'string_lit');
        const type = kind ? text.slice(kind.start, kind.end) : '';
        const first = labels[0] ? label(labels[0]) : '';
        const address = type === 'resource' ? first : type === 'data' || type === 'provider' ? `${type}.${first}` : type;
        const r = resources[lowerBound(resourceStarts, item.start)];
        blocks.push({
          start: item.start,
          end: item.end,
          startLine: line,
          endLine: lines.position(item.end).line,
          address,
          resource: type === 'resource' && r && r.start < item.end ? r.id : undefined,
        });
      }
      for (const c of item.children) if (c.type === 'body') stack.push({ body: c, top: false });
    }
  }
  blocks.sort((a, b) => a.start - b.start);
  return { blocks, byLine };
}

/** The top-level block holding `offset`, if any. */
function blockAt(blocks: readonly TfBlock[], offset: number): TfBlock | undefined {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((blocks[mid]?.start ?? 0) <= offset) lo = mid + 1;
    else hi = mid;
  }
  const b = blocks[lo - 1];
  return b && offset < b.end ? b : undefined;
}

const CHECKOV_WORDS = ['checkov:skip=', 'bridgecrew:skip=', 'cortex:skip='] as const;

function isCheckovIdChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/**
 * `checkov:skip=<id>[,<id>][:<comment>]`, as checkov reads it (checkov/common/comment/enum.py): the first
 * of its words on the line, spaces, ids of letters, digits, `_` and `-` separated by commas, then `:` and
 * the comment to the end of the line. `bridgecrew:skip=` and `cortex:skip=` are the same.
 */
function checkovSkip(line: string): { ids: string[]; reason: string } | undefined {
  let at = -1;
  let word = '';
  for (const w of CHECKOV_WORDS) {
    const i = line.indexOf(w);
    if (i >= 0 && (at < 0 || i < at)) {
      at = i;
      word = w;
    }
  }
  if (at < 0) return undefined;
  let k = at + word.length;
  while (line.charCodeAt(k) === SPACE) k++;
  const ids: string[] = [];
  for (;;) {
    const s = k;
    while (k < line.length && isCheckovIdChar(line.charCodeAt(k))) k++;
    if (k === s) break;
    ids.push(line.slice(s, k));
    if (line[k] !== ',' || !isCheckovIdChar(line.charCodeAt(k + 1))) break;
    k++;
  }
  const reason = line[k] === ':' ? line.slice(k + 1).trim() : '';
  return { ids, reason };
}

/** One `tfsec:`/`trivy:` rule as trivy parses it (pkg/iac/ignore/parse.go). */
interface AquaRule {
  readonly name: 'tfsec' | 'trivy';
  readonly id: string;
  readonly line: number;
  /** The first word of its line (trivy's `isStartLine`): a stack of such lines attaches to what follows the last. */
  readonly start: boolean;
  /** Where trivy attaches it: its own line, or the last line of its stack. */
  at: number;
  readonly exp: string | undefined;
  /** A workspace (`:ws:`), attribute values (`[key=value]`) or a date that does not parse: trivy applies it only where iamlint cannot tell. */
  readonly conditional: boolean;
  readonly comment: Comment;
  readonly reason: string;
  readonly rest: string;
}

function validDate(d: string): boolean {
  if (d.length !== 10 || d[4] !== '-' || d[7] !== '-') return false;
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(day)) return false;
  const t = new Date(Date.UTC(y, m - 1, day));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
}

/** `tfsec:ignore:<id>[:exp:YYYY-MM-DD][:ws:<name>]` (either prefix: trivy reads both, as tfsec did). */
function aquaRule(word: string): Omit<AquaRule, 'line' | 'start' | 'at' | 'comment' | 'reason'> | undefined {
  const name = word.startsWith('tfsec:') ? 'tfsec' : word.startsWith('trivy:') ? 'trivy' : undefined;
  if (!name) return undefined;
  const segments = word.slice(6).split(':');
  let id: string | undefined;
  let exp: string | undefined;
  let conditional = false;
  for (let i = 0; i + 1 < segments.length; i += 2) {
    const key = segments[i];
    const val = segments[i + 1] ?? '';
    if (key === 'ignore') {
      const b = val.indexOf('[');
      if (b >= 0) conditional = true;
      id = b >= 0 ? val.slice(0, b) : val;
    } else if (key === 'exp') {
      exp = val;
      if (!validDate(val)) conditional = true;
    } else if (key === 'ws') conditional = true;
  }
  if (!id) return undefined;
  // `tfsec:ignore:<id>:the installer needs v1`: a last segment without a value starts the reason.
  const rest = segments.length % 2 === 1 ? (segments[segments.length - 1] ?? '') : '';
  return { name, id, exp, conditional, rest };
}

function isMarker(c: string): boolean {
  return c === '#' || c === '/' || c === '*';
}

/**
 * Peers' suppression comments in a `.tf` file, attached as each peer attaches them:
 *
 * - checkov: a comment on a line strictly inside a top-level block skips that block (checkov's
 *   `start_line < line < end_line`); for a resource, also what is reported on it from elsewhere (a trust
 *   policy in a `data "aws_iam_policy_document"`, which checkov's graph resolves into the role).
 * - tfsec and trivy: a rule covers every block or attribute that starts on its line or the next, with all
 *   they hold (the finding or one of its parents starting there, pkg/iac/ignore/rule.go `matchRange`);
 *   rules that start their lines, on consecutive lines, all attach below the last of them. `:exp:` ends it
 *   on that day; a workspace or attribute-value condition is not known offline, so such a rule is not applied.
 *
 * Only comments count (checkov and trivy read every line, strings included; a string is not a decision).
 * Ids with a `*` pattern mean every check of the peer, broader than any iamlint rule: they map to nothing.
 * One pass over the comments; each is read once.
 */
export function terraformDirectives(file: LoadedFile): SuppressionDirective[] {
  const tree = hclSyntax(file);
  const text = file.text;
  if (
    !tree?.comments?.length ||
    !(text.includes('checkov') || text.includes('bridgecrew') || text.includes('cortex') || text.includes('tfsec:') || text.includes('trivy:'))
  )
    return [];
  const lines = file.lines;
  const { blocks, byLine } = hclOutline(file, tree);
  const out: SuppressionDirective[] = [];
  const rules: AquaRule[] = [];
  for (const c of hclComments(text, tree)) {
    // Each physical line of the comment, as the peers read lines (a block comment's `*\/` left out).
    const end = text.startsWith('/*', c.range.start) && text.startsWith('*/', c.range.end - 2) ? c.range.end - 2 : c.range.end;
    let segStart = c.range.start;
    while (segStart < end) {
      let segEnd = segStart;
      while (segEnd < end && !isBreak(text.charCodeAt(segEnd))) segEnd++;
      const seg = text.slice(segStart, segEnd);
      const line = lines.position(segStart).line;
      const skip = seg.includes(':skip=') ? checkovSkip(seg) : undefined;
      const block = skip ? blockAt(blocks, segStart) : undefined;
      if (skip && block && block.startLine < line && line < block.endLine) {
        for (const id of skip.ids) {
          const m = peerMapping('checkov', 'terraform', id);
          if (!m || (m.blocks && !m.blocks.includes(block.address))) continue;
          const scope: Scope = {
            kind: 'resource',
            id: block.resource ?? block.address,
            start: block.start,
            end: block.end,
            ...(block.resource ? { logical: block.resource } : {}),
          };
          out.push({
            origin: 'peer',
            targets: m.targets,
            named: [id],
            reason: skip.reason,
            until: undefined,
            range: c.range,
            line,
            scope,
            resource: block.resource,
            peer: { tool: 'checkov', id },
          });
        }
      }
      if (seg.includes('tfsec:') || seg.includes('trivy:')) {
        // trivy splits the line at spaces and trims comment markers off each word; the first word of the
        // line (code before the comment is a word) makes the rule a "start line".
        let b = segStart - 1;
        while (b >= 0 && isBlank(text.charCodeAt(b))) b--;
        let first = b < 0 || isBreak(text.charCodeAt(b));
        let startLine = false;
        const found: AquaRule[] = [];
        // The tools read nothing else, but people write why after the rules (`#tfsec:ignore:<id> the agent
        // needs IMDSv1`): those words are the reason (words without a letter or digit, `--`, `#!`, left out).
        const why: string[] = [];
        for (const part of seg.split(' ')) {
          let w = part.trim();
          let k = 0;
          while (k < w.length && isMarker(w[k] as string)) k++;
          w = w.slice(k);
          if (w === '') continue;
          const r = aquaRule(w);
          if (r) {
            startLine ||= first;
            found.push({ ...r, line, start: startLine, at: line, comment: c, reason: '' });
            if (r.rest) why.push(r.rest);
          } else if (found.length && /[\p{L}\p{N}]/u.test(w)) why.push(part.trim());
          first = false;
        }
        for (const r of found) rules.push({ ...r, reason: why.join(' ') });
      }
      segStart = segEnd;
      while (segStart < end && isBreak(text.charCodeAt(segStart))) segStart++;
    }
  }
  // trivy's `shift`: from the last rule up, a start-line rule right above the next rule's line takes its place.
  let current: number | undefined;
  let offset = 0;
  for (let i = rules.length - 1; i > 0; i--) {
    const cur = rules[i] as AquaRule;
    const prev = rules[i - 1] as AquaRule;
    if (!prev.start) continue;
    current ??= cur.at;
    if (prev.line + 1 + offset === cur.at) {
      prev.at = current;
      offset++;
    } else {
      current = undefined;
      offset = 0;
    }
  }
  for (const r of rules) {
    if (r.conditional || r.id.includes('*')) continue;
    const m = peerMapping('trivy', 'terraform', r.id);
    if (!m) continue;
    const spans: Range[] = [];
    const inLines: number[] = [];
    for (const line of [r.at, r.at + 1]) {
      if (line > lines.lineCount) continue;
      const el = byLine.get(line);
      const where = el ? el.start : lines.offsetOf(line);
      const block = blockAt(blocks, where);
      if (m.blocks && !(block && m.blocks.includes(block.address))) continue;
      if (el) spans.push(el);
      inLines.push(line);
    }
    if (spans.length === 0 && inLines.length === 0) continue;
    // The resource it is about: the one it attaches to (a rule above a block sits outside it).
    const block = blockAt(blocks, spans[0]?.start ?? r.comment.range.start) ?? blockAt(blocks, r.comment.range.start);
    out.push({
      origin: 'peer',
      targets: m.targets,
      named: [`${r.name}:ignore:${r.id}`],
      reason: r.reason,
      until: undefined,
      range: r.comment.range,
      line: r.line,
      scope: { kind: 'spans', spans, lines: inLines },
      resource: block?.resource,
      peer: { tool: 'trivy', id: r.id, name: r.name },
      ...(r.exp ? { expires: r.exp } : {}),
    });
  }
  return out;
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The suppression as reporters show it. A peer's is named in the justification (`cfn_nag F38: <reason>`),
 * so JSON, SARIF (`suppressions[].justification`) and GitHub show which tool's decision applied; the
 * location stays `file:line`, which SARIF turns into the suppression's physical location.
 */
function justification(d: SuppressionDirective, path: string): Suppression {
  const location = `${path}:${d.line}`;
  // A reason is text from the scanned file, printed in every format: never a whole key in it.
  const reason = redactCredentials(d.reason);
  if (d.peer) return { kind: 'inSource', justification: `${d.peer.name ?? d.peer.tool} ${d.peer.id}: ${reason || 'no reason given'}`, location };
  return { kind: 'inSource', justification: reason, location };
}

/**
 * The one suppression pass: which candidates are suppressed, by what, and what is wrong with the
 * directives. Pure; the CLI (`applySuppressions`) and the ESLint adapter both call it.
 */
export function resolveSuppressions(file: LoadedFile, candidates: readonly SuppressionCandidate[], opts: SuppressionOptions): SuppressionOutcome {
  const directives = [...commentDirectives(file), ...metadataDirectives(file), ...terraformDirectives(file)];
  const suppressions: (Suppression | undefined)[] = candidates.map(() => undefined);
  const problems: SuppressionProblem[] = [];
  if (directives.length === 0) return { suppressions, problems, work: 0 };
  let work = 0;
  const known = new Map(opts.rules.map((r) => [r.id, r] as const));
  const levelOf = (id: string): LevelSetting => opts.levels.get(id) ?? known.get(id)?.meta.level ?? 'off';

  // Index the candidates by rule: sorted offsets for element and resource scopes, lines for line scopes.
  const byRule = new Map<string, { starts: number[]; idx: number[]; byLine: Map<number, number[]>; byResource: Map<string, number[]> }>();
  const order = candidates.map((_, i) => i).sort((a, b) => (candidates[a]?.start ?? 0) - (candidates[b]?.start ?? 0));
  for (const i of order) {
    const c = candidates[i];
    if (!c) continue;
    let e = byRule.get(c.ruleId);
    if (!e) byRule.set(c.ruleId, (e = { starts: [], idx: [], byLine: new Map(), byResource: new Map() }));
    e.starts.push(c.start);
    e.idx.push(i);
    const l = e.byLine.get(c.line);
    if (l) l.push(i);
    else e.byLine.set(c.line, [i]);
    if (c.resource !== undefined) {
      const r = e.byResource.get(c.resource);
      if (r) r.push(i);
      else e.byResource.set(c.resource, [i]);
    }
  }
  const matches = (scope: Scope, t: PeerTarget, visit: (i: number) => void) => {
    const e = byRule.get(t.rule);
    if (!e) return;
    const take = (i: number) => {
      work++;
      const c = candidates[i];
      if (c && (!t.messageIds || t.messageIds.includes(c.messageId)) && (t.path === undefined || (c.path?.split('.').includes(t.path) ?? false))) visit(i);
    };
    const range = (start: number, end: number) => {
      for (let k = lowerBound(e.starts, start); k < e.starts.length && (e.starts[k] ?? 0) < end; k++) take(e.idx[k] ?? -1);
    };
    if (scope.kind === 'line') {
      for (const i of e.byLine.get(scope.line) ?? []) take(i);
      return;
    }
    if (scope.kind === 'spans') {
      for (const r of scope.spans) range(r.start, r.end);
      for (const line of scope.lines) for (const i of e.byLine.get(line) ?? []) take(i);
      return;
    }
    range(scope.start, scope.end);
    if (scope.kind === 'resource' && scope.logical !== undefined) for (const i of e.byResource.get(scope.logical) ?? []) take(i);
  };
  const scopeKey = (s: Scope): string => {
    if (s.kind === 'line') return `l${s.line}`;
    if (s.kind === 'spans') return `s${s.spans.map((r) => `${r.start}:${r.end}`).join(',')};${s.lines.join(',')}`;
    return `${s.kind[0]}${s.start}:${s.end}`;
  };
  /** (scope, rule, messages) already applied by an earlier directive: a second one is a duplicate. */
  const applied = new Set<string>();
  const eslintApplies = opts.eslintComments !== 'leave';

  for (const d of directives) {
    const problem = (messageId: SuppressionProblem['messageId'], data: Record<string, string>) =>
      problems.push({ messageId, data, range: d.range, resource: d.resource });
    const rules = d.named.join(', ');
    if (d.origin !== 'peer') {
      if (d.targets.length === 0) {
        problem('noRule', {});
        continue;
      }
      // ESLint reports a rule it does not know itself ("Definition for rule ... was not found").
      if (d.origin !== 'eslint') for (const t of d.targets) if (!known.has(t.rule)) problem('unknownRule', { rule: t.rule });
      if (d.origin === 'eslint') {
        if (!d.reason) problem('eslintNoReason', { rules });
        if (!eslintApplies) continue;
      } else if (!d.reason) {
        problem('noReason', { rules });
        continue;
      }
      if (d.until && d.until < opts.settings.today) {
        problem('expired', { rules, until: d.until });
        continue;
      }
    } else if (d.expires && d.expires <= opts.settings.today) {
      // Past its date the peer no longer applies it, and neither does iamlint. Said only where it would
      // have suppressed a finding here: that is the finding its author will ask about.
      let would = false;
      for (const t of d.targets) if (known.has(t.rule)) matches(d.scope, t, () => (would = true));
      if (would) problem('expired', { rules, until: d.expires });
      continue;
    }
    const s = justification(d, file.path);
    for (const t of d.targets) {
      if (!known.has(t.rule)) continue;
      const key = `${scopeKey(d.scope)}\u0000${t.rule}\u0000${t.messageIds?.join(',') ?? ''}\u0000${t.path ?? ''}`;
      let used = false;
      if (!applied.has(key)) {
        applied.add(key);
        matches(d.scope, t, (i) => {
          if (suppressions[i]) return;
          suppressions[i] = s;
          used = true;
        });
      }
      // Peers' suppressions are the peer's business (cfn_nag may still need one iamlint has no finding for),
      // and ESLint reports its own unused directives in the editor.
      const reportable = d.origin === 'iamlint' || d.origin === 'metadata';
      if (!used && reportable && !ENGINE_RULES.has(t.rule) && levelOf(t.rule) !== 'off') problem('unused', { rule: t.rule });
    }
  }
  return { suppressions, problems, work };
}

/** The CLI's and the Action's side: marks findings as suppressed and adds the `invalid-suppression` findings. */
export function applySuppressions(file: LoadedFile, findings: Finding[], opts: SuppressionOptions): void {
  const lines = file.lines;
  const candidates = findings.map((f) => ({
    ruleId: f.ruleId,
    messageId: f.messageId,
    start: lines.offsetOf(f.region.startLine) + f.region.startColumn - 1,
    line: f.region.startLine,
    resource: f.logical.resource,
    path: f.logical.path,
  }));
  const out = resolveSuppressions(file, candidates, opts);
  out.suppressions.forEach((s, i) => {
    const f = findings[i];
    if (s && f && !f.suppression) f.suppression = s;
  });
  findings.push(...problemFindings(file, out.problems, opts));
}

/** `invalid-suppression` findings for the problems (none when the rule is off or not in the run). */
export function problemFindings(file: LoadedFile, problems: readonly SuppressionProblem[], opts: SuppressionOptions): Finding[] {
  const rule = opts.rules.find((r) => r.id === INVALID_SUPPRESSION);
  const level = rule ? (opts.levels.get(rule.id) ?? rule.meta.level) : 'off';
  if (!rule || level === 'off' || problems.length === 0) return [];
  return problems.map((p) => {
    const region = file.lines.region(p.range);
    // The directive's line, as the fingerprint has always used; an unused one also names its rule.
    const evidence = file.lines.lineText(region.startLine) + (p.messageId === 'unused' ? `\u0000${p.data['rule'] ?? ''}` : '');
    return {
      ruleId: INVALID_SUPPRESSION,
      messageId: p.messageId,
      level,
      message: (rule.messages[p.messageId] ?? p.messageId).replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(p.data, k) ? (p.data[k] ?? m) : m)),
      file: file.path,
      region,
      logical: { resource: p.resource, path: undefined },
      fingerprint: fingerprint({
        ruleId: INVALID_SUPPRESSION,
        file: file.path,
        logical: p.resource ?? '',
        messageId: p.messageId,
        evidence,
        occurrence: region.startLine,
      }),
    };
  });
}

/**
 * A suppression in the configuration, for files that cannot carry comments (AWS accepts no comments
 * in policy JSON): `suppress: [{files: ['policies/legacy/*.json'], rules: ['passrole-wildcard-resource'],
 * reason: '...', until?: 'YYYY-MM-DD'}]`. `files` are gitignore-style patterns relative to the config's
 * directory, as `ignorePatterns` are.
 */
export interface PathSuppression {
  readonly files: readonly string[];
  readonly rules: readonly string[];
  readonly reason: string;
  readonly until?: string;
}

/**
 * Marks the findings of `path` that a configured path + rule suppression covers (SARIF kind
 * `external`: the decision is written outside the file). `path` is relative to the config's
 * directory, `/`-separated. Entries past their date do not apply; the config check reports them.
 */
export function applyPathSuppressions(path: string, findings: readonly Finding[], entries: readonly PathSuppression[], today: string, source: string): number {
  let n = 0;
  for (const e of entries) {
    if (!e.reason || (e.until && e.until < today) || e.files.length === 0 || path === '' || path.startsWith('../')) continue;
    if (
      !ignore()
        .add([...e.files])
        .ignores(path)
    )
      continue;
    const rules = new Set(e.rules);
    for (const f of findings) {
      if (f.suppression || f.ruleId === INVALID_SUPPRESSION || !rules.has(f.ruleId)) continue;
      f.suppression = { kind: 'external', justification: redactCredentials(e.reason), location: source };
      n++;
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
/**
 * Where the comments of a file are, for suppression directives: a directive counts only in a
 * comment, never inside a string value (`Description: "# iamlint-disable-next-line ..."` is text).
 * The loaders keep no comments, so this is a small scanner per syntax that skips strings the way the
 * language does. Each is one pass over the text, with no backtracking and no regular expression.
 */
export type CommentSyntax = 'yaml' | 'json' | 'code';

export interface Comment {
  /** The whole comment, from `#`, `//` or `/*` to the end of the line or past `*\/`. */
  readonly range: Range;
  /** The text inside the comment markers. */
  readonly body: string;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function isBreak(c: number): boolean {
  return c === LF || c === CR;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function lineEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && !isBreak(text.charCodeAt(j))) j++;
  return j;
}

export function scanComments(text: string, syntax: CommentSyntax): Comment[] {
  if (syntax === 'yaml') return yamlComments(text);
  return syntax === 'json' ? jsonComments(text) : codeComments(text);
}

/** JSON with comments: only double-quoted strings, `//` and `/* *\/` comments. */
function jsonComments(text: string): Comment[] {
  const out: Comment[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34 || isBreak(d)) break;
        else i++;
      }
      i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = lineEnd(text, i);
      out.push({ range: { start: i, end }, body: text.slice(i + 2, end) });
      i = end;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      out.push({ range: { start: i, end }, body: text.slice(i + 2, close < 0 ? n : close) });
      i = end;
    } else i++;
  }
  return out;
}

/**
 * YAML: `#` starts a comment at the start of a line or after white space, outside quoted scalars
 * (`'...'` with `''`, `"..."` with `\` escapes, both may span lines) and outside block scalars
 * (`|` and `>`: every line indented deeper than the line of the indicator is content, so a
 * `#!/bin/bash` user-data script is not a comment). A quote opens a scalar only where a scalar may
 * start (after `:`, `-`, `?`, `[`, `{`, `,`, a tag or an anchor, or at the start of a line);
 * elsewhere it is part of a plain scalar (`key: don't`). YAML 1.2 §6.6, §7.3, §8.1.
 */
function yamlComments(text: string): Comment[] {
  const out: Comment[] = [];
  const n = text.length;
  let i = 0;
  /** Indentation of the line that opened a block scalar; -1 when not in one. */
  let blockParent = -1;
  /** The content indentation of the current block scalar, once its first non-empty line is seen. */
  let blockIndent = -1;
  while (i < n) {
    // At the start of a line.
    let j = i;
    while (j < n && text.charCodeAt(j) === SPACE) j++;
    const indent = j - i;
    if (blockParent >= 0) {
      const blank = j >= n || isBreak(text.charCodeAt(j)) || (isBlank(text.charCodeAt(j)) && blankRest(text, j));
      if (blank || (blockIndent < 0 ? indent > blockParent : indent >= blockIndent)) {
        if (!blank && blockIndent < 0) blockIndent = indent;
        i = nextLine(text, lineEnd(text, i));
        continue;
      }
      blockParent = -1;
      blockIndent = -1;
    }
    // Scan the line's tokens.
    let prevSig = -1;
    let tokenStart = -1;
    let k = j;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (isBreak(c)) break;
      if (isBlank(c)) {
        k++;
        continue;
      }
      const afterSpace = k === j || isBlank(text.charCodeAt(k - 1));
      if (c === 35 /* # */ && afterSpace) {
        const end = lineEnd(text, k);
        out.push({ range: { start: k, end }, body: text.slice(k + 1, end) });
        k = end;
        break;
      }
      const canStart = scalarMayStart(text, prevSig, tokenStart, j);
      if ((c === 34 || c === 39) /* " ' */ && canStart) {
        k = skipQuoted(text, k, c);
        prevSig = k - 1;
        tokenStart = prevSig;
        continue;
      }
      if ((c === 124 || c === 62) /* | > */ && canStart && afterSpace) {
        let m = k + 1;
        while (m < n && isIndicator(text.charCodeAt(m))) m++;
        if (m >= n || isBreak(text.charCodeAt(m)) || isBlank(text.charCodeAt(m))) {
          // A block scalar: the rest of this line may hold a comment, then the content lines follow.
          blockParent = indent;
          blockIndent = -1;
          prevSig = m - 1;
          tokenStart = k;
          k = m;
          continue;
        }
      }
      if (afterSpace) tokenStart = k;
      prevSig = k;
      k++;
    }
    i = nextLine(text, lineEnd(text, k));
  }
  return out;
}

function blankRest(text: string, j: number): boolean {
  let m = j;
  while (m < text.length && isBlank(text.charCodeAt(m))) m++;
  return m >= text.length || isBreak(text.charCodeAt(m));
}

function isIndicator(c: number): boolean {
  return c === 43 /* + */ || c === 45 /* - */ || (c >= 48 && c <= 57);
}

function nextLine(text: string, end: number): number {
  if (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF) return end + 2;
  return end + 1;
}

/** Whether a quoted or block scalar may start here: after an indicator, a tag or an anchor, or first on the line. */
function scalarMayStart(text: string, prevSig: number, tokenStart: number, lineStart: number): boolean {
  if (prevSig < lineStart) return true;
  const c = text.charCodeAt(prevSig);
  if (c === 58 /* : */ || c === 91 /* [ */ || c === 123 /* { */ || c === 44 /* , */) return true;
  if ((c === 45 /* - */ || c === 63) /* ? */ && tokenStart === prevSig) return true;
  const t = text.charCodeAt(tokenStart);
  return t === 33 /* ! */ || t === 38; /* & */
}

/** Past the closing quote (or the end of the text when there is none). */
function skipQuoted(text: string, start: number, quote: number): number {
  const n = text.length;
  let k = start + 1;
  while (k < n) {
    const d = text.charCodeAt(k);
    if (quote === 34 && d === 92) k += 2;
    else if (d === quote) {
      if (quote === 39 && text.charCodeAt(k + 1) === 39) k += 2;
      else return k + 1;
    } else k++;
  }
  return n;
}

/** Words after which `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

/**
 * TypeScript and JavaScript: strings (`'` and `"` end at the line's end when unterminated, as the
 * language has it), template literals with nested `${...}`, regular expression literals (a `/`
 * where an expression may start: after an operator, a bracket or a keyword such as `return`), `//`
 * and `/* *\/` comments. JSX text is read as code, which at worst misreads one line.
 */
function codeComments(text: string): Comment[] {
  const out: Comment[] = [];
  const n = text.length;
  /** Brace depth at which each open `${` of a template literal closes. */
  const templates: number[] = [];
  let depth = 0;
  /** The last significant character outside comments (for the regex-or-division question). */
  let prev = -1;
  let i = 0;
  const inTemplate = (start: number): number => {
    // Scans template text from `start` to its end or to `${`; returns the index after it.
    let k = start;
    while (k < n) {
      const d = text.charCodeAt(k);
      if (d === 92) k += 2;
      else if (d === 96 /* ` */) return k + 1;
      else if (d === 36 && text.charCodeAt(k + 1) === 123) {
        templates.push(depth);
        depth++;
        return k + 2;
      } else k++;
    }
    return n;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const end = lineEnd(text, i);
        out.push({ range: { start: i, end }, body: text.slice(i + 2, end) });
        i = end;
        continue;
      }
      if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        const end = close < 0 ? n : close + 2;
        out.push({ range: { start: i, end }, body: text.slice(i + 2, close < 0 ? n : close) });
        i = end;
        continue;
      }
      if (regexMayStart(text, prev)) {
        i = skipRegex(text, i);
        prev = i - 1;
        continue;
      }
      prev = i++;
      continue;
    }
    if (c === 34 || c === 39) {
      let k = i + 1;
      while (k < n) {
        const e = text.charCodeAt(k);
        if (e === 92) k += 2;
        else if (e === c || isBreak(e)) break;
        else k++;
      }
      i = k + 1;
      prev = k;
      continue;
    }
    if (c === 96) {
      i = inTemplate(i + 1);
      prev = i - 1;
      continue;
    }
    if (c === 123) depth++;
    else if (c === 125 /* } */) {
      depth--;
      if (templates.length && templates[templates.length - 1] === depth) {
        templates.pop();
        i = inTemplate(i + 1);
        prev = i - 1;
        continue;
      }
    }
    if (!isBlank(c) && !isBreak(c)) prev = i;
    i++;
  }
  return out;
}

function regexMayStart(text: string, prev: number): boolean {
  if (prev < 0) return true;
  const c = text.charCodeAt(prev);
  if (c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */) return false;
  if (!isWordChar(c)) return true;
  // A word: a keyword such as `return` lets a regex follow, an identifier or a number does not.
  let s = prev;
  while (s > 0 && isWordChar(text.charCodeAt(s - 1)) && prev - s < 12) s--;
  return REGEX_AFTER_WORD.has(text.slice(s, prev + 1));
}

/** Past a regular expression literal (and its flags); an unterminated one ends at the line's end. */
function skipRegex(text: string, start: number): number {
  const n = text.length;
  let k = start + 1;
  let inClass = false;
  while (k < n) {
    const d = text.charCodeAt(k);
    if (isBreak(d)) return k;
    if (d === 92) k += 2;
    else if (d === 91 /* [ */) {
      inClass = true;
      k++;
    } else if (d === 93) {
      inClass = false;
      k++;
    } else if (d === 47 && !inClass) {
      k++;
      while (k < n && isWordChar(text.charCodeAt(k))) k++;
      return k;
    } else k++;
  }
  return n;
}
