import { describe, expect, it } from 'vitest';
import { globCovers, globMatch, globsIntersect } from '../src/model/glob.js';

/** A reference matcher for the differential tests: a regular expression over generated patterns (tests only). */
function reference(pattern: string, value: string, ci = false): boolean {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[\\s\\S]*')
    .replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${body}$`, ci ? 'i' : '').test(value);
}

/** Deterministic pseudo-random generator (xorshift), so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

function word(r: () => number, alphabet: string, max: number): string {
  const n = Math.floor(r() * (max + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

/** Every string over `alphabet` up to `max` characters. */
function allStrings(alphabet: string, max: number): string[] {
  let level = [''];
  const out = [''];
  for (let n = 1; n <= max; n++) {
    const next: string[] = [];
    for (const s of level) for (const c of alphabet) next.push(s + c);
    out.push(...next);
    level = next;
  }
  return out;
}

describe('globMatch', () => {
  it('matches IAM wildcards', () => {
    expect(globMatch('iam:Pass*', 'iam:PassRole')).toBe(true);
    expect(globMatch('IAM:pass*', 'iam:PassRole', true)).toBe(true);
    expect(globMatch('IAM:pass*', 'iam:PassRole')).toBe(false);
    expect(globMatch('*:PassRole', 'iam:PassRole')).toBe(true);
    expect(globMatch('iam:P?ssRole', 'iam:PassRole')).toBe(true);
    expect(globMatch('arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:role/a/b')).toBe(true);
    expect(globMatch('arn:aws:iam::*:role/*', 'arn:aws:s3:::bucket')).toBe(false);
    expect(globMatch('a?', 'a')).toBe(false);
    expect(globMatch('', '')).toBe(true);
    expect(globMatch('**', '')).toBe(true);
  });

  it('agrees with a regular-expression reference on random patterns', () => {
    const r = rng(7);
    for (let n = 0; n < 20_000; n++) {
      const p = word(r, 'ab*?', 8);
      const v = word(r, 'abAB', 8);
      const ci = r() < 0.3;
      expect(globMatch(p, v, ci), `${p} ~ ${v} ${ci}`).toBe(reference(p, v, ci));
    }
  });

  it('completes on 40-star patterns that make a backtracking engine exponential', () => {
    // Only completion is asserted; the benchmark measures the time.
    const pattern = 'a*'.repeat(40) + 'b';
    const value = 'a'.repeat(200);
    expect(globMatch(pattern, value)).toBe(false);
    expect(globMatch(pattern, value + 'b')).toBe(true);
    expect(globsIntersect(pattern, 'a*'.repeat(40) + 'c')).toBe(false);
    expect(globCovers('*a*', pattern)).toBe(true);
  });
});

describe('globsIntersect and globCovers', () => {
  const universe = allStrings('ab', 5);
  const lang = (p: string) => new Set(universe.filter((s) => reference(p, s)));

  it('agree with brute force over a small alphabet', () => {
    const r = rng(11);
    for (let n = 0; n < 1500; n++) {
      const a = word(r, 'ab*?', 4);
      const b = word(r, 'ab*?', 4);
      const la = lang(a);
      const lb = lang(b);
      const meet = [...la].some((s) => lb.has(s));
      // Intersection over bounded strings is a lower bound of the real one; patterns of ≤4 symbols need ≤5 characters.
      expect(globsIntersect(a, b), `${a} ∩ ${b}`).toBe(meet);
      const covered = [...lb].every((s) => la.has(s));
      // Covers is sound: never claims coverage that brute force refutes.
      if (globCovers(a, b)) expect(covered, `${a} ⊇ ${b}`).toBe(true);
      if (!a.includes('?') && !b.includes('?') && !b.includes('*')) expect(globCovers(a, b)).toBe(covered);
    }
  });
});
