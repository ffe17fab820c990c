import { defineRule, get, getEntry, IMDS_FIELDS, isMap, type ImdsField } from '../../src/index.js';

export default defineRule({
  id: 'invalid-input',
  meta: {
    summary: 'A file could not be read or parsed, so nothing in it was checked.',
    why: 'A linter that silently skips a file it cannot parse reports "no findings" for a file it never looked at. iamlint says so, with the position of the problem, and goes on with every other file.',
    flagged: [
      'Malformed JSON or YAML (with the line and column of the error), YAML alias bombs, nesting deeper than 256 levels.',
      'Binary files, invalid UTF-8, files over the size limit (`maxFileSize`, 5 MiB by default).',
      'A file that costs more work than one file may: YAML aliases that expand past 2,000,000 nodes over all its documents, intrinsic functions (`Fn::Join`, `Fn::Sub`, `Fn::FindInMap`, `Fn::If`) that expand past 1,000,000 evaluation steps or 16 MiB of text. The limit is counted in work, not time, so the result does not depend on the machine.',
      'Parts that were read but not checked: a template whose `Resources` is not a mapping, user data past the decoding limit (4 MiB decoded per file, 1 MiB per blob: gzip bombs).',
      'An unparsable file with no AWS marker in it (`AWSTemplateFormatVersion`, `AWS::`, `Statement`, `LaunchTemplateData`, `MetadataOptions`), such as an npm log saved as `.yml`, only as a note.',
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
  messages: {
    unreadable: 'Could not read {file}: {reason} (line {line}, column {column}); nothing in it was checked.',
    resourcesNotMap: 'The Resources section of {file} is {what}, not a mapping of logical ids to resources: no resource in it was checked.',
    userDataOverLimit: 'The user data of {site} was not fully decoded ({reason}): what lies beyond was not checked.',
    overBudget:
      'Checking {file} took more work than one file may ({reason}): values past that point were taken as unknown, and findings about them may be missing.',
  },
  // `unreadable` is reported by the engine itself when loading fails. The visitors say what was read but not checked.
  visit: {
    file(file, ctx) {
      // The loader refuses a file whose load-time evaluation passes the budget. What rules evaluate later
      // (IMDS settings, outputs) is evaluated here first (results are cached for the rules), so a value
      // that blows the budget there is reported too, not silently Unknown.
      for (const spec of file.launch.specs) for (const field of Object.keys(IMDS_FIELDS) as ImdsField[]) spec.setting(field);
      const outputs = file.template ? get(file.template.root, 'Outputs') : undefined;
      if (isMap(outputs)) for (const e of outputs.entries) file.evaluator.str(get(e.value, 'Value') ?? e.value);
      const over = file.evaluator.budget.exceeded;
      if (over && (over.kind === 'steps' || over.kind === 'chars'))
        ctx.report({ messageId: 'overBudget', at: { start: 0, end: 0 }, data: { file: file.path, reason: over.reason } });
    },
    template(t, ctx) {
      const res = getEntry(t.root, 'Resources');
      // An empty `Resources:` (a skeleton template) hides nothing: there is no resource to check.
      if (!res || isMap(res.value) || (res.value.kind === 'scalar' && (res.value.value === null || res.value.value === ''))) return;
      const v = res.value;
      const what = v.kind === 'seq' ? 'a list' : `a ${typeof v.value}`;
      ctx.report({ messageId: 'resourcesNotMap', at: res.key, data: { file: ctx.file.path, what } });
    },
    launch(spec, ctx) {
      const reason = spec.userData?.overLimit();
      if (reason && spec.userData)
        ctx.report({
          messageId: 'userDataOverLimit',
          at: spec.userData.key,
          data: { site: spec.label, reason },
          level: 'warning',
        });
    },
  },
});
