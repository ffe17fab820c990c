/**
 * The work one file may cost, counted in units of work rather than time (a clock makes results depend
 * on the machine and its load; a count does not). One budget is made per file and passed through
 * loading and evaluation: YAML nodes (alias copies included, over all documents of the file), bytes
 * decoded from user data (base64, gzip, MIME, nested), and intrinsic-function evaluation steps and
 * characters. Past a limit the work stops: the parser refuses the file, the evaluator answers Unknown,
 * the user-data decoder stops decoding; `exceeded` says which limit, for an `invalid-input` finding.
 */
export type BudgetKind = 'nodes' | 'decodedBytes' | 'steps' | 'chars';

export type BudgetLimits = Readonly<Record<BudgetKind, number>>;

export const DEFAULT_LIMITS: BudgetLimits = {
  // A 5 MiB file holds at most ~2.5 million JSON values; YAML aliases are copied into the tree, so a
  // file whose aliases expand past this many nodes is an alias bomb.
  nodes: 2_000_000,
  // EC2 takes 16 KB of user data (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html):
  // 4 MiB decoded over all user data of a file is far more than any real file and still cheap.
  decodedBytes: 4 * 1024 * 1024,
  // Intrinsic-function evaluation (each function evaluated and each part joined counts one step).
  steps: 1_000_000,
  // Characters of evaluated values (`Fn::Join`/`Fn::Sub` that double a string per `Fn::FindInMap` level).
  chars: 16 * 1024 * 1024,
};

const WHAT: Readonly<Record<BudgetKind, string>> = {
  nodes: 'YAML nodes (alias expansion)',
  decodedBytes: 'bytes of decoded user data',
  steps: 'intrinsic-function evaluation steps',
  chars: 'characters of evaluated values',
};

export interface Exceeded {
  readonly kind: BudgetKind;
  readonly limit: number;
  /** "over the limit of 2,000,000 YAML nodes (alias expansion)". */
  readonly reason: string;
}

export class Budget {
  /** Work spent so far, per kind: also the work counters tests assert on. */
  readonly used: Record<BudgetKind, number> = { nodes: 0, decodedBytes: 0, steps: 0, chars: 0 };
  /** The first limit passed, if any; once set, every further `spend` of that kind fails. */
  exceeded: Exceeded | undefined;

  constructor(readonly limits: BudgetLimits = DEFAULT_LIMITS) {}

  /** Spends `n` units; false (and `exceeded` set) when that passes the limit. */
  spend(kind: BudgetKind, n = 1): boolean {
    this.used[kind] += n;
    if (this.used[kind] <= this.limits[kind]) return true;
    this.exceeded ??= { kind, limit: this.limits[kind], reason: overLimit(kind, this.limits[kind]) };
    return false;
  }

  /** Whether `n` more units would still fit (nothing is spent). */
  fits(kind: BudgetKind, n: number): boolean {
    return this.used[kind] + n <= this.limits[kind];
  }
}

export function overLimit(kind: BudgetKind, limit: number): string {
  return `over the limit of ${limit.toLocaleString('en-US')} ${WHAT[kind]}`;
}

/** A budget nobody shares, for callers that evaluate one value outside a file (tests, the ESLint adapter). */
export function freshBudget(): Budget {
  return new Budget();
}
