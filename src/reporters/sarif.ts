import type * as Sarif from 'sarif';
import { ruleDoc, ruleDocUrl } from '../docs.js';
import { INVALID_INPUT } from '../engine/run.js';
import type { Finding, Notification, Reporter, Rule, RunResult } from '../engine/types.js';
import type { Region } from '../model/source.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** The partial fingerprint's name; bump the version if the fingerprint recipe ever changes. */
const FINGERPRINT_KEY = 'iamlint/v1';

/** `passrole-wildcard-resource` → `PassroleWildcardResource` (SARIF2012 wants a readable name distinct from the id). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/**
 * A relative, percent-encoded URI reference for a `/`-separated path. Each segment is encoded on its
 * own so `/` stays a separator while spaces, `#`, `?`, `%` and `:` (which would read as a scheme in the
 * first segment) are escaped. Absolute paths become `file:` URIs, which carry no `uriBaseId`.
 */
export function fileUri(path: string): { uri: string; absolute: boolean } {
  const p = path.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.test(p);
  const absolute = drive || p.startsWith('/');
  const segments = p
    .split('/')
    .filter((s, i) => !(s === '.' && i === 0))
    .map((s, i) => (drive && i === 0 ? s : encodeURIComponent(s)));
  const joined = segments.join('/');
  if (!absolute) return { uri: joined, absolute };
  return { uri: drive ? `file:///${joined}` : `file://${joined}`, absolute };
}

function artifactLocation(path: string): Sarif.ArtifactLocation {
  const { uri, absolute } = fileUri(path);
  return absolute ? { uri } : { uri, uriBaseId: SRCROOT };
}

function sarifRegion(r: Region): Sarif.Region {
  return { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn };
}

/** Sections at the top of a CloudFormation template; a logical path starting with one is already absolute. */
const TEMPLATE_SECTIONS = new Set(['Resources', 'Outputs', 'Parameters', 'Mappings', 'Conditions', 'Rules', 'Transform', 'Globals']);

/** `Resources.AppRole.Properties.Policies[0].PolicyDocument.Statement[1]`, or the bare path outside templates. */
export function fullyQualifiedName(logical: Finding['logical']): string | undefined {
  const { resource, path } = logical;
  if (resource === undefined) return path;
  const head = path?.split(/[.[]/, 1)[0];
  if (path && head && TEMPLATE_SECTIONS.has(head)) return path;
  return path ? `Resources.${resource}.${path}` : `Resources.${resource}`;
}

function isSecurityRule(rule: Rule): boolean {
  return rule.meta.tags.includes('security');
}

/**
 * GitHub shows `precision` next to each alert. The metadata has no field for it, so it follows the
 * default level: rules we are sure enough about to fail a build are `high`, the rest `medium`.
 */
function precision(rule: Rule): 'high' | 'medium' {
  return rule.meta.level === 'error' ? 'high' : 'medium';
}

function helpText(rule: Rule): string {
  const m = rule.meta;
  return [m.summary, m.why, `How to fix: ${m.fix}`, `Documentation: ${ruleDocUrl(rule.id)}`].join('\n\n');
}

function descriptor(rule: Rule, run: RunResult): Sarif.ReportingDescriptor {
  const effective = run.levels.get(rule.id) ?? rule.meta.level;
  const configuration: Sarif.ReportingConfiguration = effective === 'off' ? { enabled: false, level: rule.meta.level } : { level: effective };
  const properties: Sarif.PropertyBag = { tags: [...rule.meta.tags], precision: precision(rule) };
  // GitHub reads security-severity only for rules tagged `security`; on others it would turn
  // engine diagnostics (unreadable files, bad suppressions) into "security" alerts.
  if (isSecurityRule(rule)) properties['security-severity'] = rule.meta.securitySeverity.toFixed(1);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.meta.summary },
    fullDescription: { text: rule.meta.why },
    help: { text: helpText(rule), markdown: ruleDoc(rule) },
    helpUri: ruleDocUrl(rule.id),
    defaultConfiguration: configuration,
    properties,
  };
}

function suppressionLocation(where: string | undefined): Sarif.Location | undefined {
  const m = where === undefined ? null : /^(.*):(\d+)$/.exec(where);
  if (!m?.[1] || !m[2]) return undefined;
  return { physicalLocation: { artifactLocation: artifactLocation(m[1]), region: { startLine: Number(m[2]) } } };
}

function result(f: Finding, ruleIndex: ReadonlyMap<string, number>): Sarif.Result {
  const location: Sarif.Location = {
    physicalLocation: { artifactLocation: artifactLocation(f.file), region: sarifRegion(f.region) },
  };
  const fqn = fullyQualifiedName(f.logical);
  if (fqn) location.logicalLocations = [{ fullyQualifiedName: fqn, kind: 'object' }];
  const index = ruleIndex.get(f.ruleId);
  const r: Sarif.Result = {
    ruleId: f.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: f.level,
    message: { text: f.message },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
  };
  if (f.suppression) {
    const s: Sarif.Suppression = { kind: f.suppression.kind, status: 'accepted', justification: f.suppression.justification };
    const at = suppressionLocation(f.suppression.location);
    if (at) s.location = at;
    r.suppressions = [s];
  }
  return r;
}

function notification(n: Notification, ruleIndex: ReadonlyMap<string, number>): Sarif.Notification {
  const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: artifactLocation(n.file) };
  if (n.region) physicalLocation.region = sarifRegion(n.region);
  const out: Sarif.Notification = {
    level: n.level,
    message: { text: /[.!?]$/.test(n.message) ? n.message : `${n.message}.` },
    locations: [{ physicalLocation }],
  };
  // Notifications are files that could not be read; the engine reports them under `invalid-input`.
  const index = ruleIndex.get(INVALID_INPUT);
  if (index !== undefined) out.associatedRule = { id: INVALID_INPUT, index };
  return out;
}

/** SARIF 2.1.0 for GitHub code scanning: every rule in `tool.driver.rules`, relative URIs under `%SRCROOT%`. */
export const sarif: Reporter = (run) => {
  const ruleIndex = new Map(run.rules.map((r, i) => [r.id, i] as const));
  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const file of run.files) {
    for (const f of file.findings) results.push(result(f, ruleIndex));
    for (const n of file.notifications) notifications.push(notification(n, ruleIndex));
  }
  const invocation: Sarif.Invocation = { executionSuccessful: true };
  if (notifications.length) invocation.toolExecutionNotifications = notifications;
  const log: Sarif.Log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: run.tool.name,
            version: run.tool.version,
            semanticVersion: run.tool.version,
            informationUri: run.tool.informationUri,
            rules: run.rules.map((r) => descriptor(r, run)),
          },
        },
        invocations: [invocation],
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The directory iamlint was run from; result paths are relative to it.' } },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
