import type { LoadedFile } from '../../engine/types.js';
import { Evaluator } from '../../model/intrinsics.js';
import { templateLaunch } from '../../model/launch.js';
import { isMap, type SMap, type SNode } from '../../model/node.js';
import { LineIndex } from '../../model/source.js';
import { buildTemplate } from '../../model/template.js';
import { templatePolicies } from '../../model/template-policies.js';
import { parseEmbeddedJson } from '../embedded.js';
import { InputError } from '../errors.js';
import type { LoadOutcome } from '../outcome.js';
import { setHclSyntax, terraformHost, terraformProblem, type HclTree, type HNode } from './hcl.js';
import { parseJson } from '../json.js';
import { lowerModule, type TfFile } from './lower.js';

/** Terraform's files: HCL (`.tf`) and its JSON syntax (`.tf.json`). */
export const TERRAFORM_EXTENSIONS = ['.tf', '.tf.json'];

export function isTerraformPath(path: string): boolean {
  const p = path.toLowerCase();
  return p.endsWith('.tf') || p.endsWith('.tf.json');
}

/** More `.tf` files than hand-written modules have (the largest seen: 34, iam-vulnerable's privesc-paths). */
export const MAX_MODULE_FILES = 200;

const EMPTY: HNode = { type: 'config_file', start: 0, end: 0, children: [] };

/** One file of the module, parsed (HCL through the injected parser, JSON syntax with the JSON reader). */
function moduleFile(path: string, text: string, parse: (t: string) => HclTree): (TfFile & { readonly tree?: HclTree }) | InputError {
  if (path.toLowerCase().endsWith('.json')) {
    try {
      return { path, text, root: EMPTY, json: parseJson(text) };
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
  }
  const tree = parseCached(path, text, parse);
  if (tree.error) return new InputError(tree.error.message, tree.error.start, tree.error.end);
  return { path, text, root: tree.root, tree };
}

/** `a/./b/../c` → `a/c`, keeping leading `..` (paths relative to the working directory). */
function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return (p.startsWith('/') ? '/' : '') + out.join('/');
}

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * Parsed siblings, by path and text: every file of a module is linted with the whole module in view,
 * so each file's tree is parsed once per run, not once per sibling.
 */
const parsed = new Map<string, { text: string; tree: HclTree }>();
const MAX_CACHED = 2000;

function parseCached(path: string, text: string, parse: (t: string) => HclTree): HclTree {
  const hit = parsed.get(path);
  if (hit && hit.text === text) return hit.tree;
  const tree = parse(text);
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(path, { text, tree });
  return tree;
}

/**
 * Loads one `.tf` file with its module (the other `.tf` files of its directory, when the shell provides
 * them) lowered into a CloudFormation-shaped template. Only this file's resources produce policies and
 * launch settings to judge; the others are there so references resolve (a role in `iam.tf`, its
 * instance profile in `ec2.tf`).
 */
export function loadTerraform(path: string, text: string): LoadOutcome {
  const lines = new LineIndex(text);
  const host = terraformHost();
  if (!host) {
    const problem = terraformProblem();
    if (problem) return { status: 'error', error: new InputError(problem, 0), lines: new LineIndex(text) };
    return { status: 'skipped', reason: 'the HCL parser is not loaded (initTerraform)' };
  }
  const self = moduleFile(path, text, host.parse);
  if (self instanceof InputError) return { status: 'error', error: self, lines };
  const files: TfFile[] = [self];
  const siblings = host.moduleFiles?.(path) ?? [];
  // Every file is lowered with its whole module, so work grows with files × module size: past this many
  // files (generated directories), each file stands alone (references to siblings are Unknown).
  for (const f of siblings.length > MAX_MODULE_FILES ? [] : siblings) {
    if (f.path === path || !isTerraformPath(f.path)) continue;
    const t = moduleFile(f.path, f.text, host.parse);
    // A sibling that does not parse is reported when it is linted itself; here it is left out.
    if (!(t instanceof InputError)) files.push(t);
  }
  const dir = dirOf(path);
  const readFile = host.readModuleFile ? (rel: string) => host.readModuleFile?.(dir, rel) : undefined;
  const moduleFiles = host.moduleFiles;
  const loadModule = moduleFiles
    ? (from: string, source: string): TfFile[] => {
        // The called module's directory, as a path like the ones the shell gives (`/`-separated).
        const dir = normalize(`${dirOf(from) || '.'}/${source}`);
        const out: TfFile[] = [];
        const listed = moduleFiles(`${dir}/__iamlint_module__.tf`);
        for (const f of listed.length > MAX_MODULE_FILES ? [] : listed) {
          if (!isTerraformPath(f.path)) continue;
          const t = moduleFile(f.path, f.text, host.parse);
          if (!(t instanceof InputError)) out.push(t);
        }
        return out;
      }
    : undefined;
  const lowered = lowerModule(files, path, readFile, [], host.parse, loadModule);
  const template = buildTemplate(lowered.root, 'terraform');
  const evaluator = new Evaluator(template);
  const embedded = (value: string, node: SNode) => parseEmbeddedJson(value, node, text);
  const all = templatePolicies(template, evaluator, embedded);
  const mine = (resource: string | undefined) => resource !== undefined && lowered.resourceFile.get(resource) === path;
  const launch = templateLaunch(template, evaluator, all, lines);
  const policies = all.filter((d) => mine(d.origin.resource));
  // What rules see as the template: this file's resources only (a sibling's are judged in their own file,
  // and their nodes carry no position here); the Evaluator and the launch graph keep the whole module.
  const resourcesEntry = lowered.root.entries.find((e) => e.key.value === 'Resources');
  const ownRoot: SMap = {
    ...lowered.root,
    entries: lowered.root.entries.map((e) =>
      e === resourcesEntry && isMap(e.value) ? { key: e.key, value: { ...e.value, entries: e.value.entries.filter((r) => mine(String(r.key.value))) } } : e,
    ),
  };
  const ownTemplate = buildTemplate(ownRoot, 'terraform');
  const file: LoadedFile = {
    path,
    text,
    lines,
    format: 'yaml',
    roots: [ownRoot, lowered.raw],
    template: ownTemplate,
    evaluator,
    policies,
    launch: {
      specs: launch.specs.filter((s) => mine(s.resource?.id)),
      profiles: launch.profiles.filter((p) => mine(p.resource.id)),
    },
    module: { template, policies: all, launch },
  };
  if (self.tree) setHclSyntax(file, self.tree);
  const kind = ownTemplate.resources.size || lowered.raw.entries.length ? 'terraform' : 'terraform-other';
  return { status: 'parsed', kind, file };
}
