import { defineRule, logicalLocation, type SMap, type SNode } from '../../src/index.js';

type SEntry = SMap['entries'][number];

/** `1` and `"1"` are different YAML keys; every JSON key is a string. */
function keyId(e: SEntry): string {
  return `${typeof e.key.value}:${String(e.key.value)}`;
}

/** The key for a message: quoted, and cut when long (the engine masks any credential in it). */
function keyText(e: SEntry): string {
  const k = JSON.stringify(String(e.key.value));
  return k.length > 64 ? `${k.slice(0, 60)}…"` : k;
}

export default defineRule({
  id: 'duplicate-key',
  meta: {
    summary: 'A JSON or YAML mapping has the same key twice.',
    why: [
      'JSON (RFC 8259) leaves duplicate names undefined and YAML forbids them, yet most parsers accept them and keep one: CloudFormation and IAM take one of the values and drop the other without a word.',
      'A reviewer reads the first one. A second `Effect: Allow` under an `Effect: Deny`, a second `Resource: "*"` below a scoped one, or a second `Statement` list replaces what the review approved, and the policy that takes effect is not the one in the diff.',
    ].join(' '),
    flagged: [
      'Every repeated key of a JSON object or YAML mapping, at its second (third...) occurrence, in policies, templates, launch-template data and any other file iamlint reads.',
    ],
    notFlagged: [
      'YAML merge keys (`<<: *base`): keys the mapping sets itself override the merged ones by design.',
      'The same key in different mappings, and keys that differ in case (`Resource` and `resource`).',
      'TypeScript and JavaScript object literals (the compiler and ESLint `no-dupe-keys` report those).',
    ],
    fix: 'Keep one of the entries: merge the values into one (for `Action` or `Resource`, a list), or delete the one that is wrong.',
    level: 'error',
    securitySeverity: 5.0,
    tags: ['input', 'security'],
    references: [
      'https://www.rfc-editor.org/rfc/rfc8259#section-4',
      'https://yaml.org/spec/1.2.2/#mapping',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    ],
    recommended: true,
    domain: 'input',
  },
  messages: {
    duplicate:
      'Key {key} appears again in this mapping (first on line {line}): only one of the values takes effect, and it may not be the one a reviewer reads. Keep one entry.',
  },
  visit: {
    file(file, ctx) {
      if (file.format !== 'json' && file.format !== 'yaml') return;
      const template = file.template !== undefined;
      const path: (string | number)[] = [];
      const visit = (n: SNode): void => {
        if (n.kind === 'seq') {
          n.items.forEach((item, i) => {
            path.push(i);
            visit(item);
            path.pop();
          });
          return;
        }
        if (n.kind !== 'map') return;
        // A `Map`: keys from the file may be `constructor` or `__proto__`.
        const first = new Map<string, SEntry>();
        for (const e of n.entries) {
          const id = keyId(e);
          const earlier = first.get(id);
          path.push(String(e.key.value));
          if (earlier === undefined) first.set(id, e);
          else {
            const where = logicalLocation(path, template);
            ctx.report({
              messageId: 'duplicate',
              at: e.key,
              data: { key: keyText(e), line: file.lines.position(earlier.key.range.start).line },
              ...(where.resource !== undefined ? { resource: where.resource } : {}),
              path: where.path,
            });
          }
          visit(e.value);
          path.pop();
        }
      };
      for (const root of file.roots) visit(root);
    },
  },
});
