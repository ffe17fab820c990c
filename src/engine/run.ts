import { DEFAULT_MAX_FILE_SIZE, decodeText } from '../loaders/decode.js';
import type { InputError } from '../loaders/errors.js';
import { loadText } from '../loaders/load.js';
import { redactCredentials } from '../model/credentials.js';
import { LineIndex, type Range, type Region } from '../model/source.js';
import { fingerprint } from './fingerprint.js';
import { locationIndex } from './locations.js';
import { applySuppressions } from './suppressions.js';
import type { FileResult, Finding, Level, LevelSetting, LoadedFile, Notification, Report, Rule, RuleContext, Settings, Target } from './types.js';

/** Built-in rule ids the engine itself reports under. */
export const INVALID_INPUT = 'invalid-input';
export const INVALID_SUPPRESSION = 'invalid-suppression';

export interface LintOptions {
  readonly rules: readonly Rule[];
  /** Effective level per rule id (config over defaults); missing means the rule's default. */
  readonly levels: ReadonlyMap<string, LevelSetting>;
  readonly ruleOptions: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  readonly settings: Settings;
  readonly maxFileSize?: number;
}

/** The source range a report points at. */
export function rangeOf(t: Target): Range {
  if ('range' in t) return t.range;
  if ('node' in t) return t.node.range;
  return t;
}

function interpolate(msg: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return msg.replace(/\{(\w+)\}/g, (m, k: string) => (data && k in data ? String(data[k]) : m));
}

function levelFor(rule: Rule, opts: LintOptions): LevelSetting {
  return opts.levels.get(rule.id) ?? rule.meta.level;
}

/** Lints one file's bytes: decoding problems (binary, too large, bad UTF-8) become `invalid-input`. */
export function lintBytes(path: string, bytes: Uint8Array, opts: LintOptions): FileResult {
  const d = decodeText(bytes, opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if ('error' in d) return errorResult(path, d.error, new LineIndex(d.text), opts);
  return lintText(path, d.text, opts);
}

function errorResult(path: string, error: InputError, lines: LineIndex, opts: LintOptions): FileResult {
  // Point at a character: an error at the very end of a file points at its last character.
  const len = lines.text.length;
  const start = Math.max(0, Math.min(error.offset, len - 1));
  const region = lines.region({ start, end: Math.max(start + (len > 0 ? 1 : 0), Math.min(error.end, len)) });
  return unreadableResult(path, error.message, region, opts, 'unreadable', error.level);
}

/** A file that could not be read or parsed: an `invalid-input` finding (unless turned off) and a notification. */
export function unreadableResult(
  path: string,
  rawReason: string,
  region: Region,
  opts: LintOptions,
  kind = 'unreadable',
  maxLevel: Level = 'error',
): FileResult {
  // A parser's reason may quote the file (an alias name, a key): never a whole secret.
  const reason = redactCredentials(rawReason);
  const notification: Notification = { file: path, level: maxLevel, message: reason, region };
  const findings: Finding[] = [];
  const rule = opts.rules.find((r) => r.id === INVALID_INPUT);
  const configured = rule ? levelFor(rule, opts) : 'error';
  // An unparsable file with no AWS marker in it (an npm log saved as `.yml`) is only a note.
  const level = configured !== 'off' && maxLevel === 'note' ? 'note' : configured;
  if (rule && level !== 'off') {
    const data = { file: path, reason, line: region.startLine, column: region.startColumn };
    findings.push({
      ruleId: INVALID_INPUT,
      messageId: 'unreadable',
      level,
      message: interpolate(rule.messages['unreadable'] ?? '{reason}', data),
      file: path,
      region,
      logical: { resource: undefined, path: undefined },
      fingerprint: fingerprint({ ruleId: INVALID_INPUT, file: path, logical: '', messageId: 'unreadable', evidence: reason, occurrence: 0 }),
    });
  }
  return { file: path, findings, notifications: [notification], status: 'error', kind };
}

/** The options of a rule the configuration gives none. */
const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/** Lints one file's text with the given rules. Pure: the same input gives the same findings. */
export function lintText(path: string, text: string, opts: LintOptions): FileResult {
  const loaded = loadText(path, text);
  if (loaded.status === 'skipped') return { file: path, findings: [], notifications: [], status: 'skipped', kind: 'none', skipReason: loaded.reason };
  if (loaded.status === 'error') return errorResult(path, loaded.error, loaded.lines, opts);
  const file = loaded.file;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const occurrences = new Map<string, number>();
  // One context for the file, pointed at each rule in turn (rules report synchronously, within their
  // visit): a context and a closure per rule and file were a noticeable share of a run's allocations.
  let rule: Rule = opts.rules[0] as Rule;
  let level: Level = 'error';
  const ctx: { -readonly [K in keyof RuleContext<string>]: RuleContext<string>[K] } = {
    file,
    settings: opts.settings,
    options: NO_OPTIONS,
    report: (r) => {
      const f = toFinding(rule, r, level, file, opts.levels.has(rule.id));
      const key = `${f.ruleId}\u0000${f.messageId}\u0000${f.region.startLine}:${f.region.startColumn}\u0000${f.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      const fpBase = `${f.ruleId}|${f.logical.resource}|${f.logical.path}|${f.messageId}|${r.evidence ?? ''}`;
      const n = occurrences.get(fpBase) ?? 0;
      occurrences.set(fpBase, n + 1);
      findings.push({
        ...f,
        fingerprint: fingerprint({
          ruleId: f.ruleId,
          file: path,
          logical: `${f.logical.resource ?? ''}/${f.logical.path ?? ''}`,
          messageId: f.messageId,
          evidence: r.evidence ?? evidenceText(file, r.at),
          occurrence: n,
        }),
      });
    },
  };
  for (const r of opts.rules) {
    const l = levelFor(r, opts);
    if (l === 'off') continue;
    rule = r;
    level = l;
    ctx.options = opts.ruleOptions.get(r.id) ?? NO_OPTIONS;
    visitFile(r, file, ctx);
  }
  applySuppressions(file, findings, opts);
  if (file.source) relocate(file, findings, opts);
  findings.sort((a, b) => a.region.startLine - b.region.startLine || a.region.startColumn - b.region.startColumn || a.ruleId.localeCompare(b.ruleId));
  return { file: path, findings, notifications: [], status: 'parsed', kind: loaded.kind };
}

/**
 * A plan's findings on resources its `.tf` files declare move there, to the attribute (the message
 * says the value is the planned one), and the `.tf` file's suppression comments apply to them. The
 * shell merges them with that file's own findings (`mergeRelocated`).
 */
function relocate(plan: LoadedFile, findings: Finding[], opts: LintOptions): void {
  const byFile = new Map<LoadedFile, Finding[]>();
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    const at = f.logical.resource === undefined ? undefined : plan.source?.(f.logical.resource, f.logical.path);
    if (!at) continue;
    const moved: Finding = { ...f, file: at.file.path, region: at.file.lines.region(at.range), message: `${f.message} (Planned value, from ${plan.path}.)` };
    findings[i] = moved;
    let list = byFile.get(at.file);
    if (!list) byFile.set(at.file, (list = []));
    list.push(moved);
  }
  // Only the moved findings' suppression is wanted here: the problems `applySuppressions` appends (a
  // broken or unused directive of the `.tf` file) go with the copy, as that file's own lint reports them.
  for (const [file, list] of byFile)
    applySuppressions(
      file,
      list.filter((f) => !f.suppression),
      opts,
    );
}

/** Runs one rule's visitors over a loaded file: the CLI and the ESLint plugin share this walk. */
export function visitFile(rule: Rule, file: LoadedFile, ctx: RuleContext<string>): void {
  const v = rule.visit;
  v.file?.(file, ctx);
  if (file.template) v.template?.(file.template, ctx);
  if (v.policy) for (const doc of file.policies) v.policy(doc, ctx);
  if (v.launch) for (const spec of file.launch.specs) v.launch(spec, ctx);
}

function evidenceText(file: LoadedFile, at: Target): string {
  const r = rangeOf(at);
  return file.text.slice(r.start, Math.min(r.end, r.start + 200));
}

function toFinding(rule: Rule, r: Report<string>, level: Level, file: LoadedFile, configured: boolean): Omit<Finding, 'fingerprint'> {
  const template = rule.messages[r.messageId] ?? r.messageId;
  // The location comes from the node reported, never from the rule: the index of the file's model.
  const { resource, path } = locationIndex(file).locate(r.at) ?? { resource: undefined, path: undefined };
  return {
    ruleId: rule.id,
    messageId: r.messageId,
    // A level the user set for the rule wins over the one a rule gives a finding (AWS's example keys as notes...).
    level: configured ? level : (r.level ?? level),
    // Messages and logical locations quote the file (a logical id, a value): never a whole secret.
    message: redactCredentials(interpolate(template, r.data)),
    file: file.path,
    region: file.lines.region(rangeOf(r.at)),
    logical: { resource: resource === undefined ? undefined : redactCredentials(resource), path: path ? redactCredentials(path) : undefined },
  };
}

/**
 * Findings a file's lint placed in another file (a plan's, at the `.tf` attribute) join that file's
 * result when it is in the run; one the file found itself (same rule, message and position) is not
 * repeated. Returns how many were dropped as repeats. Linear in the findings.
 */
export function mergeRelocated(results: FileResult[]): number {
  const byFile = new Map<string, FileResult>();
  for (const r of results) byFile.set(r.file, r);
  const key = (f: Finding) => `${f.file}\u0000${f.ruleId}\u0000${f.messageId}\u0000${f.region.startLine}:${f.region.startColumn}`;
  const own = new Set<string>();
  for (const r of results) for (const f of r.findings) if (f.file === r.file) own.add(key(f));
  let dropped = 0;
  const grown = new Set<FileResult>();
  for (const r of results) {
    if (!r.findings.some((f) => f.file !== r.file)) continue;
    const keep: Finding[] = [];
    for (const f of r.findings) {
      if (f.file === r.file) keep.push(f);
      else if (own.has(key(f))) dropped++;
      else {
        const target = byFile.get(f.file);
        if (!target) keep.push(f);
        else {
          own.add(key(f));
          target.findings.push(f);
          grown.add(target);
        }
      }
    }
    r.findings.length = 0;
    for (const f of keep) r.findings.push(f);
  }
  // A directive in the `.tf` file that suppresses a moved finding is used, although that file's own
  // lint found nothing for it to suppress: its `unused` report goes.
  const used = new Map<string, Set<string>>();
  for (const r of grown)
    for (const f of r.findings) {
      const at = f.suppression?.kind === 'inSource' ? f.suppression.location : undefined;
      if (!at) continue;
      let rules = used.get(at);
      if (!rules) used.set(at, (rules = new Set()));
      rules.add(f.ruleId);
    }
  const usedHere = (f: Finding) =>
    f.ruleId === 'invalid-suppression' &&
    f.messageId === 'unused' &&
    [...(used.get(`${f.file}:${f.region.startLine}`) ?? [])].some((rule) => f.message.includes(` of ${rule} `));
  for (const r of grown) {
    const keep = r.findings.filter((f) => !usedHere(f));
    if (keep.length === r.findings.length) continue;
    r.findings.length = 0;
    for (const f of keep) r.findings.push(f);
  }
  for (const r of grown)
    r.findings.sort((a, b) => a.region.startLine - b.region.startLine || a.region.startColumn - b.region.startColumn || a.ruleId.localeCompare(b.ruleId));
  return dropped;
}
