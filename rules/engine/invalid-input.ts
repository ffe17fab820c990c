import { defineRule } from '../../src/index.js';

export default defineRule({
  id: 'invalid-input',
  meta: {
    summary: 'A file could not be read or parsed, so nothing in it was checked.',
    why: 'A linter that silently skips a file it cannot parse reports "no findings" for a file it never looked at. iamlint says so, with the position of the problem, and goes on with every other file.',
    flagged: [
      'Malformed JSON or YAML (with the line and column of the error), YAML alias bombs, nesting deeper than 256 levels.',
      'Binary files, invalid UTF-8, files over the size limit (`maxFileSize`, 5 MiB by default).',
    ],
    notFlagged: ['Files with nothing iamlint checks (no policy, template, launch settings or key-like string): they are skipped silently after a cheap check.'],
    fix: 'Fix the syntax error at the given position, or exclude the file (`ignorePatterns` in `.iamlintrc.json`, or `.gitignore`).',
    level: 'error',
    securitySeverity: 1.0,
    tags: ['input'],
    references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html'],
    recommended: true,
    domain: 'engine',
  },
  messages: { unreadable: 'Could not read {file}: {reason} (line {line}, column {column}); nothing in it was checked.' },
  // Reported by the engine itself when loading fails; there is nothing to visit.
  visit: {},
});
