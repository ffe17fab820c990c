import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { actual, expectations, fixtureFiles, lintFixture, rulesFor } from './fixture-harness.js';

/**
 * The fixture harness: every fixture of every rule, run with that rule (and the engine's rules), must
 * yield exactly the (line, messageId) pairs its `expect:` markers announce; `good*` files yield nothing.
 */
describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  const files = fixtureFiles(rule);

  it('has fixtures', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(file, () => {
      const { result, bytes, path } = lintFixture(rule, file);
      const expected = expectations(path, bytes);
      if (file.startsWith('good')) {
        expect(expected, 'a good fixture carries no expect markers').toEqual([]);
      } else {
        expect(expected.length, 'a bad fixture announces at least one finding').toBeGreaterThan(0);
      }
      expect(actual(result.findings)).toEqual(expected);
      // Every finding names a rule that ran and a message id that rule declares.
      const enabled = new Map(rulesFor(rule).map((r) => [r.id, r]));
      for (const f of result.findings) {
        const r = enabled.get(f.ruleId);
        expect(r, `finding of rule ${f.ruleId}`).toBeDefined();
        expect(Object.keys(r?.messages ?? {})).toContain(f.messageId);
        // A placeholder left uninterpolated (`${X}` is how values from a template are shown, and stays).
        expect(f.message).not.toMatch(/(?<!\$)\{\w+\}/);
      }
    });
  }
});
