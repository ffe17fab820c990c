import type { Evaluator } from './intrinsics.js';
import { getEntry, isMap, isSeq, scalarString, singleKey, type SEntry, type SNode } from './node.js';
import {
  CLOUDFORMATION_NAMES,
  IMDS_FIELDS,
  type ImdsField,
  type LaunchNames,
  type LaunchKind,
  type LaunchSpec,
  type ProfileAttachment,
  type Setting,
  type UserData,
} from './launch.js';
import type { LineIndex } from './source.js';
import { branchNote, type Resource } from './template.js';
import { Decoder, userDataSegments, type UserDataSegment } from './userdata.js';
import { known } from './value.js';

export interface Alt {
  readonly node: SNode | undefined;
  readonly notes: readonly string[];
}

/** `Fn::If` alternatives at a structural position, keeping `AWS::NoValue` as an absent alternative. */
export function alternatives(ev: Evaluator, n: SNode | undefined, notes: readonly string[]): Alt[] {
  if (n === undefined || ev.isNoValue(n)) return [{ node: undefined, notes }];
  const e = singleKey(n);
  if (ev.template && e?.key.value === 'Fn::If' && isSeq(e.value) && e.value.items.length === 3) {
    const [c, a, b] = e.value.items;
    const cond = (c && c.kind === 'scalar' ? scalarString(c) : undefined) ?? '?';
    return [...alternatives(ev, a, [...notes, branchNote(ev.template, cond, true)]), ...alternatives(ev, b, [...notes, branchNote(ev.template, cond, false)])];
  }
  return [{ node: n, notes }];
}

export class Spec implements LaunchSpec {
  launchTemplate: { node: SNode; target: LaunchSpec | 'unknown' } | undefined;
  readonly usedBy: string[] = [];
  readonly metadataOptions: SEntry | undefined;
  readonly userData: UserData | undefined;
  profile: ProfileAttachment | undefined;
  names: LaunchNames = CLOUDFORMATION_NAMES;
  private readonly cache = new Map<ImdsField, Setting[]>();

  constructor(
    readonly kind: LaunchKind,
    readonly label: string,
    readonly resource: Resource | undefined,
    readonly path: string,
    readonly anchor: SNode,
    readonly data: SNode | undefined,
    private readonly ev: Evaluator,
    lines: LineIndex,
    /**
     * What the spec leaves out comes from settings outside the file: a data file that changes a source
     * version, or the launch template EKS creates for a node group without one of its own.
     */
    private readonly inherits = false,
  ) {
    this.hasMetadataOptions = kind !== 'spotFleet';
    this.metadataOptions = this.hasMetadataOptions ? getEntry(data, 'MetadataOptions') : undefined;
    const ud = getEntry(data, 'UserData');
    if (ud) {
      let segs: UserDataSegment[] | undefined;
      const dec = new Decoder(ev.budget);
      const segments = () => (segs ??= userDataSegments(ud.value, ev, lines, dec));
      this.userData = { key: ud.key, node: ud.value, segments, overLimit: () => (segments(), dec.overLimit) };
    }
  }

  readonly hasMetadataOptions: boolean;

  /**
   * Fields whose omission cannot be judged offline although EC2 would read its own defaults: set by the
   * launch graph on a launch template that only EKS node groups use, with an Amazon Linux 2023 node AMI
   * (which requires IMDSv2 unless launch settings say otherwise).
   */
  readonly unsetUnknown = new Set<ImdsField>();

  setting(field: ImdsField): readonly Setting[] {
    let out = this.cache.get(field);
    if (!out) this.cache.set(field, (out = this.compute(field)));
    return out;
  }

  private inherit(out: Setting[], at: SNode, notes: readonly string[], field: ImdsField): void {
    const lt = this.launchTemplate;
    if (!lt) out.push({ value: this.inherits || this.unsetUnknown.has(field) ? null : undefined, at, notes, from: this });
    else if (lt.target === 'unknown') out.push({ value: null, at: lt.node, notes, from: this });
    else for (const s of lt.target.setting(field)) out.push({ ...s, notes: [...notes, ...s.notes] });
  }

  private compute(field: ImdsField): Setting[] {
    const out: Setting[] = [];
    const mo = this.metadataOptions;
    if (!mo) {
      this.inherit(out, this.anchor, [], field);
      return out;
    }
    for (const b of alternatives(this.ev, mo.value, [])) {
      if (b.node === undefined) {
        this.inherit(out, mo.key, b.notes, field);
        continue;
      }
      if (!isMap(b.node)) {
        out.push({ value: null, at: b.node, notes: b.notes, from: this });
        continue;
      }
      const e = getEntry(b.node, IMDS_FIELDS[field]);
      for (const vb of alternatives(this.ev, e?.value, b.notes)) {
        if (vb.node === undefined) {
          this.inherit(out, mo.key, vb.notes, field);
          continue;
        }
        for (const v of this.ev.str(vb.node, vb.notes))
          out.push({ value: known(v) ?? null, at: vb.node.kind === 'scalar' ? vb.node : v.node, notes: v.notes, from: this });
      }
    }
    return out;
  }
}
