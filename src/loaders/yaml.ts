import { loadAll, YAMLException, type YamlError } from './vendor/js-yaml.js';
import { Budget } from '../model/budget.js';
import type { SNode } from '../model/node.js';
import { InputError, MAX_DEPTH, redactText } from './errors.js';
import type { NodeEvent, ParserState } from './yaml-events.js';
import { SCHEMA } from './yaml-schema.js';
import { TreeBuilder } from './yaml-tree.js';

export { tagToIntrinsic } from './yaml-schema.js';

/**
 * Parses YAML (one or more documents) into the source tree. CloudFormation short-form tags become
 * their long form: `!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": "A.B"}`, `!Sub ...` →
 * `{"Fn::Sub": ...}`; any other local tag `!Foo` becomes `{"Fn::Foo": ...}`, so an unknown intrinsic
 * is still recognisable as one (and evaluates to Unknown) instead of silently becoming a string.
 *
 * The parser is js-yaml (a PyYAML port), which accepts what CloudFormation and PyYAML accept (e.g.
 * continuation lines of a quoted `!Sub` less indented than the key). Positions come from its
 * `listener` events: every node's start and end offset as the parser saw them. A node's range is
 * its own text: from its first character (after any `!tag` or `&anchor`) to its last one, quotes
 * included, without the white space, comments and line break around it. An alias is expanded into
 * a copy of its anchor's node (so the copy's ranges point at the anchor); merge keys `<<` are applied.
 * `skipMappingValues`: js-yaml's own mapping objects are left empty (the default; see the option).
 */
export function parseYaml(text: string, budget: Budget = new Budget(), skipMappingValues = true): SNode[] {
  // js-yaml drops a leading BOM before parsing; drop it here so its offsets are ours minus one.
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const src = base ? text.slice(1) : text;
  const roots: NodeEvent[] = [];
  const stack: NodeEvent[] = [];
  const options = {
    schema: SCHEMA,
    // Duplicate keys are allowed (CloudFormation keeps the last); the tree keeps them all.
    json: true,
    // Room for the parser's own wrapper calls; the exact limit is enforced on the tree below.
    maxDepth: MAX_DEPTH + 8,
    // The tree is built from the events: js-yaml need not set each mapping's keys on an object of its own
    // (about half its time on CloudFormation templates; see scripts/gen-yaml-loader.mjs). False only in
    // the test that shows the option changes no tree.
    skipMappingValues,
    listener(type: 'open' | 'close', state: ParserState) {
      if (type === 'open') {
        const ev: NodeEvent = { open: state.position, close: state.position, kind: null, tag: null, anchor: null, result: null, children: undefined };
        const parent = stack[stack.length - 1];
        if (parent) (parent.children ??= []).push(ev);
        else roots.push(ev);
        stack.push(ev);
      } else {
        const ev = stack.pop();
        if (!ev) return;
        ev.close = state.position;
        ev.kind = state.kind;
        ev.tag = state.tag;
        ev.anchor = state.anchor;
        ev.result = state.result;
      }
    },
  };
  try {
    loadAll(src, null, options);
  } catch (e) {
    if (e instanceof YAMLException) throw fromParserError(e, base);
    throw e;
  }
  const out: SNode[] = [];
  for (const root of roots) {
    const node = new TreeBuilder(src, base, budget).document(root);
    if (node) out.push(node);
  }
  return out;
}

function fromParserError(e: YamlError, base: number): InputError {
  const reason = e.reason || 'Invalid YAML';
  const offset = base + (e.mark?.position ?? 0);
  if (reason.startsWith('nesting exceeded maxDepth')) return new InputError(`Nesting deeper than ${MAX_DEPTH} levels`, offset);
  // js-yaml quotes names from the file (`unidentified alias "..."`): never a whole secret in the message.
  return new InputError(redactText(reason.charAt(0).toUpperCase() + reason.slice(1)), offset);
}
