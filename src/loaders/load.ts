import type { LoadOutcome } from './outcome.js';
import { Budget } from '../model/budget.js';
import { mayHoldCredential } from '../model/credentials.js';
import { Evaluator } from '../model/intrinsics.js';
import { dataFileLaunch, NO_LAUNCH, templateLaunch, type LaunchModel, type LaunchSpec } from '../model/launch.js';
import type { SNode } from '../model/node.js';
import type { PolicyDocument } from '../model/policy.js';
import { LineIndex } from '../model/source.js';
import { buildTemplate, isTemplate, type Template } from '../model/template.js';
import { templatePolicies } from '../model/template-policies.js';
import { lowerAuthDetails } from './auth-details.js';
import { parseEmbeddedJson, remap, urlDecodeWithMap } from './embedded.js';
import { atMarkerLevel, InputError, overBudget } from './errors.js';
import { parseJson } from './json.js';
import { filePolicies } from './policy-file.js';
import { CODE_EXTENSIONS, isCodePath, loadCode } from './typescript.js';
import { isTerraformPath, loadTerraform, TERRAFORM_EXTENSIONS } from './terraform/load.js';
import { isPlanText, loadPlan } from './terraform/plan.js';
import { parseYaml } from './yaml.js';

export type { LoadOutcome } from './outcome.js';

/** File names iamlint reads when it walks a directory. */
export const DATA_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];

/** Data files and source code (CDK and AWS SDK code, see loaders/typescript.ts): what directory walks pick up. */
export const SCAN_EXTENSIONS = [...DATA_EXTENSIONS, ...CODE_EXTENSIONS, ...TERRAFORM_EXTENSIONS];

/**
 * A cheap test run before any parsing: a file that mentions none of these cannot hold a policy, a
 * template or launch settings, and one that also holds no run of characters a credential can be
 * (`mayHoldCredential`: a key id, a secret key, a session token) cannot hold an AWS credential either.
 * A regular-expression scan and a pass that reads about one character in 40.
 */
const RELEVANT =
  /AWS::|Statement|statement|STATEMENT|LaunchTemplate|MetadataOptions|UserData|ImageId|IamInstanceProfile|InstanceRequirements|A(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}|[Ss]ecret|SECRET|[Tt]oken|TOKEN|%7B/;

export function isRelevant(text: string): boolean {
  return RELEVANT.test(text) || mayHoldCredential(text);
}

/**
 * Whether a text carries template markup (`{{ .Values.x }}`, `{{- include ... }}`, `{{ var }}`) other than
 * CloudFormation's dynamic references (`{{resolve:...}}`, which live inside strings). One pass, no
 * regular expression.
 */
function templated(text: string): boolean {
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) if (!text.startsWith('resolve:', i + 2)) return true;
  return false;
}

function formatOf(path: string, text: string): 'json' | 'yaml' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  // `.template` and unknown names: sniff the first character, as CloudFormation accepts both.
  const first = /\S/.exec(text)?.[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/** Parses one file's text into the model. Pure: no file system, no console. */
export function loadText(path: string, input: string): LoadOutcome {
  // A byte-order mark read as text (`readFileSync(f, 'utf8')` keeps it) is not content; positions are counted without it, as editors show them.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (isCodePath(path)) return loadCode(path, text);
  if (isTerraformPath(path)) return loadTerraform(path, text);
  if (isPlanText(path, text)) return loadPlan(path, text);
  if (!isRelevant(text)) return { status: 'skipped', reason: 'nothing iamlint checks' };
  const lines = new LineIndex(text);
  const format = formatOf(path, text);
  let roots: SNode[];
  // One budget for everything this file costs: YAML nodes over all its documents, evaluation, decoding.
  const budget = new Budget();
  try {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('%7B') || trimmed.startsWith('%7b')) {
      // The URL-encoded form IAM's APIs return, saved as a file: decode with a position map.
      const lead = text.length - trimmed.length;
      const { text: decoded, map } = urlDecodeWithMap(trimmed.trimEnd());
      roots = [remap(parseJson(decoded), (o) => lead + (map[o] ?? trimmed.length))];
    } else {
      roots = format === 'json' ? [parseJson(text)] : parseYaml(text, budget);
    }
  } catch (e) {
    // Helm charts, Jinja and other templated YAML are not YAML until rendered: say so, do not fail on them.
    if (format === 'yaml' && templated(text)) return { status: 'skipped', reason: 'templated YAML: Helm or Jinja markup, not YAML until rendered' };
    if (e instanceof InputError) return { status: 'error', error: atMarkerLevel(e, text), lines };
    const err = e as Error;
    return { status: 'error', error: new InputError(`Could not parse: ${err.message}`, 0), lines };
  }
  let template: Template | undefined;
  const policies: PolicyDocument[] = [];
  const embedded = (value: string, node: SNode) => parseEmbeddedJson(value, node, text);
  let evaluator = new Evaluator(undefined, budget);
  let kind = 'data';
  let launch: LaunchModel = NO_LAUNCH;
  const dataSpecs: LaunchSpec[] = [];
  for (const raw of roots) {
    // An authorization-details dump is lowered into a template of its roles, users, groups and policies.
    const root = lowerAuthDetails(raw) ?? raw;
    if (isTemplate(root)) {
      template = buildTemplate(root);
      evaluator = new Evaluator(template, budget);
      policies.push(...templatePolicies(template, evaluator, embedded));
      launch = templateLaunch(template, evaluator, policies, lines);
      kind = 'template';
    } else {
      const found = filePolicies(root, evaluator, embedded);
      if (found.length) kind = 'policy';
      policies.push(...found);
      // Launch-template data is neither a template nor a policy; recognised by its members.
      const specs = found.length ? [] : dataFileLaunch(root, evaluator, lines);
      if (specs.length && kind === 'data') kind = 'launch-template-data';
      dataSpecs.push(...specs);
    }
  }
  if (dataSpecs.length) launch = { specs: [...launch.specs, ...dataSpecs], profiles: launch.profiles };
  if (budget.exceeded) return { status: 'error', error: overBudget(budget.exceeded), lines };
  return { status: 'parsed', kind, file: { path, text, lines, format, roots, template, evaluator, policies, launch } };
}
