/**
 * Shared by the fixture harness (rules.test.ts) and the meta-test (meta.test.ts).
 *
 * Fixtures live in `fixtures/<domain>/<rule-id>/`. A file whose name starts with `bad` must produce
 * exactly the findings its markers announce; one starting with `good` must produce none. A marker is a
 * trailing comment on the line where the finding starts: `// expect: <messageId>` (JSON) or
 * `# expect: <messageId>` (YAML), several as `# expect: a, b`. Where a comment cannot carry it (a
 * broken file, a binary file, a suppression comment whose text is the thing under test), a sidecar
 * `<file>.expect.json` holds `[{"line": N, "messageId": "..."}]`; both sources are merged.
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
