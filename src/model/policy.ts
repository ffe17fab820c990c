import type { Evaluator } from './intrinsics.js';
import { getCI, isMap, isScalar, isSeq, scalarString, singleKey, type SEntry, type SNode, type SScalar } from './node.js';
import type { Val } from './value.js';
import { known } from './value.js';
import { branchNote } from './template.js';

export type PolicyKind = 'identity' | 'trust' | 'resource';

/** Where a policy document sits: a file, or a resource of a template and the path inside it. */
export interface Origin {
  /** The template resource's logical id, when the policy comes from a template. */
  readonly resource?: string;
  readonly resourceType?: string;
  /** Path from the resource (or the file root) to the document, e.g. `Properties.Policies[0].PolicyDocument`. */
  readonly path: string;
  /** Human description: "inline policy 'root' of AWS::IAM::Role AppRole". */
  readonly label: string;
}

/** A policy element that holds a list of values (`Action`, `Resource`, ...): its key node and values. */
export interface Field {
  readonly key: SScalar;
  readonly node: SNode;
  readonly values: readonly Val[];
}

export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for the bare `"Principal": "*"`. */
  readonly type: string;
  readonly val: Val;
}

export interface PrincipalField {
  readonly key: SScalar;
  readonly node: SNode;
  readonly entries: readonly PrincipalEntry[];
  /** A principal element we could not read (an unknown intrinsic): no finding may rest on it. */
  readonly unknown: boolean;
}

export interface Clause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  readonly operatorNode: SScalar;
  readonly key: string;
  readonly keyNode: SScalar;
  readonly values: readonly Val[];
  readonly node: SNode;
}

export interface Condition {
  readonly node: SNode | undefined;
  readonly clauses: readonly Clause[];
  /** Some of the condition could not be read (an intrinsic): assume it may restrict anything. */
  readonly unknown: boolean;
}

export interface Statement {
  readonly node: SNode;
  /** Path from the document to the statement, e.g. `Statement[1]`. */
  readonly path: string;
  readonly sid: string | undefined;
  /** `Allow`, `Deny`, or undefined when unknown or invalid. */
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly action: Field | undefined;
  readonly notAction: Field | undefined;
  readonly resource: Field | undefined;
  readonly notResource: Field | undefined;
  readonly principal: PrincipalField | undefined;
  readonly notPrincipal: PrincipalField | undefined;
  readonly condition: Condition;
  /** How the statement was reached: `Fn::If` branches. */
  readonly notes: readonly string[];
}

export interface PolicyDocument {
  readonly kind: PolicyKind;
  readonly node: SNode;
  readonly statements: readonly Statement[];
  readonly origin: Origin;
}

/**
 * Builds the normalized document: arrays always arrays, `Action` and `NotAction` kept apart,
 * element names matched case-insensitively (IAM accepts `action` as well as `Action`), values
 * evaluated by the template's evaluator (or literally, for plain policy files).
 */
export function buildPolicy(node: SNode, ev: Evaluator, kind: PolicyKind, origin: Origin): PolicyDocument {
  const statements: Statement[] = [];
  for (const docBranch of ev.branches(node)) {
    const st = getCI(docBranch.node, 'Statement');
    if (!st) continue;
    // `Statement: !If [C, [...], [...]]` chooses a whole list: each branch's statements, with its note.
    for (const listBranch of ev.branches(st.value, docBranch.notes)) {
      const single = listBranch.node.kind !== 'seq';
      const list = listBranch.node.kind === 'seq' ? listBranch.node.items : [listBranch.node];
      for (let i = 0; i < list.length; i++) {
        const item = list[i] as SNode;
        const path = single ? 'Statement' : `Statement[${i}]`;
        // Most statements are no `Fn::If`: read directly, without a list of one branch.
        if (!ev.branching(item)) addStatements(statements, item, ev, path, listBranch.notes);
        else for (const b of ev.branches(item, listBranch.notes)) addStatements(statements, b.node, ev, path, b.notes);
      }
    }
  }
  return { kind, node, statements, origin };
}

/** The statement (or statements, one per `Condition` branch) a map of the `Statement` list makes. */
function addStatements(out: Statement[], node: SNode, ev: Evaluator, path: string, notes: readonly string[]): void {
  if (!isMap(node)) return;
  const entry = getCI(node, 'Condition');
  if (!entry || !ev.template) {
    out.push(buildStatement(node, ev, path, notes, entry ?? null));
    return;
  }
  for (const c of conditionBranches(entry, ev, notes)) out.push(buildStatement(node, ev, path, c.notes, c.entry ?? null));
}

function field(entry: SEntry | undefined, ev: Evaluator, notes: readonly string[]): Field | undefined {
  if (!entry) return undefined;
  return { key: entry.key, node: entry.value, values: ev.list(entry.value, notes) };
}

function principalField(entry: SEntry | undefined, ev: Evaluator, notes: readonly string[]): PrincipalField | undefined {
  if (!entry) return undefined;
  const entries: PrincipalEntry[] = [];
  let unk = false;
  if (!ev.branching(entry.value)) unk = principalBranch(entry.value, ev, notes, entries);
  else for (const b of ev.branches(entry.value, notes)) if (principalBranch(b.node, ev, b.notes, entries)) unk = true;
  return { key: entry.key, node: entry.value, entries, unknown: unk };
}

/** One branch of a principal element: appends its entries; true when some of it could not be read. */
function principalBranch(node: SNode, ev: Evaluator, notes: readonly string[], entries: PrincipalEntry[]): boolean {
  if (isScalar(node)) {
    for (const v of ev.str(node, notes)) entries.push({ type: '*', val: v });
    return false;
  }
  if (!isMap(node)) return true;
  let unk = false;
  for (const e of node.entries) {
    const type = scalarString(e.key) ?? '';
    if (type.startsWith('Fn::') || type === 'Ref') {
      unk = true;
      continue;
    }
    for (const v of ev.list(e.value, notes)) entries.push({ type, val: v });
  }
  return unk;
}

/** The one branch of a value, or undefined when `Fn::If` makes it several (or none). */
function onlyBranch(n: SNode, ev: Evaluator, notes: readonly string[]): SNode | undefined {
  if (!ev.branching(n)) return n;
  const bs = ev.branches(n, notes);
  return bs.length === 1 ? bs[0]?.node : undefined;
}

function condition(entry: SEntry | undefined, ev: Evaluator, notes: readonly string[]): Condition {
  if (!entry) return { node: undefined, clauses: [], unknown: false };
  const clauses: Clause[] = [];
  let unk = false;
  // A condition block that differs by branch: the finding would depend on which branch; stay silent.
  let block: SNode | undefined = entry.value;
  if (ev.branching(entry.value)) {
    const bs = ev.branches(entry.value, notes);
    if (bs.length !== 1) return { node: entry.value, clauses: [], unknown: true };
    block = bs[0]?.node;
  }
  if (!isMap(block)) return { node: entry.value, clauses, unknown: true };
  for (const opEntry of block.entries) {
    const operator = scalarString(opEntry.key) ?? '';
    if (operator.startsWith('Fn::') || operator === 'Ref') {
      unk = true;
      continue;
    }
    const opMap = onlyBranch(opEntry.value, ev, notes);
    if (!isMap(opMap)) {
      unk = true;
      continue;
    }
    for (const ke of opMap.entries) {
      const key = scalarString(ke.key) ?? '';
      if (key.startsWith('Fn::') || key === 'Ref') {
        unk = true;
        continue;
      }
      // `Fn::If` over the values: the values of both branches, each with its note, so a bad value is
      // reported "when condition C is ..."; a branch that removes the key (`AWS::NoValue`) cannot be judged.
      if (dropsBranch(ke.value, ev)) {
        unk = true;
        continue;
      }
      clauses.push({ operator, operatorNode: opEntry.key, key, keyNode: ke.key, values: ev.list(ke.value, []), node: ke.value });
    }
  }
  return { node: entry.value, clauses, unknown: unk };
}

/** Whether some `Fn::If` branch of a value is `AWS::NoValue`. */
function dropsBranch(n: SNode, ev: Evaluator): boolean {
  if (ev.isNoValue(n)) return true;
  const e = singleKey(n);
  if (!ev.template || e?.key.value !== 'Fn::If' || e.value.kind !== 'seq') return false;
  return e.value.items.slice(1).some((b) => dropsBranch(b, ev));
}

/**
 * `Condition: !If [C, {...}, !Ref AWS::NoValue]` makes two statements: one with the condition and one
 * without any, each with its note; the branch without a condition is the one that grants the most.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-if
 */
function conditionBranches(entry: SEntry, ev: Evaluator, notes: readonly string[]): { entry: SEntry | undefined; notes: readonly string[] }[] {
  if (!ev.template) return [{ entry, notes }];
  const out: { entry: SEntry | undefined; notes: readonly string[] }[] = [];
  const walk = (n: SNode, ns: readonly string[], depth: number): void => {
    if (ev.isNoValue(n)) {
      out.push({ entry: undefined, notes: ns });
      return;
    }
    const e = singleKey(n);
    if (depth < 8 && e?.key.value === 'Fn::If' && isSeq(e.value) && e.value.items.length === 3) {
      const [c, a, b] = e.value.items;
      const cond = (c && isScalar(c) ? scalarString(c) : undefined) ?? '?';
      if (a && b) {
        walk(a, [...ns, branchNote(ev.template, cond, true)], depth + 1);
        walk(b, [...ns, branchNote(ev.template, cond, false)], depth + 1);
        return;
      }
    }
    out.push({ entry: n === entry.value ? entry : { key: entry.key, value: n }, notes: ns });
  };
  walk(entry.value, notes, 0);
  return out;
}

function buildStatement(
  node: SNode,
  ev: Evaluator,
  path: string,
  notes: readonly string[],
  condEntry: SEntry | null = getCI(node, 'Condition') ?? null,
): Statement {
  const effectEntry = getCI(node, 'Effect');
  let effect: 'Allow' | 'Deny' | undefined;
  if (effectEntry) {
    const vals = ev.str(effectEntry.value, notes);
    const s = vals.length === 1 && vals[0] ? known(vals[0]) : undefined;
    if (s === 'Allow' || s === 'Deny') effect = s;
  }
  const sidEntry = getCI(node, 'Sid');
  return {
    node,
    path,
    sid: sidEntry && isScalar(sidEntry.value) ? (scalarString(sidEntry.value) ?? undefined) : undefined,
    effect,
    action: field(getCI(node, 'Action'), ev, notes),
    notAction: field(getCI(node, 'NotAction'), ev, notes),
    resource: field(getCI(node, 'Resource'), ev, notes),
    notResource: field(getCI(node, 'NotResource'), ev, notes),
    principal: principalField(getCI(node, 'Principal'), ev, notes),
    notPrincipal: principalField(getCI(node, 'NotPrincipal'), ev, notes),
    condition: condition(condEntry ?? undefined, ev, notes),
    notes,
  };
}
