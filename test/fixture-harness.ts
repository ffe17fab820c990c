/**
 * Shared by the fixture harness (rules.test.ts) and the meta-test (meta.test.ts).
 *
 * Fixtures live in `fixtures/<domain>/<rule-id>/`. A file whose name starts with `bad` must produce
 * exactly the findings its markers announce; one starting with `good` must produce none. A marker is a
 * trailing comment on the line where the finding starts: `// expect: <messageId>` (JSON) or
 * `# expect: <messageId>` (YAML), several as `# expect: a, b`. Where a comment cannot carry it (a
 * broken file, a binary file, a suppression comment whose text is the thing under test), a sidecar
 * `<file>.expect.json` holds `[{"line": N, "messageId": "..."}]`; both sources are merged.
 *
 * Markers pin lines; a committed snapshot pins everything else a user or a baseline sees: for every
 * fixture that yields findings, `test/__snapshots__/fixtures/<domain>/<rule-id>/<file>.findings.json` lists
 * each finding's region (line, column, endLine, endColumn), rule, message id, logical location
 * (resource, path) and fingerprint, so a change that moves a region, a logical path or a fingerprint
 * fails a test. The snapshots sit under test/, not next to the fixtures, because fixture folders are
 * inputs: directory scans (CLI, Action, ESLint tests) must not pick them up as JSON to lint.
 * After a deliberate change, regenerate them and review the diff:
 *
 *     npx vitest run test/rules.test.ts -u
 *
 * A missing snapshot fails unless vitest runs with `-u` (in CI, `CI=1`, vitest never writes one).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../rules/index.js';
import { INVALID_INPUT, INVALID_SUPPRESSION, lintBytes, type FileResult, type Finding, type LintOptions, type Rule, type Settings } from '../src/index.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'fixtures');

/** Fixed, so expiry of suppressions does not depend on the day the tests run. */
export const SETTINGS: Settings = { ownAccounts: ['111111111111'], today: '2026-11-23' };

const SIDECAR = '.expect.json';
const MARKER = /(?:\/\/|#)\s*expect:\s*([A-Za-z][\w]*(?:\s*,\s*[A-Za-z][\w]*)*)\s*$/;

export function fixtureDir(rule: Rule): string {
  return join(FIXTURES, rule.meta.domain, rule.id);
}

/** Fixture files of a rule (sidecars excluded), sorted. */
export function fixtureFiles(rule: Rule): string[] {
  const dir = fixtureDir(rule);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith(SIDECAR) && (f.startsWith('bad') || f.startsWith('good')))
    .sort();
}

/** An expectation or a finding as the harness compares them: `"<line> <messageId>"`. */
export type Key = string;

function key(line: number, messageId: string): Key {
  return `${String(line).padStart(4, ' ')} ${messageId}`;
}

/** The expected (line, messageId) pairs of a fixture, from its markers and its sidecar, sorted. */
export function expectations(path: string, bytes: Uint8Array): Key[] {
  const out: Key[] = [];
  // Lenient decoding: a fixture may be deliberately broken (invalid UTF-8, NUL bytes).
  const text = new TextDecoder('utf-8').decode(bytes);
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = MARKER.exec(line);
    if (m?.[1]) for (const id of m[1].split(',')) out.push(key(i + 1, id.trim()));
  });
  const sidecar = path + SIDECAR;
  if (existsSync(sidecar)) {
    const list = JSON.parse(readFileSync(sidecar, 'utf8')) as { line: number; messageId: string }[];
    for (const e of list) out.push(key(e.line, e.messageId));
  }
  return out.sort();
}

const ENGINE_RULES = rules.filter((r) => r.id === INVALID_INPUT || r.id === INVALID_SUPPRESSION);

/**
 * The rules a fixture runs with: the rule under test plus the engine's own rules, so a broken fixture
 * shows up as an unexpected `invalid-input` finding instead of passing silently. Suppression fixtures
 * run every rule: a suppression names other rules, and must find them registered.
 */
export function rulesFor(rule: Rule): readonly Rule[] {
  if (rule.id === INVALID_SUPPRESSION) return rules;
  return [rule, ...ENGINE_RULES.filter((r) => r !== rule)];
}

export function lintFixture(rule: Rule, file: string): { result: FileResult; bytes: Uint8Array; path: string } {
  const path = join(fixtureDir(rule), file);
  const bytes = readFileSync(path);
  const opts: LintOptions = { rules: rulesFor(rule), levels: new Map(), ruleOptions: new Map(), settings: SETTINGS };
  // lintBytes is lintText behind the decoding step every file goes through (BOM, binary, invalid UTF-8).
  return { result: lintBytes(`fixtures/${rule.meta.domain}/${rule.id}/${file}`, bytes, opts), bytes, path };
}

export function unsuppressed(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppression);
}

export function actual(findings: readonly Finding[]): Key[] {
  return unsuppressed(findings)
    .map((f) => key(f.region.startLine, f.messageId))
    .sort();
}

/** Where a fixture's findings snapshot lives. */
export function snapshotPath(rule: Rule, file: string): string {
  return join(ROOT, 'test', '__snapshots__', 'fixtures', rule.meta.domain, rule.id, `${file}.findings.json`);
}

/**
 * The snapshot of a fixture's findings: one JSON object per line, in the engine's order, so a diff
 * shows which finding changed. Suppressed findings are kept (the suppression fixtures have them), marked.
 */
export function findingsSnapshot(findings: readonly Finding[]): string {
  const rows = findings.map((f) =>
    JSON.stringify({
      line: f.region.startLine,
      column: f.region.startColumn,
      endLine: f.region.endLine,
      endColumn: f.region.endColumn,
      ruleId: f.ruleId,
      messageId: f.messageId,
      resource: f.logical.resource ?? null,
      path: f.logical.path ?? null,
      fingerprint: f.fingerprint,
      ...(f.suppression ? { suppressed: true } : {}),
    }),
  );
  return `[\n${rows.map((r) => `  ${r}`).join(',\n')}\n]\n`;
}
