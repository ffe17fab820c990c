import type { LoadedFile } from '../../engine/types.js';
import { Evaluator } from '../../model/intrinsics.js';
import { templateLaunch } from '../../model/launch.js';
import { get, isMap, isSeq, isString, type SMap, type SNode } from '../../model/node.js';
import { LineIndex } from '../../model/source.js';
import { buildTemplate, type Resource } from '../../model/template.js';
import { templatePolicies } from '../../model/template-policies.js';
import { parseEmbeddedJson } from '../embedded.js';
import { InputError } from '../errors.js';
import { parseJson } from '../json.js';
import type { LoadOutcome } from '../outcome.js';
import { terraformHost, type HNode } from './hcl.js';
import { isTerraformPath, loadTerraform, MAX_MODULE_FILES } from './load.js';
import { jsonStringOffsets, lowerModule, presetNode, type Attr, type Block, type TfFile } from './lower.js';

/**
 * `terraform show -json` output (a plan or a state), recognised by content: `format_version` and
 * `planned_values` (or `values` of a state). Each managed resource's planned values become a resource
 * of the same CloudFormation-shaped template as HCL, its logical id the resource address
 * (`module.app.aws_iam_role.this[0]`), positions in the plan file. Policies are JSON strings there:
 * they are decoded with a map from every character to its offset, so findings point inside them.
 * https://developer.hashicorp.com/terraform/internals/json-format
 */
export function isPlanText(path: string, text: string): boolean {
  if (!path.toLowerCase().endsWith('.json')) return false;
  const head = text.slice(0, 4096);
  return head.includes('"format_version"') && (text.includes('"planned_values"') || head.includes('"values"')) && text.includes('"root_module"');
}

/** A resource's `values` as a Terraform block: lists of objects are nested blocks, everything else an attribute. */
function jsonBlock(type: string, labels: string[], node: SMap, typeNode: SNode, file: TfFile, text: string, anchor?: SNode): Block {
  const attrs = new Map<string, Attr>();
  const blocks: Block[] = [];
  const h = (n: SNode): HNode => ({ type: 'json', start: n.range.start, end: n.range.end, children: [] });
  for (const e of node.entries) {
    const name = String(e.key.value);
    const v = e.value;
    if (v.kind === 'scalar' && v.value === null) continue;
    if (isSeq(v) && v.items.length > 0 && v.items.every(isMap)) {
      for (const item of v.items) blocks.push(jsonBlock(name, [], item as SMap, e.key, file, text));
      continue;
    }
    attrs.set(name, { name, nameNode: h(e.key), expr: presetNode(v, jsonStringOffsets(text, v)), file });
  }
  const b: Block = { type, labels, node: h(node), typeNode: h(typeNode), attrs, blocks, file };
  return anchor ? { ...b, anchor: anchor.range } : b;
}

export function loadPlan(path: string, text: string): LoadOutcome {
  const lines = new LineIndex(text);
  let root: SNode;
  try {
    root = parseJson(text);
  } catch (e) {
    if (e instanceof InputError) return { status: 'error', error: e, lines };
    throw e;
  }
  const file: TfFile = { path, text, root: { type: 'config_file', start: 0, end: 0, children: [] } };
  const extra: { address: string; block: Block }[] = [];
  const visit = (mod: SNode | undefined, depth: number) => {
    if (!isMap(mod) || depth > 32) return;
    const res = get(mod, 'resources');
    for (const r of isSeq(res) ? res.items : []) {
      const address = get(r, 'address');
      const type = get(r, 'type');
      const mode = get(r, 'mode');
      const values = get(r, 'values');
      if (!isString(address) || !isString(type) || !isMap(values) || (isString(mode) && mode.value !== 'managed')) continue;
      extra.push({ address: address.value, block: jsonBlock('resource', [type.value, address.value], values, type, file, text, address) });
    }
    const children = get(mod, 'child_modules');
    for (const c of isSeq(children) ? children.items : []) visit(c, depth + 1);
  };
  visit(get(get(root, 'planned_values'), 'root_module') ?? get(get(root, 'values'), 'root_module'), 0);
  const lowered = lowerModule(
    [file],
    path,
    undefined,
    extra.map((e) => ({ address: e.address, block: e.block })),
  );
  const template = buildTemplate(lowered.root, 'terraform');
  const evaluator = new Evaluator(template);
  const embedded = (value: string, node: SNode) => parseEmbeddedJson(value, node, text);
  const policies = templatePolicies(template, evaluator, embedded);
  const loaded: LoadedFile = {
    path,
    text,
    lines,
    format: 'json',
    roots: [lowered.root],
    template,
    evaluator,
    policies,
    launch: templateLaunch(template, evaluator, policies, lines),
    ...sourceBeside(path),
  };
  return { status: 'parsed', kind: 'terraform-plan', file: loaded };
}

/**
 * A root-module resource address as its `.tf` declaration names it: `aws_instance.web[0]` and
 * `aws_instance.web["a"]` are instances of `aws_instance.web`. Resources of called modules
 * (`module.app....`) are declared in the module's own directory: undefined.
 */
export function declaredAddress(address: string): string | undefined {
  if (address.startsWith('module.')) return undefined;
  const dot = address.indexOf('.', address.startsWith('data.') ? 5 : 0);
  if (dot < 0) return undefined;
  const bracket = address.indexOf('[', dot);
  return bracket < 0 ? address : address.slice(0, bracket);
}

/**
 * The node a logical path leads to from a resource node (`Properties.Policies[0].PolicyDocument`), or
 * the deepest one it reaches. A map or list reached through a key reads best at its key
 * (`metadata_options`), a value at itself.
 */
export function nodeAtPath(resource: SNode, path: string): SNode {
  let node = resource;
  let key: SNode | undefined;
  for (const seg of path.split('.')) {
    const open = seg.indexOf('[');
    const name = open < 0 ? seg : seg.slice(0, open);
    if (name !== '') {
      const e = isMap(node) ? node.entries.find((x) => x.key.value === name) : undefined;
      if (!e) break;
      node = e.value;
      key = e.key;
    }
    let stop = false;
    for (const m of open < 0 ? [] : seg.slice(open).split(']')) {
      if (m === '') continue;
      const item = isSeq(node) ? node.items[Number(m.slice(1))] : undefined;
      if (!item) {
        stop = true;
        break;
      }
      node = item;
      key = undefined;
    }
    if (stop) break;
  }
  return node.kind !== 'scalar' && key ? key : node;
}

/** The `.tf` files beside a plan, each loaded with its module, to point findings at what the user wrote. */
function sourceBeside(path: string): Pick<LoadedFile, 'source'> {
  const host = terraformHost();
  const siblings = (host?.moduleFiles?.(path) ?? []).filter((f) => isTerraformPath(f.path));
  if (siblings.length === 0 || siblings.length > MAX_MODULE_FILES) return {};
  let byAddress: Map<string, { file: LoadedFile; resource: Resource }> | undefined;
  const declaring = (address: string): { file: LoadedFile; resource: Resource } | undefined => {
    if (!byAddress) {
      byAddress = new Map();
      for (const f of siblings) {
        const out = loadTerraform(f.path, f.text);
        if (out.status !== 'parsed') continue;
        for (const [id, resource] of out.file.template?.resources ?? []) {
          // `count`/`for_each` resources are kept as `aws_instance.app[0, 1]`.
          const base = declaredAddress(id);
          if (base !== undefined) byAddress.set(base, { file: out.file, resource });
        }
      }
    }
    return byAddress.get(address);
  };
  return {
    source(resource, logicalPath) {
      const address = declaredAddress(resource);
      const found = address === undefined ? undefined : declaring(address);
      if (!found) return undefined;
      const { file, resource: r } = found;
      const node = logicalPath ? nodeAtPath(r.node, logicalPath) : r.keyNode;
      // A node the lowering made up (no text of its own) reads as the resource's declaration.
      const range = node.range.end > node.range.start ? node.range : r.keyNode.range;
      return { file, range };
    },
  };
}
