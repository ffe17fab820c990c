import { ruleDocUrl } from '../docs.js';
import type { RunResult } from '../engine/types.js';
import { skipReason } from './text.js';

/**
 * Text for XML 1.0 attributes and content. Characters XML 1.0 cannot carry at all (most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF: "Char" in the XML 1.0 specification, section 2.2) are written as
 * `\uXXXX` text; CR, LF and tab are kept in content and written as character references in attributes,
 * where a parser would otherwise normalise them to spaces.
 */
export function xmlEscape(s: string, attribute = false): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] ?? '';
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += ch + (s[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (c === 0x9 || c === 0xa || c === 0xd) out += attribute ? `&#${c};` : ch;
    else if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/**
 * JUnit XML (the format GitLab, Jenkins, Azure DevOps and CircleCI show as test results): one
 * `<testsuite>` per file, one failing `<testcase>` per unsuppressed finding, a passing one for a clean
 * file, a skipped one for a file iamlint does not read, and an `<error>` for a file it could not check
 * (unreadable, with `invalid-input` off). As ESLint's `junit` formatter, every level is a `<failure>`
 * (the type attribute says which level).
 */
export function junit(run: RunResult): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skippedTotal = 0;
  let errorsTotal = 0;
  for (const file of run.files) {
    const findings = file.findings.filter((f) => !f.suppression);
    const name = xmlEscape(file.file, true);
    const cases: string[] = [];
    let skipped = 0;
    let errors = 0;
    if (findings.length === 0 && file.status === 'error') {
      // Unreadable, with invalid-input turned off (or an internal error): not a pass.
      errors = 1;
      const why = file.notifications.map((n) => n.message).join('; ') || 'could not be checked';
      cases.push(`    <testcase name="iamlint" classname="${name}" file="${name}"><error message="${xmlEscape(why, true)}"/></testcase>`);
    } else if (findings.length === 0 && file.status === 'skipped') {
      skipped = 1;
      cases.push(`    <testcase name="iamlint" classname="${name}" file="${name}"><skipped message="${xmlEscape(skipReason(file), true)}"/></testcase>`);
    } else if (findings.length === 0) {
      cases.push(`    <testcase name="iamlint" classname="${name}" file="${name}"/>`);
    }
    for (const f of findings) {
      const at = `${f.region.startLine}:${f.region.startColumn}`;
      const body = `${f.file}:${at} ${f.level}: ${f.message}\nRule: ${f.ruleId} (${ruleDocUrl(f.ruleId)})`;
      cases.push(
        `    <testcase name="${xmlEscape(`${f.ruleId} at ${at}`, true)}" classname="${name}" file="${xmlEscape(f.file, true)}" line="${f.region.startLine}">` +
          `<failure message="${xmlEscape(f.message, true)}" type="${f.level}">${xmlEscape(body)}</failure></testcase>`,
      );
    }
    tests += cases.length;
    failures += findings.length;
    skippedTotal += skipped;
    errorsTotal += errors;
    suites.push(
      `  <testsuite name="${name}" tests="${cases.length}" failures="${findings.length}" errors="${errors}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="iamlint" tests="${tests}" failures="${failures}" errors="${errorsTotal}" skipped="${skippedTotal}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
