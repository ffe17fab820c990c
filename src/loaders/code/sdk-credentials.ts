import type { TSESTree } from '@typescript-eslint/types';
import type { CredentialSite, Edit } from '../../model/code.js';
import { propName, staticKey, unwrap, type Node, type Scope } from './scope.js';
import { findProperty, findPropertyNode, type Values } from './values.js';

type Field = CredentialSite['field'];
const FIELDS: readonly Field[] = ['accessKeyId', 'secretAccessKey', 'sessionToken'];
/** The variables the SDKs' default provider chains read. https://docs.aws.amazon.com/sdkref/latest/guide/feature-static-credentials.html */
const ENV_FIELDS: Record<string, Field> = { AWS_ACCESS_KEY_ID: 'accessKeyId', AWS_SECRET_ACCESS_KEY: 'secretAccessKey', AWS_SESSION_TOKEN: 'sessionToken' };

/** A string literal, or a template literal without substitutions. */
export type StringNode = TSESTree.StringLiteral | TSESTree.TemplateLiteral;

function isStringNode(n: Node): n is StringNode {
  return (n.type === 'Literal' && typeof n.value === 'string') || (n.type === 'TemplateLiteral' && n.expressions.length === 0);
}

/**
 * Literals handed to the AWS SDK as credentials, for the credential rule to say what to do instead:
 * - v3: `new XClient({ credentials: { accessKeyId, secretAccessKey, sessionToken } })` (or a function returning them);
 * - v2: `new AWS.Credentials(id, secret, token)`, `new AWS.S3({ accessKeyId, ... })`, `AWS.config.update({...})`,
 *   `new AWS.Config({...})`, `AWS.config.credentials = {...}`;
 * - `process.env.AWS_SECRET_ACCESS_KEY = '...'`.
 * Values from `process.env`, calls or imports are not literals and are not sites. Where deleting a
 * property is a safe edit (the SDK then falls back to its default provider chain) the site carries it.
 */
export class SdkCredentials {
  readonly sites = new Map<StringNode, CredentialSite>();

  constructor(
    private readonly scope: Scope,
    private readonly v: Values,
    private readonly text: string,
  ) {}

  private literal(e: Node): StringNode | undefined {
    const n = this.v.resolve(e);
    return isStringNode(n) ? n : undefined;
  }

  private add(e: Node | undefined, api: string, field: Field, removal: readonly Edit[] | undefined): void {
    if (!e) return;
    const lit = this.literal(e);
    if (lit && !this.sites.has(lit)) this.sites.set(lit, { api, field, removal });
  }

  /** `{ accessKeyId, secretAccessKey, sessionToken }`: a site for each literal, all removed together. */
  private credentialObject(e: Node, api: string, removal: readonly Edit[] | undefined): void {
    let n = this.v.resolve(e);
    // `credentials: async () => ({ ... })`: a provider function that returns literals.
    if ((n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') && n.body.type !== 'BlockStatement') n = this.v.resolve(n.body);
    if (n.type !== 'ObjectExpression') return;
    for (const f of FIELDS) this.add(findProperty(n, f), api, f, removal);
  }

  /** A client or global config object: `credentials` and (v2) top-level keys. */
  private config(e: Node | undefined, api: string, v2: boolean): void {
    if (!e || e.type === 'SpreadElement') return;
    const obj = this.v.resolve(e);
    if (obj.type !== 'ObjectExpression') return;
    const creds = findPropertyNode(obj, 'credentials');
    if (creds) this.credentialObject(creds.value, api, removeProperties(obj, [creds]));
    if (!v2) return;
    const props = FIELDS.map((f) => findPropertyNode(obj, f)).filter((p): p is TSESTree.Property => p !== undefined);
    const removal = removeProperties(obj, props);
    for (const p of props) this.add(p.value, api, staticKey(p) as Field, removal);
  }

  /** Removing the whole statement `x = '...';`, with its line when it stands alone. */
  private statementRemoval(n: Node): Edit[] | undefined {
    const st = this.scope.parents.get(n);
    if (st?.type !== 'ExpressionStatement') return undefined;
    let start = st.range[0];
    let end = st.range[1];
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const m = /^[ \t]*\r?\n/.exec(this.text.slice(end));
    if (/^[ \t]*$/.test(this.text.slice(lineStart, start)) && m) {
      start = lineStart;
      end += m[0].length;
    }
    return [{ range: { start, end }, text: '' }];
  }

  collect(): void {
    for (const n of this.scope.news) {
      const r = this.scope.ref(n.callee);
      if (!r || r.name === undefined) continue;
      const api = `new ${this.v.text(n.callee)}`;
      if (r.module === 'sdk3') this.config(n.arguments[0], api, false);
      else if (r.module === 'sdk2') {
        if (r.name === 'Credentials') {
          const [a, b, c] = n.arguments;
          if (a && a.type !== 'SpreadElement' && this.v.resolve(a).type === 'ObjectExpression') this.credentialObject(a, api, undefined);
          else [a, b, c].forEach((x, i) => x && x.type !== 'SpreadElement' && this.add(x, api, FIELDS[i] as Field, undefined));
        } else this.config(n.arguments[0], api, true);
      }
    }
    for (const c of this.scope.calls) {
      const r = this.scope.ref(c.callee);
      if (r?.module === 'sdk2' && r.name === 'config.update') this.config(c.arguments[0], `${this.v.text(c.callee)}`, true);
    }
    for (const a of this.scope.assignments) {
      if (a.operator !== '=' || a.left.type !== 'MemberExpression') continue;
      const name = propName(a.left);
      if (name === undefined) continue;
      const obj = unwrap(a.left.object);
      // process.env.AWS_SECRET_ACCESS_KEY = '...'
      if (
        obj.type === 'MemberExpression' &&
        propName(obj) === 'env' &&
        unwrap(obj.object).type === 'Identifier' &&
        (unwrap(obj.object) as TSESTree.Identifier).name === 'process'
      ) {
        const f = ENV_FIELDS[name];
        if (f) this.add(a.right, 'process.env', f, this.statementRemoval(a));
        continue;
      }
      const r = this.scope.ref(a.left);
      if (r?.module !== 'sdk2') continue;
      if (r.name === 'config.credentials') this.credentialObject(a.right, this.v.text(a.left), this.statementRemoval(a));
      else if (r.name?.startsWith('config.') && FIELDS.includes(name as Field)) this.add(a.right, this.v.text(a.left), name as Field, this.statementRemoval(a));
    }
  }
}

/**
 * Deletes properties from an object literal with their separating commas: each run of adjacent
 * properties goes up to the next property, or (for the last ones) from the end of the previous one.
 */
export function removeProperties(obj: TSESTree.ObjectExpression, props: readonly TSESTree.Property[]): Edit[] | undefined {
  if (props.length === 0) return undefined;
  const all = obj.properties;
  const idx = props.map((p) => all.indexOf(p as TSESTree.ObjectLiteralElement)).sort((a, b) => a - b);
  if (idx.some((i) => i < 0)) return undefined;
  const edits: Edit[] = [];
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1] === (idx[j] as number) + 1) j++;
    const first = all[idx[i] as number] as Node;
    const last = all[idx[j] as number] as Node;
    const next = all[(idx[j] as number) + 1];
    const prev = all[(idx[i] as number) - 1];
    if (next) edits.push({ range: { start: first.range[0], end: next.range[0] }, text: '' });
    else if (prev) edits.push({ range: { start: prev.range[1], end: last.range[1] }, text: '' });
    else edits.push({ range: { start: first.range[0], end: last.range[1] }, text: '' });
    i = j + 1;
  }
  return edits;
}
