import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

function fileType(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * Reads a regular file, never more than `max + 1` bytes. Opened non-blocking (a FIFO would otherwise
 * block `open` until a writer comes), then `fstat` on the open descriptor (no race with a rename):
 * a FIFO, a device (`/dev/zero` behind a symlink) or a socket is refused before any read, and so is a
 * file over the size limit.
 */
export function readRegularFile(abs: string, max: number): { bytes: Uint8Array } | { reason: string } {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { reason: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { reason: `${fileType(st)}, not a regular file; not read` };
    if (st.size > max) return { reason: `File is ${st.size} bytes, over the ${max}-byte limit (setting maxFileSize); not read` };
    // One byte more than the size: a file that grew since fstat is noticed (and read up to the limit only).
    const chunks: Buffer[] = [];
    let total = 0;
    let want = st.size + 1;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(want, max + 1 - total));
      let off = 0;
      while (off < buf.length) {
        const n = readSync(fd, buf, off, buf.length - off, null);
        if (n === 0) break;
        off += n;
      }
      chunks.push(buf.subarray(0, off));
      total += off;
      if (off < buf.length || total > max) break;
      want = 65536;
    }
    if (total > max) return { reason: `File is over the ${max}-byte limit (setting maxFileSize); not read` };
    return { bytes: chunks.length === 1 ? (chunks[0] ?? new Uint8Array(0)) : Buffer.concat(chunks, total) };
  } catch (e) {
    return { reason: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * A small text file the shell reads for itself (a configuration, a baseline, a `.gitignore`), with the
 * same care as a scanned file: a FIFO committed as `.iamlintrc.json` must not hang the run. Throws
 * an Error with the reason when the file cannot be read.
 */
export function readTextFile(path: string, max: number): string {
  const r = readRegularFile(path, max);
  if ('reason' in r) throw new Error(r.reason);
  return new TextDecoder('utf-8').decode(r.bytes);
}
