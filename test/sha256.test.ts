import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/engine/sha256.js';

describe('sha256Hex', () => {
  const node = (s: string) => createHash('sha256').update(s).digest('hex');
  it('matches node:crypto on the FIPS vectors and every padding length', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // Lengths around the 55/56/64-byte block boundaries and a few blocks long.
    for (let n = 0; n < 200; n++) expect(sha256Hex('a'.repeat(n))).toBe(node('a'.repeat(n)));
  });
  it('hashes UTF-8 bytes, as node:crypto does for a string', () => {
    for (const s of ['é', 'ελληνικά', '日本語のポリシー', '\u0000sep\u0000', '😀 emoji', 'x'.repeat(5000) + 'ü']) expect(sha256Hex(s)).toBe(node(s));
  });
});
