import { defineRule, type SMap, type SNode } from '../../src/index.js';

/** Mappings up to this size are checked pair by pair (at most 28 comparisons). */
const SMALL = 8;

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
      const report = (e: SEntry, earlier: SEntry) =>
        ctx.report({ messageId: 'duplicate', at: e.key, data: { key: keyText(e), line: file.lines.position(earlier.key.range.start).line } });
      // Iterative (a deep file cannot overflow the stack); the engine names the location from the key node.
      const stack: SNode[] = [...file.roots];
      while (stack.length) {
        const n = stack.pop() as SNode;
        if (n.kind === 'seq') {
          for (const item of n.items) if (item.kind !== 'scalar') stack.push(item);
          continue;
        }
        if (n.kind !== 'map') continue;
        const entries = n.entries;
        if (entries.length <= SMALL) {
          // Most mappings are small: comparing pairs costs less than building a Map of key strings.
          for (let i = 1; i < entries.length; i++) {
            const e = entries[i] as SEntry;
            for (let j = 0; j < i; j++) {
              const o = entries[j] as SEntry;
              if (o.key.value === e.key.value && typeof o.key.value === typeof e.key.value) {
                report(e, o);
                break;
              }
            }
          }
        } else {
          // A `Map`: keys from the file may be `constructor` or `__proto__`.
          const first = new Map<string, SEntry>();
          for (const e of entries) {
            const id = keyId(e);
            const earlier = first.get(id);
            if (earlier === undefined) first.set(id, e);
            else report(e, earlier);
          }
        }
        for (let i = entries.length - 1; i >= 0; i--) {
          const v = (entries[i] as SEntry).value;
          if (v.kind !== 'scalar') stack.push(v);
        }
      }
    },
  },
});
