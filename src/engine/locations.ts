import type { SNode } from '../model/node.js';
import { scalarString } from '../model/node.js';
import type { Range } from '../model/source.js';
import type { Attachment, Principal } from '../model/account.js';
import type { PolicyDocument } from '../model/policy.js';
import type { LoadedFile, Target } from './types.js';

/**
 * Where a finding is, logically: the template resource's logical id (undefined outside templates)
 * and the path from the resource (or the file's root) to the element, e.g. resource `AppRole`, path
 * `Properties.Policies[0].PolicyDocument.Statement[1].Resource`.
 */
export interface LogicalLocation {
  readonly resource: string | undefined;
  readonly path: string;
}

/**
 * One step of a logical path. Entries form a tree of parent links, so building the index costs one
 * entry per node whatever the depth; the path text is assembled (and kept) only for nodes reported.
 */
interface Entry {
  readonly up: Entry | undefined;
  /** A key, an index, or a path the model already wrote (`Properties.Policies[0].PolicyDocument`). */
  readonly seg: string | number;
  /** Set on the entry that starts a resource (`Resources.<id>`) or a policy document of a resource. */
  readonly resource: string | undefined;
  /** The walk that made it (TREE, DOCUMENT or STATEMENT): each walk assigns only its own entries. */
  readonly level: number;
  text?: string;
}

/** How specific an assignment is: a statement's view of its nodes wins over its document's, which wins over the raw tree's. */
const TREE = 0;
const DOCUMENT = 1;
const STATEMENT = 2;

/** Work done, for tests that show building and lookups are linear (no timing). */
export interface LocationWork {
  /** Nodes entered while building (each node at most once per level). */
  built: number;
  /** Comparisons made sorting the interval list (near-linear: the walk emits nodes almost in order). */
  sorted: number;
  /** Steps of lookups: binary-search halvings and parent-chain steps for ranges, path segments assembled. */
  looked: number;
}

interface Interval {
  readonly start: number;
  readonly end: number;
  readonly entry: Entry;
  readonly order: number;
  /** The nearest earlier interval containing this one (a nesting chain: bounded by the tree's depth). */
  parent: Interval | undefined;
}

/**
 * Every node of a loaded file, mapped to its logical location: built once per file, on the first
 * report, in one walk over `file.roots` and one over each policy document and statement the loaders
 * built (embedded JSON strings and code files give documents whose nodes are not under the roots).
 *
 * Granularity: inside a policy statement every node maps to the statement plus the element it sits
 * in (`...Statement[1].Resource`, `...Statement[0].Condition`), never deeper. That names what users
 * fix, and keeps the fingerprint (which hashes the logical location with the offending text) stable
 * when values are added to or reordered in a list; line moves never enter it.
 */
export class LocationIndex {
  readonly work: LocationWork = { built: 0, sorted: 0, looked: 0 };
  private readonly byNode = new Map<SNode, Entry>();
  private intervals: Interval[] | undefined;

  constructor(file: LoadedFile) {
    const templateRoot = file.template?.root;
    for (const root of file.roots) this.tree(root, { up: undefined, seg: '', resource: undefined, level: TREE }, root === templateRoot);
    for (const doc of file.policies) {
      const origin = doc.origin;
      this.document(doc.node, { up: undefined, seg: origin.path, resource: origin.resource, level: DOCUMENT });
    }
    for (const doc of file.policies) {
      const base: Entry = { up: undefined, seg: doc.origin.path, resource: doc.origin.resource, level: DOCUMENT };
      for (const st of doc.statements) this.statement(st.node, { up: base, seg: st.path, resource: undefined, level: STATEMENT });
    }
  }

  /**
   * The logical location of what a report points at: the node's own entry, or for a bare range (or a
   * node no loader indexed) the innermost indexed node containing it. Undefined when that is a file's
   * root, which names nothing more than the file (a launch-template data file's missing setting).
   */
  locate(t: Target): LogicalLocation | undefined {
    // The same discrimination as `rangeOf`: an SNode has a kind, a Val a node, a Range neither.
    const node = 'kind' in t ? t : 'node' in t ? t.node : undefined;
    const e = (node ? this.byNode.get(node) : undefined) ?? this.innermost(node ? node.range : (t as Range));
    const loc = e && this.materialize(e);
    return loc && (loc.resource !== undefined || loc.path !== '') ? loc : undefined;
  }

  /** Whether the target's node is one of this file's own (a Terraform sibling's node is in the module's model, not here). */
  holds(t: Target): boolean {
    const node = 'kind' in t ? t : 'node' in t ? t.node : undefined;
    return node !== undefined && this.byNode.has(node);
  }

  /** Assigns `entry` (of its walk's level) to `n` unless a walk of the same or a higher level did. */
  private set(n: SNode, entry: Entry): boolean {
    const cur = this.byNode.get(n);
    if (cur && cur.level >= entry.level) return false;
    this.byNode.set(n, entry);
    this.work.built++;
    return true;
  }

  /** The raw tree: keys and indexes from the root; `Resources.<id>` of the template starts a resource. */
  private tree(root: SNode, rootEntry: Entry, template: boolean): void {
    this.set(root, rootEntry);
    // Parallel stacks rather than an object per node: this walk covers every node of a file with findings.
    const nodes: SNode[] = [root];
    const entries: Entry[] = [rootEntry];
    const depths: number[] = [0];
    while (nodes.length) {
      const n = nodes.pop() as SNode;
      const e = entries.pop() as Entry;
      const depth = depths.pop() as number;
      if (n.kind === 'seq') {
        for (let i = n.items.length - 1; i >= 0; i--) {
          const item = n.items[i] as SNode;
          const ie: Entry = { up: e, seg: i, resource: undefined, level: TREE };
          if (this.set(item, ie)) {
            nodes.push(item);
            entries.push(ie);
            depths.push(depth + 1);
          }
        }
      } else if (n.kind === 'map') {
        const resources = template && depth === 1 && e.seg === 'Resources';
        for (let i = n.entries.length - 1; i >= 0; i--) {
          const { key, value } = n.entries[i] as (typeof n.entries)[number];
          const k = scalarString(key) ?? String(key.value);
          // A resource's location is its logical id; the path starts inside it.
          const ve: Entry = resources ? { up: undefined, seg: '', resource: k, level: TREE } : { up: e, seg: k, resource: undefined, level: TREE };
          this.set(key, ve);
          if (this.set(value, ve)) {
            nodes.push(value);
            entries.push(ve);
            depths.push(depth + 1);
          }
        }
      }
    }
  }

  /** A policy document, named from its origin: covers embedded and synthetic documents, and `Fn::If` branches the raw tree names differently. */
  private document(node: SNode, docEntry: Entry): void {
    if (!this.set(node, docEntry)) return;
    const nodes: SNode[] = [node];
    const entries: Entry[] = [docEntry];
    while (nodes.length) {
      const n = nodes.pop() as SNode;
      const e = entries.pop() as Entry;
      if (n.kind === 'seq') {
        for (let i = 0; i < n.items.length; i++) {
          const item = n.items[i] as SNode;
          const ie: Entry = { up: e, seg: i, resource: undefined, level: DOCUMENT };
          if (this.set(item, ie)) {
            nodes.push(item);
            entries.push(ie);
          }
        }
      } else if (n.kind === 'map') {
        for (let i = 0; i < n.entries.length; i++) {
          const { key, value } = n.entries[i] as (typeof n.entries)[number];
          const ve: Entry = { up: e, seg: scalarString(key) ?? String(key.value), resource: undefined, level: DOCUMENT };
          this.set(key, ve);
          if (this.set(value, ve)) {
            nodes.push(value);
            entries.push(ve);
          }
        }
      }
    }
  }

  /** A statement: every node under one of its elements maps to `<statement>.<element>`. */
  private statement(node: SNode, stEntry: Entry): void {
    if (!this.set(node, stEntry) || node.kind !== 'map') return;
    for (const { key, value } of node.entries) {
      const ee: Entry = { up: stEntry, seg: scalarString(key) ?? String(key.value), resource: undefined, level: STATEMENT };
      this.set(key, ee);
      this.subtree(value, ee);
    }
  }

  private subtree(node: SNode, entry: Entry): void {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop() as SNode;
      if (!this.set(n, entry)) continue;
      if (n.kind === 'seq') for (const item of n.items) stack.push(item);
      else if (n.kind === 'map')
        for (const { key, value } of n.entries) {
          this.set(key, entry);
          stack.push(value);
        }
    }
  }

  private materialize(e: Entry): LogicalLocation {
    let resource: string | undefined;
    for (let x: Entry | undefined = e; x; x = x.up) {
      if (x.resource !== undefined) {
        resource = x.resource;
        break;
      }
    }
    return { resource, path: this.text(e) };
  }

  /** The path text of an entry, kept on it: each entry's text is built once, from its parent's. */
  private text(e: Entry): string {
    if (e.text !== undefined) return e.text;
    // Iterative, so a deeply nested file cannot overflow the stack.
    const chain: Entry[] = [];
    for (let x: Entry | undefined = e; x && x.text === undefined; x = x.up) chain.push(x);
    for (let i = chain.length - 1; i >= 0; i--) {
      const x = chain[i] as Entry;
      this.work.looked++;
      // A resource's entry starts its own path; its parents (`Resources`) belong to the file.
      const before = x.resource !== undefined || !x.up ? '' : (x.up.text ?? '');
      const seg = x.seg;
      x.text = typeof seg === 'number' ? `${before}[${seg}]` : seg === '' ? before : before && !seg.startsWith('[') ? `${before}.${seg}` : before + seg;
    }
    return e.text ?? '';
  }

  /** The innermost indexed node whose range contains `r`. */
  private innermost(r: Range): Entry | undefined {
    const list = (this.intervals ??= this.buildIntervals());
    let lo = 0;
    let hi = list.length - 1;
    let at = -1;
    // The last interval starting at or before r.start (ties: the one sorted last, the smallest).
    while (lo <= hi) {
      this.work.looked++;
      const mid = (lo + hi) >> 1;
      if ((list[mid] as Interval).start <= r.start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let x = at >= 0 ? list[at] : undefined; x; x = x.parent) {
      this.work.looked++;
      if (x.start <= r.start && r.end <= x.end) return x.entry;
    }
    return undefined;
  }

  /**
   * Intervals sorted by start, longer first, then in indexing order (so of equal ranges the most
   * specific assignment comes last), each linked to the nearest earlier one that contains it. When
   * ranges cross (synthetic nodes of code files), a chain still reaches a node containing any range
   * the popped interval contained: what it contained from the crossing start on lies in the crosser.
   */
  private buildIntervals(): Interval[] {
    const list: Interval[] = [];
    let order = 0;
    this.byNode.forEach((entry, n) => list.push({ start: n.range.start, end: n.range.end, entry, order: order++, parent: undefined }));
    list.sort((a, b) => {
      this.work.sorted++;
      return a.start - b.start || b.end - a.end || a.order - b.order;
    });
    const stack: Interval[] = [];
    for (const iv of list) {
      while (stack.length && (stack[stack.length - 1] as Interval).end < iv.end) stack.pop();
      iv.parent = stack[stack.length - 1];
      stack.push(iv);
    }
    return list;
  }
}

const cache = new WeakMap<LoadedFile, LocationIndex>();

/** The file's location index, built on first use and shared by every rule run over the file. */
export function locationIndex(file: LoadedFile): LocationIndex {
  let ix = cache.get(file);
  if (!ix) cache.set(file, (ix = new LocationIndex(file)));
  return ix;
}

/**
 * Whether a finding at `t` belongs to this file: always outside Terraform; in a Terraform file, when
 * the node is the file's own rather than a sibling's of the module (that file reports it).
 */
export function inThisFile(file: LoadedFile, t: Target): boolean {
  return file.module === undefined || locationIndex(file).holds(t);
}

/**
 * Whether a principal holds a policy this file writes or attaches (a document of the file, or an
 * attachment whose value is in the file): only then can one of its grants be reported here. Outside
 * Terraform, always. Keeps the work of a module's n files linear: each principal is judged in the
 * files that hold its grants, not in every file of the module.
 */
const ownDocs = new WeakMap<LoadedFile, ReadonlySet<PolicyDocument>>();

export function grantsInThisFile(file: LoadedFile, p: Principal): boolean {
  if (file.module === undefined) return true;
  let own = ownDocs.get(file);
  if (!own) ownDocs.set(file, (own = new Set(file.policies)));
  const here = (a: Attachment) => own.has(a.doc) || (a.via !== undefined && inThisFile(file, a.via));
  return p.policies.some(here) || p.groups.some((g) => g.policies.some(here));
}
