const cache = new Map<string, RegExp>();

/**
 * IAM wildcard matching: `*` any run of characters (including `/` and `:`), `?` one character.
 * Actions match case-insensitively; ARNs and condition values case-sensitively unless the operator says otherwise.
 */
export function globRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const k = (caseInsensitive ? 'i' : 's') + pattern;
  let re = cache.get(k);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[\\s\\S]*')
      .replace(/\?/g, '[\\s\\S]');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
    if (cache.size > 5000) cache.clear();
    cache.set(k, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  // Most patterns are literal or a bare `*`: answer those without a regular expression.
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return caseInsensitive ? pattern.length === value.length && pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return globRegExp(pattern, caseInsensitive).test(value);
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}
