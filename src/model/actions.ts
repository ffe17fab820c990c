import { expandActionPattern, expandNotAction } from './catalog.js';
import { globMatch, hasWildcard } from './glob.js';
import type { Field, Statement } from './policy.js';
import { known, type Val } from './value.js';

/**
 * Whether a statement's action side covers `action`. Action names are case-insensitive and may carry
 * `*`/`?` anywhere, including the service prefix (`*:PassRole` is matched, not ignored).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * `NotAction` grants every action it does not list.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 *
 * `action` may itself be a pattern (`iam:Put*Policy`): it is then expanded over AWS's action catalogue
 * and the statement grants it when it grants at least one real action the pattern names. Comparing two
 * patterns as text would be wrong both ways: `NotAction: iam:PutRolePolicy` still grants
 * `iam:PutUserPolicy`, and `Action: iam:Pass*` with the query `iam:*Role` shares `iam:PassRole` only
 * because that action exists.
 */
export type ActionGrant =
  { readonly granted: true; readonly via: Val | undefined; readonly field: Field; readonly notAction: boolean } | { readonly granted: false | 'unknown' };

// The answers without a grant, shared: these are asked per statement and request, most of them no.
const NOT_GRANTED: ActionGrant = Object.freeze({ granted: false });
const UNKNOWN_GRANT: ActionGrant = Object.freeze({ granted: 'unknown' });

export function grantsAction(st: Statement, action: string): ActionGrant {
  if (hasWildcard(action)) return grantsAnyAction(st, expandActionPattern(action));
  return grantsName(st, action);
}

/**
 * A field's values lowered once, and the grant each gives: one statement is asked about many actions
 * (every request of every principal that holds it), and lowering its patterns each time allocated a
 * string per value and question. `undefined` marks a value not known offline.
 */
interface LoweredField {
  readonly patterns: readonly (string | undefined)[];
  readonly grants: (ActionGrant | undefined)[];
}

const loweredFields = new WeakMap<Field, LoweredField>();

function lowered(f: Field): LoweredField {
  let l = loweredFields.get(f);
  if (!l) loweredFields.set(f, (l = { patterns: f.values.map((v) => known(v)?.toLowerCase()), grants: [] }));
  return l;
}

/** Action names asked about, lowered: a handful of names is asked per statement, so they are kept (up to a bound). */
const loweredNames = new Map<string, string>();
const LOWERED_NAMES_MAX = 4096;

/** An action name in lower case (names are case-insensitive), without a new string for a name asked before. */
export function lowerName(action: string): string {
  let l = loweredNames.get(action);
  if (l === undefined) {
    l = action.toLowerCase();
    if (loweredNames.size < LOWERED_NAMES_MAX) loweredNames.set(action, l);
  }
  return l;
}

function grantsName(st: Statement, action: string): ActionGrant {
  const field = st.action ?? st.notAction;
  if (!field) return NOT_GRANTED;
  const l = lowered(field);
  const name = lowerName(action);
  let unk = false;
  for (let i = 0; i < l.patterns.length; i++) {
    const s = l.patterns[i];
    if (s === undefined) unk = true;
    else if (globMatch(s, name)) {
      if (field === st.notAction) return NOT_GRANTED;
      let g = l.grants[i];
      if (!g) l.grants[i] = g = { granted: true, via: field.values[i], field, notAction: false };
      return g;
    }
  }
  if (unk) return UNKNOWN_GRANT;
  if (field !== st.notAction) return NOT_GRANTED;
  // NotAction grants every action it does not list: the same answer for every such action.
  let g = l.grants[l.patterns.length];
  if (!g) l.grants[l.patterns.length] = g = { granted: true, via: undefined, field, notAction: true };
  return g;
}

/** Any of the actions (names or patterns). */
export function grantsAnyAction(st: Statement, actions: readonly string[]): ActionGrant {
  let unk = false;
  for (const a of actions) {
    const g = grantsAction(st, a);
    if (g.granted === true) return g;
    if (g.granted === 'unknown') unk = true;
  }
  return unk ? UNKNOWN_GRANT : NOT_GRANTED;
}

/**
 * The catalogue actions a statement's `Action` or `NotAction` covers, in AWS's casing, ignoring its
 * effect, resources and conditions. `unknown`: some entry could not be read (a parameter, an import),
 * so the list may be incomplete (`Action`) or too long (`NotAction`). Cached per pattern by the catalogue.
 */
export function statementActions(st: Statement): { readonly actions: readonly string[]; readonly unknown: boolean } {
  const f = st.action ?? st.notAction;
  if (!f) return { actions: [], unknown: false };
  const patterns: string[] = [];
  let unknown = false;
  for (const v of f.values) {
    const s = known(v);
    if (s === undefined) unknown = true;
    else patterns.push(s);
  }
  if (st.notAction && !st.action) return { actions: expandNotAction(patterns), unknown };
  if (patterns.length === 1 && patterns[0] !== undefined) return { actions: expandActionPattern(patterns[0]), unknown };
  const seen = new Set<string>();
  for (const p of patterns) for (const a of expandActionPattern(p)) seen.add(a);
  return { actions: [...seen], unknown };
}
