/**
 * The cheap check that rules out files which cannot hold anything iamlint checks, before any parse.
 * Pure (no file system): the node shell calls it on the path alone before reading a file, and on the
 * text before loading it; the code loader calls it too. Only code files are ever ruled out here: a
 * minified JSON policy or a one-line template is still a policy or a template.
 */

/** Type declarations hold types, never values: no policy, no key, no construct call. */
const DECLARATION = /\.d\.[mc]?tsx?$/;
/** Minified by name (`app.min.js`, `vendor-min.js`). */
const MINIFIED_NAME = /[.-]min\.[mc]?js$/;
/** The AWS SDK for JavaScript v2 browser build, vendored (`aws-sdk.js`, `aws-sdk-2.1.0.min.js`). */
const VENDORED_SDK = /(?:^|\/)aws-sdk(?:-\d+(?:\.\d+)*)?(?:\.min)?\.js$/;
const CODE = /\.(?:[mc]?tsx?|[mc]?js)$/;

/**
 * Markers that only bundlers write: webpack's and ncc's runtime (ncc is what GitHub's JavaScript action
 * template builds `dist/index.js` with) and esbuild's CommonJS interop helper. tsc's own output never
 * contains them.
 */
const BUNDLE_MARKERS = ['__webpack_require__', '__nccwpck_require__', 'webpackBootstrap', 'var __commonJS = ', 'System.register('];

/** A line this long is generated (minified or bundled), not written by hand. */
export const MAX_LINE = 4096;

/** Why a file is skipped by its path alone (no read needed), or undefined. */
export function pathSkipReason(path: string): string | undefined {
  const p = path.toLowerCase().replace(/\\/g, '/');
  if (!CODE.test(p)) return undefined;
  if (DECLARATION.test(p)) return 'type declarations (.d.ts)';
  if (MINIFIED_NAME.test(p)) return 'minified code (.min.js)';
  if (p.startsWith('.yarn/releases/') || p.includes('/.yarn/releases/')) return 'committed Yarn release (.yarn/releases)';
  if (VENDORED_SDK.test(p)) return 'vendored AWS SDK bundle (aws-sdk.js)';
  return undefined;
}

/** The length of the longest line, stopping as soon as one reaches `limit`. Linear, no regular expression. */
function longLine(text: string, limit: number): boolean {
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start >= limit) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}

/** The last `//# sourceMappingURL=` comment: generated code (compiled or bundled); its source, if committed, is scanned instead. */
function hasSourceMap(text: string): boolean {
  const tail = text.slice(Math.max(0, text.length - 4096));
  // Inline source maps (`data:` URLs) can be longer than the tail; they are on the last line too.
  return tail.includes('//# sourceMappingURL=') || tail.includes('//@ sourceMappingURL=') || text.lastIndexOf('//# sourceMappingURL=data:') >= 0;
}

/**
 * Why a file cannot hold anything iamlint checks and is not parsed (`.d.ts`, minified or bundled code,
 * committed Yarn releases, a vendored AWS SDK), or undefined when it must be loaded. Linear in the text.
 */
export function skipReason(path: string, text: string): string | undefined {
  const byPath = pathSkipReason(path);
  if (byPath !== undefined || !CODE.test(path.toLowerCase())) return byPath;
  const head = text.slice(0, 65536);
  for (const m of BUNDLE_MARKERS) if (head.includes(m)) return 'bundled code (webpack, ncc or esbuild output)';
  if (hasSourceMap(text)) return 'generated code (it has a sourceMappingURL comment)';
  if (longLine(text, MAX_LINE)) return `minified or generated code (a line of ${MAX_LINE} characters or more)`;
  return undefined;
}
