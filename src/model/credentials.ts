import type { SNode } from './node.js';

/**
 * AWS credential formats.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * Only AKIA (long-term), ASIA (temporary), ABIA (STS bearer token) and ACCA (context-specific) ids are
 * credentials; AIDA, AROA and the other unique ids are identifiers, not secrets.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html (example keys)
 */
export type CredentialKind = 'accessKeyId' | 'secretAccessKey' | 'sessionToken';

export interface CredentialMatch {
  readonly kind: CredentialKind;
  /** Offset of the match in the scanned string. */
  readonly index: number;
  readonly length: number;
  /** A form safe to print: never the whole secret. */
  readonly masked: string;
  /** AWS's documented placeholder keys (ending in EXAMPLE / EXAMPLEKEY). */
  readonly example: boolean;
}

const KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const SECRET40 = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g;
const TOKEN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{100,}={0,3}(?![A-Za-z0-9+/=])/g;
/** A name that says its value is a secret access key. */
const SECRET_NAME = /secret.?access.?key|aws.?secret|secretkey|secret_key|aws.{0,20}?(?:key|pwd|pass|token)/i;
const TOKEN_NAME = /session.?token|security.?token/i;
/** An assignment inside a longer text: `aws_secret_access_key = X`, `AWS_SECRET_ACCESS_KEY="X"`, `--aws-secret-access-key X`. */
const ASSIGNED_SECRET =
  /(?:aws_?secret_?access_?key|secret_?access_?key|secretAccessKey|aws-secret-access-key)["']?\s*(?:[:=]|=>|\s)\s*["']?([A-Za-z0-9+/]{40})(?![A-Za-z0-9+/=])/gi;
const ASSIGNED_TOKEN = /(?:aws_?session_?token|session_?token|sessionToken|aws-session-token)["']?\s*(?:[:=]|=>|\s)\s*["']?([A-Za-z0-9+/]{100,}={0,3})/gi;

export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Whether a string holds an access key id that findCredentials would report (placeholders such as
 * `AKIAXXXXXXXXXXXXXXXX` excluded): only such an id makes a nearby 40-character string a secret.
 */
export function containsKeyId(text: string): boolean {
  for (const m of text.matchAll(KEY_ID)) if (m[0].endsWith('EXAMPLE') || entropy(m[0]) >= 3) return true;
  return false;
}

const PAIR_NAME = new Set(['Name', 'name', 'Key', 'key', 'ParameterKey', 'OptionName']);
const PAIR_VALUE = new Set(['Value', 'value', 'ParameterValue']);

/**
 * Values named by a sibling rather than by their key: `{Name: AWS_SECRET_ACCESS_KEY, Value: ...}` (ECS,
 * CodeBuild and Elastic Beanstalk environments) and `{ParameterKey: ..., ParameterValue: ...}`
 * (CloudFormation parameter files). Maps each such value node to the name.
 */
export function siblingNames(root: SNode): Map<SNode, string> {
  const out = new Map<SNode, string>();
  const visit = (n: SNode): void => {
    if (n.kind === 'seq') n.items.forEach(visit);
    if (n.kind !== 'map') return;
    const name = n.entries.find((e) => PAIR_NAME.has(String(e.key.value)))?.value;
    if (name?.kind === 'scalar' && typeof name.value === 'string') {
      for (const e of n.entries) if (PAIR_VALUE.has(String(e.key.value))) out.set(e.value, name.value);
    }
    for (const e of n.entries) visit(e.value);
  };
  visit(root);
  return out;
}

/** Runs of base64 characters long enough to hold a key id; each is split at the key ids it holds. */
const RUN = /[A-Za-z0-9+/]{20,}={0,3}/g;
/** Key ids anywhere in a run (even inside a longer word, or glued to the secret key: `AKIA…wJalr…`). */
const KEY_ID_IN_RUN = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}/g;

/** Changes between upper case, lower case, digits and `+/`: random base64 changes at about 2 of 3 characters, CamelCase names at word boundaries. */
function classChanges(s: string): number {
  const cls = (c: number) => (c >= 0x41 && c <= 0x5a ? 0 : c >= 0x61 && c <= 0x7a ? 1 : c >= 0x30 && c <= 0x39 ? 2 : 3);
  let n = 0;
  for (let i = 1; i < s.length; i++) if (cls(s.charCodeAt(i)) !== cls(s.charCodeAt(i - 1))) n++;
  return n;
}

/**
 * Whether a base64-looking run may be a secret: a run of exactly 40 characters (a secret access key)
 * unless it reads as a name, and any run of 100 or more (a session token, or an encoded blob, which
 * costs nothing to mask). Runs of other lengths are no AWS credential: CDK logical ids
 * (`ApiDeploymentB17BE62Db88257c77a8ea9c3c9d7e89caa481b78`) and paths stay readable.
 */
function mayBeSecretRun(run: string): boolean {
  const body = run.replace(/=+$/, '');
  if (body.length >= 100) return true;
  if (body.length !== 40 || /^[0-9a-f]+$/i.test(body)) return false;
  // A name is mostly words (runs of four or more lower-case letters: `Default`, `Policy`) and changes
  // case at word boundaries; random base64 changes class at about 2 of 3 characters. Tuned so that
  // 1 random key in 5,000 reads as a name.
  let wordy = 0;
  for (const w of body.match(/[a-z]{4,}/g) ?? []) wordy += w.length;
  return wordy < body.length * 0.5 && classChanges(body) >= body.length * 0.25;
}

/**
 * A text safe to print when it may hold a credential (a message, a key of a map, part of a logical
 * path, a parser error): key ids masked, and runs of 40 or more base64 characters that may be a secret
 * key or a session token. The engine applies it to every message and logical location.
 */
export function redactCredentials(text: string): string {
  if (text.length < 20) return text;
  return text.replace(RUN, redactRun);
}

/** One base64 run: key ids masked, and what lies before, between and after them judged as a secret on its own. */
function redactRun(run: string): string {
  let out = '';
  let from = 0;
  for (const m of run.matchAll(KEY_ID_IN_RUN)) {
    out += redactSegment(run.slice(from, m.index)) + maskSecret(m[0]);
    from = m.index + m[0].length;
  }
  return out + redactSegment(run.slice(from));
}

function redactSegment(s: string): string {
  return s.length >= 40 && mayBeSecretRun(s) ? maskSecret(s) : s;
}

/** Per ASCII character: 1 a base64 character (`A-Z a-z 0-9 + /`), 2 an escape's first character (`\`, `%`), 0 anything else. */
const RUN_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  RUN_CLASS[c] = /[A-Za-z0-9+/]/.test(ch) ? 1 : ch === '\\' || ch === '%' ? 2 : 0;
}

/** Whether the character at `i` ends every run, whatever comes before: neither a run character nor the second of an escape. */
function endsRuns(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128 && RUN_CLASS[c] !== 0) return false;
  const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
  return prev !== 0x5c && prev !== 0x25;
}

/** Escapes by code point: JSON's and YAML's (`\u0041`, `\x41`, `\U00000041`) and URL encoding's (`%41`). */
const SPELLING_ESCAPE = /\\[uxU]|%[0-9A-Fa-f]{2}/;

/** `scanRuns` found a run that may hold a credential. */
const FOUND = -2;

/**
 * The exact scan of `mayHoldCredential`, from `from` (where no run is open): FOUND, or the position of
 * the first character at or after `until` that ended a run (the text's length at its end). A stretch
 * with an escape counts from `escapedRun` characters.
 */
function scanRuns(text: string, from: number, until: number, escapedRun = 40): number {
  let start = -1;
  let escaped = false;
  for (let i = from; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const cls = c < 128 ? RUN_CLASS[c] : 0;
    if (cls === 1) {
      if (start < 0) start = i;
      continue;
    }
    if (cls === 2) {
      // `\` or `%` and the character after it; after `\` + line break, the blanks that follow too.
      if (start < 0) start = i;
      escaped = true;
      i++;
      const next = text.charCodeAt(i);
      if (c === 0x5c && (next === 0x0a || next === 0x0d)) {
        if (next === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
        while (text.charCodeAt(i + 1) === 0x20 || text.charCodeAt(i + 1) === 0x09) i++;
      }
      continue;
    }
    if (start >= 0) {
      const len = i - start;
      if (escaped ? len >= escapedRun : len >= 100) return FOUND;
      if (!escaped && len === 40 && c !== 0x3d) {
        const run = text.slice(start, i);
        if (run.endsWith('EXAMPLEKEY') || secretLooksReal(run)) return FOUND;
      }
      start = -1;
      escaped = false;
    }
    if (i >= until) return i;
  }
  return text.length;
}

/**
 * Whether a string, or a JSON or YAML file's text, may hold a credential `findCredentials` reports: the
 * one test in front of it. Each form it reports needs a key id prefix, or a run of base64 characters
 * (bounded by other characters) of exactly 40 not followed by `=` that reads as a secret
 * (`secretLooksReal`, or AWS's example), or one of 100 or more (a session token). A string written as
 * is in a file has its runs in the text: it begins and ends at a quote, a blank, a line break or an
 * indicator, none of them base64, and YAML's folding joins lines with a blank. An escape (`\n`,
 * `\u0041`, `\/`, a YAML line continuation `\` + line break, `%2F` in a URL-encoded policy) can make a
 * run longer or shorter than it looks: a stretch of base64 characters and escapes 40 or more long
 * counts, whatever it holds (20 where an escape can spell a letter of a key id). Linear, and most characters are never read. CDK asset hashes (64 characters) and long
 * logical ids that do not read as secrets do not send a file through the walk over every string.
 */
export function mayHoldCredential(text: string): boolean {
  const n = text.length;
  if (n < 20) return false;
  if (text.includes('AKIA') || text.includes('ASIA') || text.includes('ABIA') || text.includes('ACCA')) return true;
  // An escape that spells a character (`\\u0041`, `\\x41`, `%41`) can hide a key id's prefix: there a
  // stretch with an escape as long as a key id (20) counts. A line continuation carries a run on over the
  // blanks after it. Either way the whole text, character by character.
  const spelt = SPELLING_ESCAPE.test(text);
  if (spelt || text.includes('\\\n') || text.includes('\\\r')) return scanRuns(text, 0, n, spelt ? 20 : 40) === FOUND;
  // Every run that counts is 40 or more long, so it covers one of any 40 characters in a row: test one
  // character in 40, and scan exactly only the runs those land in. Linear; most characters never read.
  let ended = -1;
  for (let p = 39; p < n;) {
    if (endsRuns(text, p)) {
      ended = p;
      p += 40;
      continue;
    }
    let q = p - 1;
    while (q > ended && !endsRuns(text, q)) q--;
    const r = scanRuns(text, q + 1, p);
    if (r === FOUND) return true;
    ended = r;
    p = r + 40;
  }
  return false;
}

/**
 * Whether a text names a secret key or a session token the way `findCredentials` takes a name
 * (`aws_secret_access_key`, `awsKey`, `AWS_PASS`, `sessionToken`): in code and Terraform a credential can
 * be built from parts, none of them a whole run, and assigned to such a name.
 */
export function mentionsCredentialName(text: string): boolean {
  return SECRET_NAME.test(text) || TOKEN_NAME.test(text);
}

/**
 * Whether a JSON or YAML file's text may give one of its strings what `findCredentials` needs beside a
 * run that can be a secret or a token (`mayHoldCredential`): a key id (in it, or near it), or a name that
 * says secret key or session token (its key, a sibling `Name`, or `aws_secret_access_key=` in it). Both
 * are in the text as written, unless an escape (`\u005f`, `%5F`) spells them: a text with an escape counts.
 */
export function mayNameCredential(text: string): boolean {
  return (
    text.includes('AKIA') ||
    text.includes('ASIA') ||
    text.includes('ABIA') ||
    text.includes('ACCA') ||
    text.includes('\\') ||
    text.includes('%') ||
    mentionsCredentialName(text)
  );
}

/** First four characters and a fixed ellipsis: enough to find the key, never enough to use it. */
export function maskSecret(s: string): string {
  return `${s.slice(0, 4)}${'*'.repeat(8)}`;
}

function maskKeyId(s: string): string {
  return `${s.slice(0, 4)}${'*'.repeat(12)}${s.slice(-4)}`;
}

function secretLooksReal(s: string): boolean {
  // git SHAs and other hex, all-one-case words, and low-entropy placeholders are not keys.
  if (/^[0-9a-f]+$/i.test(s)) return false;
  if (!/[A-Z]/.test(s) || !/[a-z]/.test(s)) return false;
  if (/^[A-Za-z]+$/.test(s)) return false;
  return entropy(s) >= 4.0;
}

/**
 * AWS's documented example session tokens carry `EXAMPLE` in the middle, as the example key pair does
 * at its end (`AQoEXAMPLEH4aoAH0gNCAPy...` in the `get-session-token` example,
 * https://docs.aws.amazon.com/cli/latest/reference/sts/get-session-token.html): a note, not a credential.
 */
function isExampleToken(s: string): boolean {
  return s.includes('EXAMPLE');
}

function tokenLooksReal(s: string): boolean {
  return /IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz|YXdz/.test(s) && entropy(s) >= 4.5;
}

/**
 * Credentials in one string. `name` is the key or variable the string is assigned to, if any;
 * `nearKeyId` says an access key id is close by (same value, or a sibling), which lets a bare
 * 40-character secret count.
 */
export function findCredentials(text: string, name?: string, nearKeyId = false): CredentialMatch[] {
  // Every credential form below needs a key id or a base64 run that can be a secret or a token: most strings have neither.
  if (!mayHoldCredential(text)) return [];
  const out: CredentialMatch[] = [];
  const taken: [number, number][] = [];
  const add = (m: CredentialMatch) => {
    if (taken.some(([a, b]) => m.index < b && m.index + m.length > a)) return;
    taken.push([m.index, m.index + m.length]);
    out.push(m);
  };
  let hasKeyId = nearKeyId;
  for (const m of text.matchAll(KEY_ID)) {
    const id = m[0];
    const example = id.endsWith('EXAMPLE');
    if (!example && entropy(id) < 3) continue;
    hasKeyId = true;
    add({ kind: 'accessKeyId', index: m.index, length: id.length, masked: maskKeyId(id), example });
  }
  for (const m of text.matchAll(ASSIGNED_SECRET)) {
    const v = m[1] ?? '';
    const idx = m.index + m[0].length - v.length;
    const example = v.endsWith('EXAMPLEKEY');
    if (example || secretLooksReal(v)) add({ kind: 'secretAccessKey', index: idx, length: v.length, masked: maskSecret(v), example });
  }
  for (const m of text.matchAll(ASSIGNED_TOKEN)) {
    const v = m[1] ?? '';
    const idx = m.index + m[0].length - v.length;
    const example = isExampleToken(v);
    if (example || tokenLooksReal(v)) add({ kind: 'sessionToken', index: idx, length: v.length, masked: maskSecret(v), example });
  }
  const secretName = name !== undefined && SECRET_NAME.test(name);
  if (hasKeyId || secretName) {
    for (const m of text.matchAll(SECRET40)) {
      const v = m[0];
      const example = v.endsWith('EXAMPLEKEY');
      if (example || secretLooksReal(v)) add({ kind: 'secretAccessKey', index: m.index, length: v.length, masked: maskSecret(v), example });
    }
  }
  if (name !== undefined && TOKEN_NAME.test(name)) {
    for (const m of text.matchAll(TOKEN)) {
      const example = isExampleToken(m[0]);
      if (example || tokenLooksReal(m[0])) add({ kind: 'sessionToken', index: m.index, length: m[0].length, masked: maskSecret(m[0]), example });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
