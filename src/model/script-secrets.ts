/**
 * Secrets other than AWS keys written into a boot script or a config file: private keys, passwords and
 * tokens assigned to secret-looking names, credentials in connection strings and headers. Values that
 * are expanded at run time (`$VAR`, `$(aws ssm get-parameter ...)`, `${Param}` placeholders, `{{resolve:...}}`)
 * are not secrets: fetching the secret at boot with the instance role is the pattern to follow.
 * AWS access keys are `findCredentials`'s business (rule hardcoded-credentials), not this module's.
 */
export interface ScriptSecret {
  /** What was found, for messages: "a private key", "the value of DB_PASSWORD"... */
  readonly what: string;
  readonly index: number;
  readonly length: number;
  /** Safe to print: never the whole secret. */
  readonly masked: string;
}

const EXACT_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'pw', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials']);
const KEY_QUALIFIERS = new Set(['api', 'secret', 'private', 'access', 'auth', 'signing', 'encryption', 'client', 'master']);
/** Names of AWS credentials: reported by hardcoded-credentials when the value is a real key. */
const AWS_CREDENTIAL_NAME = /aws.?(?:secret|access|session)|secret.?access.?key|session.?token|access.?key.?id/i;
const PLACEHOLDER =
  /^(?:<.*|\[.*\]|\*+|x+|\.+|-+|_+|changeme|change_me|password|passwd|secret|token|none|null|nil|undefined|true|false|yes|no|empty|example\w*|sample\w*|dummy\w*|placeholder\w*|redacted|todo|tbd|your\W?\w*|replace\W?\w*|insert\W?\w*|enter\W?\w*)$/i;

/** Whether a variable, key or option name says its value is a secret: `DB_PASSWORD`, `dbPass`, `api-key`, `client_secret`. */
export function isSecretName(name: string): boolean {
  if (AWS_CREDENTIAL_NAME.test(name)) return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1] ?? '';
  if (EXACT_WORDS.has(last)) return true;
  if (/(?:password|passwd|passphrase|secret|token)$/.test(last)) return true;
  if (last === 'key' && KEY_QUALIFIERS.has(words[words.length - 2] ?? '')) return true;
  return /^(?:api|secret|private|access|auth|signing|encryption|client|master)key$/.test(last);
}

/** A value written literally, not expanded at run time and not a placeholder. */
function isLiteralSecret(v: string): boolean {
  if (v.length < 4) return false;
  if (/\$[{(A-Za-z_0-9]|`|\{\{|%\(|^%\w+%$|^@|^--/.test(v)) return false;
  if (/^(?:\/|~\/|\.\/|file:|arn:|https?:\/\/|s3:\/\/|ssm:|secretsmanager:)/i.test(v)) return false;
  return !PLACEHOLDER.test(v);
}

export function maskValue(s: string): string {
  return `${s.slice(0, Math.min(4, Math.floor(s.length / 4)))}${'*'.repeat(8)}`;
}

function unquote(raw: string): { value: string; offset: number } {
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length >= 2 && raw.endsWith(q)) return { value: raw.slice(1, -1), offset: 1 };
  return { value: raw, offset: 0 };
}

const VALUE = String.raw`("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s;&|#'"\x60,}]+)`;
/** `NAME=value`, `export NAME="value"`, `name = value` (ini, credentials files). */
const ASSIGNMENT = new RegExp(String.raw`(?<![\w$.-])([A-Za-z_][\w.-]*)[ \t]*:?=[ \t]*` + VALUE, 'g');
/** `name: value` (YAML, cloud-config, JSON written into a file). */
const KEY_VALUE = new RegExp(String.raw`(?:^|[\s{,])["']?([A-Za-z_][\w.-]*)["']?[ \t]*:[ \t]+` + VALUE, 'gm');
/** `--password value`, `--db-password=value`, `-token value`. */
const OPTION = new RegExp(String.raw`(?:^|\s)--?([A-Za-z][\w-]*)(?:=|[ \t]+)` + VALUE, 'gm');
/** `docker login -p value`, `mysql -pvalue`. */
// The options before `-p` are bounded: an unbounded lazy run retried at every `mysql` of a long line is quadratic.
const SHORT_P = /\b(docker\s+login|mysql(?:dump|admin)?)\b[^\n]{0,256}?\s-p(?:[ \t]+(?=\S)|(?=[^\s-]))("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s;&|]+)/g;
const AUTH_HEADER = /\bAuthorization:[ \t]*(?:Bearer|Basic|token)[ \t]+([A-Za-z0-9._~+/=-]{8,})/gi;
const PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/g;

/** Secrets in one text (a script, a config file, a decoded user-data part), in order of position. */
export function findScriptSecrets(text: string): ScriptSecret[] {
  const out: ScriptSecret[] = [];
  const add = (s: ScriptSecret) => {
    if (out.some((o) => s.index < o.index + o.length && s.index + s.length > o.index)) return;
    out.push(s);
  };
  for (const m of text.matchAll(PRIVATE_KEY)) {
    // A header followed by key material, not by `${Key}` or `...`.
    const body = text.slice(m.index + m[0].length, m.index + m[0].length + 400);
    if (/^[^\n]*\n(?:[ \t]*[\w-]+:[^\n]*\n|[ \t]*\r?\n)*[ \t]*[A-Za-z0-9+/]{20,}/.test(body))
      add({ what: 'a private key', index: m.index, length: m[0].length, masked: m[0] });
  }
  const named = (re: RegExp, what: (name: string) => string, group = 2) => {
    for (const m of text.matchAll(re)) {
      const name = m[1] ?? '';
      const raw = m[group] ?? '';
      if (!isSecretName(name)) continue;
      const { value, offset } = unquote(raw);
      if (!isLiteralSecret(value)) continue;
      add({ what: what(name), index: m.index + m[0].length - raw.length + offset, length: value.length, masked: maskValue(value) });
    }
  };
  named(OPTION, (n) => `the value of option --${n.replace(/^-+/, '')}`);
  named(ASSIGNMENT, (n) => `the value of ${n}`);
  named(KEY_VALUE, (n) => `the value of ${n}`);
  for (const m of text.matchAll(SHORT_P)) {
    const raw = m[2] ?? '';
    const { value, offset } = unquote(raw);
    if (isLiteralSecret(value))
      add({
        what: `the password given to ${(m[1] ?? '').replace(/\s+/g, ' ')} -p`,
        index: m.index + m[0].length - raw.length + offset,
        length: value.length,
        masked: maskValue(value),
      });
  }
  for (const c of urlCredentials(text)) {
    const value = text.slice(c.index, c.index + c.length);
    if (isLiteralSecret(value)) add({ what: 'the password of a connection string', index: c.index, length: c.length, masked: maskValue(value) });
  }
  for (const m of text.matchAll(AUTH_HEADER)) {
    const value = m[1] ?? '';
    if (isLiteralSecret(value))
      add({ what: 'the credential of an Authorization header', index: m.index + m[0].length - value.length, length: value.length, masked: maskValue(value) });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Characters that end the user-info part of a URL (white space, `@`, `/`, quotes). */
function endsUserInfo(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x40 || c === 0x2f || c === 0x27 || c === 0x22;
}

function isSchemeChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2e || c === 0x2d;
}

/**
 * The passwords of `scheme://user:password@host` URLs, in one pass from each `://`: a regular
 * expression that starts at every letter of a long `a.a.a.a...` run is quadratic. The user-info
 * scan stops at `/`, and the next `://` starts with one, so no character is read twice.
 */
export function urlCredentials(text: string, meter?: { reads: number }): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    // A scheme: a letter, then letters, digits, `+`, `.`, `-` (RFC 3986), after a non-word character.
    let s = at;
    while (s > 0 && at - s < 32 && isSchemeChar(text.charCodeAt(s - 1))) s--;
    while (s < at && !/[A-Za-z]/.test(text.charAt(s))) s++;
    if (s === at || (s > 0 && /\w/.test(text.charAt(s - 1)))) continue;
    let i = at + 3;
    let colon = -1;
    while (i < text.length && !endsUserInfo(text.charCodeAt(i))) {
      if (text.charCodeAt(i) === 0x3a && colon < 0) colon = i;
      i++;
    }
    if (meter) meter.reads += i - s;
    if (colon >= 0 && text.charCodeAt(i) === 0x40 && i > colon + 1) out.push({ index: colon + 1, length: i - colon - 1 });
  }
  return out;
}
