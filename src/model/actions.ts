import { globMatch } from './glob.js';
import type { Field, Statement } from './policy.js';
import { known, type Val } from './value.js';

/**
 * Whether a statement's action side covers `action`. Action names are case-insensitive and may carry
 * `*`/`?` anywhere, including the service prefix (`*:PassRole` is matched, not ignored).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * `NotAction` grants every action it does not list.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 */
export type ActionGrant =
  { readonly granted: true; readonly via: Val | undefined; readonly field: Field; readonly notAction: boolean } | { readonly granted: false | 'unknown' };

export function grantsAction(st: Statement, action: string): ActionGrant {
  if (st.action) {
    let unk = false;
    for (const v of st.action.values) {
      const s = known(v);
      if (s === undefined) unk = true;
      else if (globMatch(s, action, true)) return { granted: true, via: v, field: st.action, notAction: false };
    }
    return { granted: unk ? 'unknown' : false };
  }
  if (st.notAction) {
    let unk = false;
    for (const v of st.notAction.values) {
      const s = known(v);
      if (s === undefined) unk = true;
      else if (globMatch(s, action, true)) return { granted: false };
    }
    return unk ? { granted: 'unknown' } : { granted: true, via: undefined, field: st.notAction, notAction: true };
  }
  return { granted: false };
}

/** Any of the actions. */
export function grantsAnyAction(st: Statement, actions: readonly string[]): ActionGrant {
  let unk = false;
  for (const a of actions) {
    const g = grantsAction(st, a);
    if (g.granted === true) return g;
    if (g.granted === 'unknown') unk = true;
  }
  return { granted: unk ? 'unknown' : false };
}
