import type { SEntry, SMap, SNode, SScalar } from '../../model/node.js';
import type { PolicyKind } from '../../model/policy.js';
import type { Range } from '../../model/source.js';
import type { Node } from './scope.js';

/** One resource of the lowered template: its `Properties` entries stay open while constructs add to them. */
export interface LoweredResource {
  readonly id: string;
  readonly type: string;
  readonly props: SEntry[];
  readonly node: SMap;
  readonly keyRange: Range;
}

/** A policy document that reaches no resource iamlint can see (a helper's return value, a resource policy of an unknown resource). */
export interface FreeDocument {
  readonly kind: PolicyKind | 'auto';
  readonly node: SNode;
  readonly resource: string | undefined;
  readonly path: string;
  readonly label: string;
}

function scalar(range: Range, value: string): SScalar {
  return { kind: 'scalar', range, value };
}

function entry(key: string, keyRange: Range, value: SNode): SEntry {
  return { key: scalar(keyRange, key), value };
}

/**
 * The CloudFormation resource graph that `cdk synth` would write for the constructs of one file, built
 * as the same source tree the YAML and JSON loaders produce (`{Resources: {Id: {Type, Properties}}}`),
 * every node carrying its range in the TypeScript source. The template model, the policy builder and
 * the launch model then read CDK exactly as they read CloudFormation. Logical ids are the construct
 * ids (CDK adds a hash; the ids here stay readable and stable).
 */
export class ResourceGraph {
  private readonly byId = new Map<string, LoweredResource>();
  private readonly byConstruct = new Map<Node, LoweredResource>();
  private readonly entries: SEntry[] = [];
  private readonly params: SEntry[] = [];
  readonly free: FreeDocument[] = [];

  constructor(private readonly range: Range) {}

  /** A new resource; the id is made unique in the file (two constructs may share an id in different scopes). */
  add(id: string, type: string, range: Range, keyRange: Range, construct?: Node): LoweredResource {
    let unique = id;
    for (let i = 2; this.byId.has(unique); i++) unique = `${id}${i}`;
    const props: SEntry[] = [];
    const node: SMap = {
      kind: 'map',
      range,
      entries: [entry('Type', keyRange, scalar(keyRange, type)), entry('Properties', range, { kind: 'map', range, entries: props })],
    };
    const r: LoweredResource = { id: unique, type, props, node, keyRange };
    this.byId.set(unique, r);
    this.entries.push({ key: scalar(keyRange, unique), value: node });
    if (construct) this.byConstruct.set(construct, r);
    return r;
  }

  /** The resource a construct expression (`new iam.Role(...)`) was lowered to. */
  of(construct: Node): LoweredResource | undefined {
    return this.byConstruct.get(construct);
  }

  get(id: string): LoweredResource | undefined {
    return this.byId.get(id);
  }

  /** Sets a property (replacing an earlier value). */
  set(r: LoweredResource, key: string, keyRange: Range, value: SNode): void {
    const i = r.props.findIndex((e) => e.key.value === key);
    const e = entry(key, keyRange, value);
    if (i >= 0) r.props[i] = e;
    else r.props.push(e);
  }

  /** The property's value, when set. */
  prop(r: LoweredResource, key: string): SNode | undefined {
    return r.props.find((e) => e.key.value === key)?.value;
  }

  /** Appends items to a list property, creating it. */
  push(r: LoweredResource, key: string, keyRange: Range, items: readonly SNode[]): void {
    const cur = this.prop(r, key);
    if (cur?.kind === 'seq') cur.items.push(...items);
    else this.set(r, key, keyRange, { kind: 'seq', range: keyRange, items: [...(cur ? [cur] : []), ...items] });
  }

  ref(id: string, range: Range): SMap {
    return { kind: 'map', range, entries: [entry('Ref', range, scalar(range, id))] };
  }

  getAtt(id: string, attr: string, range: Range): SMap {
    return { kind: 'map', range, entries: [entry('Fn::GetAtt', range, { kind: 'seq', range, items: [scalar(range, id), scalar(range, attr)] })] };
  }

  /** A template parameter (CDK writes SSM-backed image ids as parameters with the parameter name as default). */
  parameter(id: string, type: string, def: string, range: Range): string {
    if (!this.params.some((p) => p.key.value === id))
      this.params.push(
        entry(id, range, { kind: 'map', range, entries: [entry('Type', range, scalar(range, type)), entry('Default', range, scalar(range, def))] }),
      );
    return id;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The template root, or undefined when the file defines no resource. */
  root(): SMap | undefined {
    if (this.entries.length === 0) return undefined;
    const top: SEntry[] = [];
    if (this.params.length) top.push(entry('Parameters', this.range, { kind: 'map', range: this.range, entries: this.params }));
    top.push(entry('Resources', this.range, { kind: 'map', range: this.range, entries: this.entries }));
    return { kind: 'map', range: this.range, entries: top };
  }
}

export function entryOf(key: string, keyRange: Range, value: SNode): SEntry {
  return entry(key, keyRange, value);
}

export function scalarOf(range: Range, value: string): SScalar {
  return scalar(range, value);
}

export function mapOf(range: Range, entries: SEntry[]): SMap {
  return { kind: 'map', range, entries };
}
