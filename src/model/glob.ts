/**
 * IAM wildcard matching: `*` any run of characters (including `/` and `:`), `?` exactly one.
 * Actions match case-insensitively; ARNs and condition values case-sensitively unless the operator
 * says otherwise (`StringEqualsIgnoreCase`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 *
 * Patterns come from scanned files, so they are never turned into regular expressions (a backtracking
 * engine takes exponential time on `a*a*a*...b`). This is the classic greedy two-pointer matcher with
 * one saved star: when a later star is met, the earlier one can never need to absorb more, so the work
 * is at most O(pattern × value) and in practice linear.
 */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  // Most patterns are literal or a bare `*`: answer those at once.
  if (pattern === '*') return true;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  if (!hasWildcard(p)) return p === v;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const c = p.charCodeAt(pi);
    if (pi < p.length && (c === 63 /* ? */ || c === v.charCodeAt(vi))) {
      pi++;
      vi++;
    } else if (pi < p.length && c === 42 /* * */) {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === 42) pi++;
  return pi === p.length;
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/**
 * Whether two patterns can match a common string (both sides may hold `*`/`?`): used to ask whether a
 * Deny's `Resource: arn:aws:iam::*:role/admin-*` can touch what an Allow's `role/*` grants. Dynamic
 * programming over the two patterns, O(|a| × |b|) time and O(|b|) memory; both come from one file and
 * are bounded by the file size limit.
 */
export function globsIntersect(a: string, b: string, caseInsensitive = false): boolean {
  const x = caseInsensitive ? a.toLowerCase() : a;
  const y = caseInsensitive ? b.toLowerCase() : b;
  if (x === '*' || y === '*') return true;
  if (!hasWildcard(x)) return globMatch(y, x);
  if (!hasWildcard(y)) return globMatch(x, y);
  // reach[j]: a prefix of x (rows) and the first j characters of y can match a common string.
  let prev = new Uint8Array(y.length + 1);
  let cur = new Uint8Array(y.length + 1);
  prev[0] = 1;
  for (let j = 1; j <= y.length; j++) prev[j] = prev[j - 1] === 1 && y.charCodeAt(j - 1) === 42 ? 1 : 0;
  for (let i = 1; i <= x.length; i++) {
    const cx = x.charCodeAt(i - 1);
    cur[0] = prev[0] === 1 && cx === 42 ? 1 : 0;
    for (let j = 1; j <= y.length; j++) {
      const cy = y.charCodeAt(j - 1);
      let r = 0;
      if (cx === 42) r = prev[j] === 1 || cur[j - 1] === 1 || prev[j - 1] === 1 ? 1 : 0;
      else if (cy === 42) r = cur[j - 1] === 1 || prev[j] === 1 || prev[j - 1] === 1 ? 1 : 0;
      else if (cx === 63 || cy === 63 || cx === cy) r = prev[j - 1] ?? 0;
      cur[j] = r;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length] === 1;
}

/**
 * Whether every string `inner` matches is also matched by `outer` (a Deny on `outer` covers all an Allow
 * on `inner` grants). Exact for the shapes policies use: `outer` literal, `*`, or a pattern whose
 * wildcards are all `*`; sound otherwise (false when unsure, so a Deny is never assumed wider than it is).
 */
export function globCovers(outer: string, inner: string, caseInsensitive = false): boolean {
  const o = caseInsensitive ? outer.toLowerCase() : outer;
  const i = caseInsensitive ? inner.toLowerCase() : inner;
  if (o === '*') return true;
  if (!hasWildcard(i)) return globMatch(o, i);
  if (!hasWildcard(o)) return false;
  if (o.includes('?')) return false;
  // Treat the inner pattern's wildcards as one fresh character each side cannot contain, and its `*`
  // as "any run": outer covers inner iff outer matches inner read as text, with outer's `*` free to
  // absorb inner's wildcards and inner's `?`/`*` only absorbed by outer's `*`.
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < i.length) {
    const c = o.charCodeAt(pi);
    const d = i.charCodeAt(vi);
    if (pi < o.length && c !== 42 && d !== 42 && d !== 63 && c === d) {
      pi++;
      vi++;
    } else if (pi < o.length && c === 42) {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < o.length && o.charCodeAt(pi) === 42) pi++;
  return pi === o.length;
}
