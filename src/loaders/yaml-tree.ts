import type { Budget } from '../model/budget.js';
import type { SEntry, SNode, SScalar } from '../model/node.js';
import type { Range } from '../model/source.js';
import { InputError, MAX_DEPTH, printableName } from './errors.js';
import { unwrap, type NodeEvent } from './yaml-events.js';
import { copy, merge } from './yaml-merge.js';
import { tagToIntrinsic } from './yaml-schema.js';

interface ItemSlot {
  readonly dash: number;
  readonly child?: NodeEvent;
}

interface Anchor {
  node: SNode | undefined;
  size: number;
  height: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/**
 * Turns the event tree of one document into the source tree. The text is read only at offsets the
 * parser reported, to step over what lies between tokens (white space, comments, `!tag`/`&anchor`
 * properties, `-` indicators), never to search for content.
 */
export class TreeBuilder {
  private count = 0;
  /** Deepest level reached so far, to know an anchored node's height. */
  private deepest = 0;
  /** End of the node last built, in the text (an alias's own `*name`, not its anchor's range). */
  private end = 0;
  /** Items a nested block sequence read too far, for the enclosing sequence (see `sequence`). */
  private spill: ItemSlot[] | undefined;
  private readonly anchors = new Map<string, Anchor>();

  constructor(
    private readonly src: string,
    private readonly base: number,
    /** Shared by every document of the file: an alias bomb split over 60 documents is still one bomb. */
    private readonly budget: Budget,
  ) {}

  /** Counts `n` new nodes, here (for anchor sizes) and in the file's budget. */
  private spend(n: number, offset: number): void {
    this.count += n;
    if (!this.budget.spend('nodes', n)) throw this.tooMany(offset);
  }

  document(root: NodeEvent): SNode | undefined {
    const ev = unwrap(root);
    // A document with no content (only comments, or `---` alone) has no node.
    if (ev.kind === null && ev.tag === null && ev.anchor === null && this.src.charCodeAt(this.contentStart(ev).start) !== 0x2a) return undefined;
    const node = this.node(ev, 0);
    if (this.spill?.[0]) throw this.stray(this.spill[0]);
    return node;
  }

  private range(start: number, end: number): Range {
    const max = this.src.length;
    const s = Math.min(start, max);
    return { start: this.base + s, end: this.base + Math.max(s, Math.min(end, max)) };
  }

  /**
   * Where a node's own text starts: past the separation space, comments and properties between the
   * position where the parser began reading it and its content. `props` is the offset after the
   * last property and the blanks that follow it on its line (where an empty node sits), or -1.
   */
  private contentStart(ev: NodeEvent): { start: number; props: number; tag: string | undefined; second: number } {
    const s = this.src;
    let i = ev.open;
    let props = -1;
    let tag: string | undefined;
    let second = -1;
    // Never past where the parser stopped: an empty node's scan must not reach the next node's tag.
    const stop = Math.max(ev.close, ev.open);
    while (i < stop) {
      const c = s.charCodeAt(i);
      if (isBlank(c)) i++;
      else if (c === 0x23) {
        while (i < s.length && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
      } else if (c === 0x21 || c === 0x26) {
        // `!tag` ends at white space; `&anchor` also at a flow indicator (js-yaml's readTagProperty/readAnchorProperty).
        const from = i++;
        while (i < s.length && !isBlank(s.charCodeAt(i)) && !(c === 0x26 && isFlowIndicator(s.charCodeAt(i)))) i++;
        if (c === 0x21) {
          if (tag !== undefined && second < 0) second = from;
          tag = s.slice(from, i);
        }
        props = i;
        while (s.charCodeAt(props) === SPACE || s.charCodeAt(props) === TAB) props++;
      } else break;
    }
    return { start: i, props, tag, second };
  }

  /** Where an empty node sits: after its properties, or where the parser began, and the blanks on that line. */
  private emptyAt(ev: NodeEvent, props: number): number {
    if (props >= 0) return props;
    let i = ev.open;
    while (this.src.charCodeAt(i) === SPACE || this.src.charCodeAt(i) === TAB) i++;
    return i;
  }

  private trimEnd(end: number, start: number): number {
    let e = Math.min(end, this.src.length);
    while (e > start && isBlank(this.src.charCodeAt(e - 1))) e--;
    return e;
  }

  /** The first character after `pos` that is not white space or a comment. */
  private nextToken(pos: number): number {
    const s = this.src;
    let i = pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (isBlank(c)) i++;
      else if (c === 0x23) {
        while (i < s.length && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
      } else return c;
    }
  }

  private tooDeep(offset: number): InputError {
    return new InputError(`Nesting deeper than ${MAX_DEPTH} levels`, this.base + offset);
  }

  /** A sequence item js-yaml placed where PyYAML would not, that the tree cannot place either. */
  private stray(slot: ItemSlot): InputError {
    return new InputError('Sequence item after an empty "-" item, at an indentation the YAML parser misreads (write "- null")', this.base + slot.dash);
  }

  private tooMany(offset: number): InputError {
    const limit = this.budget.limits.nodes.toLocaleString('en-US');
    return new InputError(`More than ${limit} nodes after YAML alias expansion (over all documents of the file): not expanded further`, this.base + offset);
  }

  /** A value node: aliases expanded, anchors recorded, `!Tag` turned into its intrinsic function. */
  private node(raw: NodeEvent, depth: number, asKey = false): SNode {
    // Items handed up by a nested sequence are taken before anything else is read (see `sequence`).
    if (this.spill?.[0]) throw this.stray(this.spill[0]);
    const ev = unwrap(raw);
    const { start, props, tag: written, second } = this.contentStart(ev);
    if (depth > MAX_DEPTH) throw this.tooDeep(start);
    // `!Base64` then `!Sub x` on the next line: js-yaml reads the second tag as that of a mapping's
    // first key and, when no `:` follows, silently drops it. PyYAML and the `yaml` library refuse it.
    if (second >= 0 && ev.kind !== 'mapping') throw new InputError('A node can have at most one tag', this.base + second);
    if (this.src.charCodeAt(start) === 0x2a && ev.kind !== 'sequence' && ev.kind !== 'mapping') return this.alias(start, depth);
    this.spend(1, start);
    if (depth > this.deepest) this.deepest = depth;

    let anchor: Anchor | undefined;
    let countBefore = 0;
    let deepestBefore = 0;
    if (ev.anchor !== null) {
      // Registered before the children are built: an alias inside its own anchor is recursive.
      anchor = { node: undefined, size: 0, height: 0 };
      this.anchors.set(ev.anchor, anchor);
      countBefore = this.count - 1;
      deepestBefore = this.deepest;
      this.deepest = depth;
    }

    let out: SNode;
    if (ev.kind === 'sequence') out = this.sequence(ev, start, depth);
    else if (ev.kind === 'mapping') out = this.mapping(ev, start, depth);
    else if (ev.kind === 'scalar') out = this.scalar(ev, start);
    else {
      const at = this.emptyAt(ev, props);
      this.end = at;
      // An empty node with an unknown tag (`!GetAZs` alone) is the empty string, as in the `yaml` library.
      const value = ev.tag !== null && ev.tag.startsWith('!') ? '' : null;
      out = { kind: 'scalar', range: this.range(at, at), value };
    }

    // js-yaml forgets the tag of a block scalar on the line after it (`!Sub` then `|` below it): its
    // failed attempt to read a mapping key there resets the tag. The tag's text is just before the value.
    const tag = ev.tag ?? (ev.kind === 'scalar' ? written : undefined) ?? null;
    const fn = !asKey && tag !== null ? tagToIntrinsic(tag) : undefined;
    if (fn) {
      // The wrapper and its key take the value's range: the tag's position is just before it.
      const key: SScalar = { kind: 'scalar', range: out.range, value: fn };
      out = { kind: 'map', range: out.range, entries: [{ key, value: out }] };
    }

    if (anchor) {
      anchor.node = out;
      anchor.size = this.count - countBefore;
      anchor.height = this.deepest - depth;
      if (deepestBefore > this.deepest) this.deepest = deepestBefore;
    }
    return out;
  }

  private alias(start: number, depth: number): SNode {
    const s = this.src;
    let i = start + 1;
    while (i < s.length && !isBlank(s.charCodeAt(i)) && !isFlowIndicator(s.charCodeAt(i))) i++;
    const name = s.slice(start + 1, i);
    const target = this.anchors.get(name);
    if (!target) throw new InputError(`Unresolved alias *${printableName(name)}`, this.base + start, this.base + i);
    if (!target.node) throw new InputError(`Recursive alias *${printableName(name)}`, this.base + start, this.base + i);
    if (depth + 1 + target.height > MAX_DEPTH) throw this.tooDeep(start);
    // Counted before copying, so an alias bomb fails at once instead of after two million copies.
    this.spend(1 + target.size, start);
    if (depth + 1 + target.height > this.deepest) this.deepest = depth + 1 + target.height;
    this.end = i;
    return copy(target.node);
  }

  private scalar(ev: NodeEvent, start: number): SScalar {
    const end = this.trimEnd(ev.close, start);
    this.end = end;
    const range = this.range(start, end);
    const r = ev.result;
    const value = r === null || typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean' ? r : String(r);
    if (typeof value === 'number') {
      // `Principal: {AWS: 012345678901}` is a number to YAML; the account id is its source text.
      const source = this.src.slice(start, end);
      if (/^\d+$/.test(source)) return { kind: 'scalar', range, value, text: source };
    }
    if (this.src.charCodeAt(start) === 0x7c) {
      // A literal block `|`: its content starts on the line after the indicator line.
      let i = start;
      while (i < end && this.src.charCodeAt(i) !== LF && this.src.charCodeAt(i) !== CR) i++;
      if (this.src.charCodeAt(i) === CR && this.src.charCodeAt(i + 1) === LF) i++;
      return { kind: 'scalar', range, value, block: true, contentStart: this.base + Math.min(i + 1, end) };
    }
    return { kind: 'scalar', range, value };
  }

  private sequence(ev: NodeEvent, start: number, depth: number): SNode {
    const children = ev.children ?? [];
    const items: SNode[] = [];
    if (this.src.charCodeAt(start) === 0x5b) {
      for (let k = 0; k < children.length; k++) {
        const c = children[k] as NodeEvent;
        const next = children[k + 1];
        if (next && this.nextToken(c.close) === 0x3a) {
          // `[a: b]`: a single-pair mapping inside a flow sequence.
          const key = this.key(c, depth + 1);
          const value = this.node(next, depth + 2);
          items.push({ kind: 'map', range: { start: key.range.start, end: this.base + this.end }, entries: [{ key, value }] });
          k++;
        } else items.push(this.node(c, depth + 1));
      }
      const end = this.trimEnd(ev.close, start);
      this.end = end;
      return { kind: 'seq', range: this.range(start, end), items };
    }
    const expected = Array.isArray(ev.result) ? ev.result.length : children.length;
    // `-` with nothing after it on its line is a null item for which the parser reports no event.
    const withNulls = expected > children.length;
    const slots: ItemSlot[] = withNulls ? this.itemSlots(ev, children) : children.map((child) => ({ dash: -1, child }));
    const column = this.column(start);
    let end = start;
    let spill: ItemSlot[] | undefined;
    const take = (slot: ItemSlot) => {
      items.push(slot.child ? this.node(slot.child, depth + 1) : this.nullItem(slot.dash));
      end = this.end;
      // Items a nested sequence read too far (below): those at this sequence's column are its own,
      // less indented ones go on up, more indented ones belong nowhere.
      const pending = this.spill;
      if (!pending) return;
      this.spill = undefined;
      let k = 0;
      while (k < pending.length && this.column((pending[k] as ItemSlot).dash) === column) k++;
      const rest = pending.slice(k);
      if (rest[0] && this.column(rest[0].dash) > column) throw this.stray(rest[0]);
      for (const claimed of pending.slice(0, k)) take(claimed);
      if (rest.length) this.spill = rest;
    };
    for (const slot of slots) {
      if (spill || (withNulls && this.column(slot.dash) < column)) {
        // js-yaml reads the items after a trailing `-` alone as items of the nested sequence, whatever
        // their indentation (`- - a\n  -\n- b` gives [[a, null, b]]; PyYAML [[a, null], b]). Hand
        // the less indented ones, unread, to the enclosing sequence they belong to.
        (spill ??= []).push(slot);
        continue;
      }
      take(slot);
    }
    if (spill) this.spill = spill;
    // A block sequence ends where its last item ends (`this.end`: set by every node built).
    this.end = end;
    return { kind: 'seq', range: this.range(start, end), items };
  }

  /** Column of an offset (0-based), for the rare repair above. */
  private column(pos: number): number {
    let i = pos;
    while (i > 0 && this.src.charCodeAt(i - 1) !== LF && this.src.charCodeAt(i - 1) !== CR) i--;
    return pos - i;
  }

  private nullItem(dash: number): SScalar {
    this.spend(1, dash);
    let at = dash + 1;
    while (this.src.charCodeAt(at) === SPACE || this.src.charCodeAt(at) === TAB) at++;
    this.end = at;
    return { kind: 'scalar', range: this.range(at, at), value: null };
  }

  /**
   * The items of a block sequence that has null items, in order, each with the offset of its `-`:
   * the events, and the `-` indicators between them that no node follows. Each item event opens
   * after its own `-`, the last one of the gap before it; any other `-` in a gap is a null item.
   */
  private itemSlots(ev: NodeEvent, children: NodeEvent[]): ItemSlot[] {
    const out: ItemSlot[] = [];
    const s = this.src;
    const scan = (from: number, to: number, child: NodeEvent | undefined) => {
      const dashes: number[] = [];
      let i = from;
      while (i < to) {
        const c = s.charCodeAt(i);
        if (isBlank(c)) i++;
        else if (c === 0x23) {
          while (i < to && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
        } else if (c === 0x21 || c === 0x26) {
          while (i < to && !isBlank(s.charCodeAt(i))) i++;
        } else if (c === 0x2d && (i + 1 >= s.length || isBlank(s.charCodeAt(i + 1)))) {
          dashes.push(i);
          i++;
        } else break;
      }
      const own = child ? dashes.pop() : undefined;
      for (const dash of dashes) out.push({ dash });
      if (child) out.push({ dash: own ?? child.open, child });
    };
    let from = ev.open;
    for (const c of children) {
      scan(from, c.open, c);
      from = c.close;
    }
    scan(from, ev.close, undefined);
    return out;
  }

  private key(ev: NodeEvent, depth: number): SScalar {
    const n = this.node(ev, depth, true);
    if (n.kind === 'scalar') return n;
    // Complex keys have no meaning in CloudFormation or IAM; keep their text for completeness.
    const r = n.range;
    return { kind: 'scalar', range: r, value: this.src.slice(r.start - this.base, r.end - this.base) };
  }

  private mapping(ev: NodeEvent, start: number, depth: number): SNode {
    const children = ev.children ?? [];
    const entries: SEntry[] = [];
    const merges: number[] = [];
    let pending: SScalar | undefined;
    let pendingMerge = false;
    let end = start;
    const missing = (key: SScalar): SEntry => {
      this.spend(1, key.range.start);
      return { key, value: { kind: 'scalar', range: { start: key.range.end, end: key.range.end }, value: null } };
    };
    for (const c of children) {
      // A key is followed by `:`; a value never is. Explicit `? key` entries may lack a value.
      const isKey = this.nextToken(c.close) === 0x3a;
      if (pending && !isKey) {
        const value = this.node(c, depth + 1);
        end = this.end;
        // `<<: !Ref X` is no mapping to merge, whatever its long form looks like.
        if (pendingMerge && !(c.tag !== null && tagToIntrinsic(c.tag))) merges.push(entries.length);
        entries.push({ key: pending, value });
        pending = undefined;
        continue;
      }
      if (pending) entries.push(missing(pending));
      if (
        !isKey &&
        c.kind === null &&
        c.tag === null &&
        c.anchor === null &&
        c.children === undefined &&
        this.src.charCodeAt(this.contentStart(c).start) !== 0x2a
      ) {
        // The parser's last attempt to read a key, where the mapping ends (e.g. at `---`).
        pending = undefined;
        continue;
      }
      pending = this.key(c, depth + 1);
      end = this.end;
      // Only a plain, untagged `<<` is a merge key (`'<<'` and `!!str <<` are ordinary keys). js-yaml
      // leaves the tag of a plain scalar that no implicit type claims as `?`.
      pendingMerge = pending.value === '<<' && c.tag === '?';
      if (!isKey) {
        entries.push(missing(pending));
        pending = undefined;
      }
    }
    if (pending) entries.push(missing(pending));
    const flow = this.src.charCodeAt(start) === 0x7b;
    if (flow) end = this.trimEnd(ev.close, start);
    this.end = end;
    return { kind: 'map', range: this.range(start, end), entries: merges.length ? merge(entries, merges) : entries };
  }
}
