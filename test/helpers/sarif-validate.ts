import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const SCHEMA_PATH = fileURLToPath(new URL('../schemas/sarif-schema-2.1.0.json', import.meta.url));

// RFC 3986 characters, with `%` only as the start of a percent-encoding. Spaces, backslashes and
// non-ASCII characters must be percent-encoded, which is what GitHub and the SARIF spec expect.
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  // The official schema is draft-04 (`id`, draft-04 `$schema`), which Ajv 8 does not load; it uses
  // no draft-04-only keyword (no boolean exclusiveMinimum), so renaming `id` to `$id` is enough.
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const id = String(schema['id']);
  delete schema['id'];
  delete schema['$schema'];
  const ajv = new Ajv({ strict: false, allErrors: true });
  // Own format checks instead of ajv-formats: the three formats the schema uses, strictly enough to
  // catch an unencoded space in a URI.
  ajv.addFormat('uri', (s: string) => URI.test(s) && URI_REFERENCE.test(s));
  ajv.addFormat('uri-reference', (s: string) => URI_REFERENCE.test(s));
  ajv.addFormat('date-time', (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile({ ...schema, $id: id });
}

/** Validates a SARIF log (object or JSON text) against the official 2.1.0 schema; returns readable errors, empty when valid. */
export function validateSarif(log: unknown): string[] {
  validator ??= compile();
  const value = typeof log === 'string' ? (JSON.parse(log) as unknown) : log;
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
