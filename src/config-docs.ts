/**
 * The README's configuration reference, generated from schema/iamlintrc.schema.json (the schema is
 * the single source: it validates the file, gives editors their hints, and writes this table).
 * `npm run docs` writes it; test/readme.test.ts fails when the README's copy is stale.
 */

export const CONFIG_START = '<!-- config:start -->';
export const CONFIG_END = '<!-- config:end -->';

interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly minLength?: number;
  readonly uniqueItems?: boolean;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(v: unknown): string {
  return `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
}

/** A short, human description of a schema node's type: `off` | `note` …, "array of strings matching …". */
function typeOf(n: SchemaNode): string {
  if (n.enum) return n.enum.map(code).join(' | ');
  if (n.type === 'array') {
    const item = n.items ? typeOf(n.items).replace(/^(non-empty )?string\b/, '$1strings') : 'values';
    return `array of ${item}${n.uniqueItems ? ', no duplicates' : ''}`;
  }
  if (n.type === 'object' && typeof n.additionalProperties === 'object') return `object: rule id → ${typeOf(n.additionalProperties)}`;
  if (n.type === 'integer') return n.minimum !== undefined ? `integer ≥ ${n.minimum}` : 'integer';
  if (n.type === 'string') {
    if (n.pattern) return `string matching ${code(n.pattern)}`;
    return n.minLength ? 'non-empty string' : 'string';
  }
  return n.type ?? 'any';
}

/** The reference table: one row per top-level key of the configuration schema, in schema order. */
export function configReference(schema: object): string {
  const s = schema as SchemaNode;
  const rows = Object.entries(s.properties ?? {}).map(([key, n]) => `| ${code(key)} | ${cell(typeOf(n))} | ${cell(n.description ?? '')} |`);
  const intro = s.description ? `${cell(s.description)}\n\n` : '';
  return `${intro}| key | type | meaning |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
}

/** The README with the generated reference between the markers; undefined when the markers are missing. */
export function replaceConfigSection(readme: string, schema: object): string | undefined {
  const start = readme.indexOf(CONFIG_START);
  const end = readme.indexOf(CONFIG_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + CONFIG_START.length)}\n${configReference(schema)}${readme.slice(end)}`;
}
