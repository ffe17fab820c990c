import { InputError } from './errors.js';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * Bytes to text, refusing what is not a text file iamlint can read: too large, binary (a NUL byte in
 * the first 8 KiB, as git decides), or invalid UTF-8 (with the byte offset of the first bad sequence).
 * A UTF-8 BOM is dropped; CRLF is kept (positions count it as one line break).
 */
export function decodeText(bytes: Uint8Array, maxSize = DEFAULT_MAX_FILE_SIZE): { text: string } | { error: InputError; text: string } {
  if (bytes.length > maxSize)
    return { error: new InputError(`File is ${bytes.length} bytes, over the ${maxSize}-byte limit (setting maxFileSize); not scanned`, 0), text: '' };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { error: new InputError('Binary file (it contains NUL bytes); not scanned', head.indexOf(0)), text: '' };
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const bad = firstInvalidUtf8(body);
    const prefix = new TextDecoder('utf-8').decode(body.subarray(0, bad));
    // The whole file, leniently decoded: the error's line and column are those of the bad byte, not of the text's end.
    return { error: new InputError(`Invalid UTF-8 at byte ${bad + start}`, prefix.length), text: new TextDecoder('utf-8').decode(body) };
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}
