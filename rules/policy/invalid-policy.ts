import { defineRule, known, notesSuffix, type PolicyDocument, type SNode, type SScalar, type Statement } from '../../src/index.js';
import { catalog, type ConditionKeyType } from '../../src/model/catalog.js';
import { parseOperator } from '../../src/model/conditions.js';
import { getCI, isMap, isScalar, isSeq, scalarString, type SEntry } from '../../src/model/node.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
const DOC_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const DOC_LOWER = new Set(DOC_ELEMENTS.map((e) => e.toLowerCase()));
const STATEMENT_LOWER = new Set(STATEMENT_ELEMENTS.map((e) => e.toLowerCase()));
/** Statement elements by lowercase name, to their index in STATEMENT_ELEMENTS. */
const ELEMENT_INDEX = new Map(STATEMENT_ELEMENTS.map((e, i) => [e.toLowerCase(), i]));
/** The same by AWS's spelling, which nearly every key uses: those are found without lowering them. */
const ELEMENT_EXACT = new Map(STATEMENT_ELEMENTS.map((e, i) => [e, i]));
const PRINCIPAL = STATEMENT_ELEMENTS.indexOf('Principal');
const NOT_PRINCIPAL = STATEMENT_ELEMENTS.indexOf('NotPrincipal');
const ACTION = STATEMENT_ELEMENTS.indexOf('Action');
const NOT_ACTION = STATEMENT_ELEMENTS.indexOf('NotAction');
const RESOURCE = STATEMENT_ELEMENTS.indexOf('Resource');
const NOT_RESOURCE = STATEMENT_ELEMENTS.indexOf('NotResource');
/** Elements a statement may hold only one of, in the order they are reported. */
const COMBINATIONS = [
  { first: ACTION, second: NOT_ACTION, firstName: 'Action', secondName: 'NotAction' },
  { first: RESOURCE, second: NOT_RESOURCE, firstName: 'Resource', secondName: 'NotResource' },
  { first: PRINCIPAL, second: NOT_PRINCIPAL, firstName: 'Principal', secondName: 'NotPrincipal' },
] as const;
/** What `strayElements` gives a statement whose keys are all elements. */
const NONE_MEANT: ReadonlySet<string> = new Set();
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
const VERSIONS = ['2012-10-17', '2008-10-17'];
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (lowercase, without IfExists)
const OPERATORS = [
  ...['stringequals', 'stringnotequals', 'stringequalsignorecase', 'stringnotequalsignorecase', 'stringlike', 'stringnotlike'],
  ...['numericequals', 'numericnotequals', 'numericlessthan', 'numericlessthanequals', 'numericgreaterthan', 'numericgreaterthanequals'],
  ...['dateequals', 'datenotequals', 'datelessthan', 'datelessthanequals', 'dategreaterthan', 'dategreaterthanequals'],
  ...['bool', 'binaryequals', 'ipaddress', 'notipaddress', 'arnequals', 'arnlike', 'arnnotequals', 'arnnotlike', 'null'],
];
const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);

/** The value family an operator compares, for the families a differently typed key can never satisfy. */
function operatorFamily(base: string): 'Numeric' | 'Date' | 'Bool' | 'IPAddress' | 'Binary' | undefined {
  if (base.startsWith('numeric')) return 'Numeric';
  if (base.startsWith('date')) return 'Date';
  if (base === 'bool') return 'Bool';
  if (base === 'ipaddress' || base === 'notipaddress') return 'IPAddress';
  if (base === 'binaryequals') return 'Binary';
  return undefined;
}
const keyFamily = (t: ConditionKeyType): string => (t.startsWith('ArrayOf') ? t.slice('ArrayOf'.length) : t);

/** A key written by a template or a code generator (`Fn::If`, `Ref`): the map is not literal policy text. */
const isIntrinsicKey = (k: string): boolean => k.startsWith('Fn::') || k === 'Ref';

function keysOf(n: SNode): { key: SScalar; name: string }[] {
  return isMap(n) ? n.entries.map((e) => ({ key: e.key, name: scalarString(e.key) ?? '' })) : [];
}

/** The element name the author probably meant (`Actions` → `Action`), compared without case. */
function closestElement(name: string, elements: readonly string[]): string | undefined {
  const n = name.toLowerCase();
  return elements.find((e) => {
    const l = e.toLowerCase();
    return n === `${l}s` || n === l.slice(0, -1) || (n.length === l.length && [...n].filter((c, i) => c !== l[i]).length === 1);
  });
}

/** Whether the text holds a policy variable (`${aws:username}`, `${s3:prefix}`, `${*}`); `${AWS::Region}`-style template references are not. */
function policyVariable(s: string): string | undefined {
  let i = s.indexOf('${');
  while (i >= 0) {
    const end = s.indexOf('}', i + 2);
    if (end < 0) return undefined;
    const inner = s.slice(i + 2, end);
    if (inner === '*' || inner === '?' || inner === '$' || (/^[A-Za-z0-9.-]+:[A-Za-z0-9/_.-]+$/.test(inner) && !inner.includes('::')))
      return s.slice(i, end + 1);
    i = s.indexOf('${', end + 1);
  }
  return undefined;
}

function isTrust(doc: PolicyDocument): boolean {
  return doc.kind === 'trust' && doc.origin.path.endsWith('AssumeRolePolicyDocument');
}

export default defineRule({
  id: 'invalid-policy',
  meta: {
    summary: 'A policy document that IAM rejects, or whose meaning differs from what it says.',
    why: [
      'IAM validates a policy\'s grammar when it is created or attached: CloudFormation then fails the stack update (`MalformedPolicyDocument`), often late in a deployment. Some mistakes are not rejected but silently change the meaning: without `"Version": "2012-10-17"`, IAM reads the 2008 language, in which `${aws:username}` is literal text that never matches.',
      "The rule follows the errors of AWS's IAM JSON policy reference that can be decided from the file alone, without an AWS account.",
      'Peers: IAM Access Analyzer policy validation (`aws accessanalyzer validate-policy`) reports `INVALID_VERSION`, `VARIABLE_UNSUPPORTED_IN_VERSION`, `MISSING_STATEMENT`, `MISSING_EFFECT`, `INVALID_EFFECT`, `MISSING_ACTION`, `MISSING_RESOURCE`, `MISSING_PRINCIPAL`, `UNSUPPORTED_ELEMENT_COMBINATION`, `INVALID_POLICY_ELEMENT`, `UNSUPPORTED_PRINCIPAL`, `ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE`, `INVALID_CONDITION_OPERATOR`, `NULL_WITH_IF_EXISTS` (errors) and the `TYPE_MISMATCH_*` general warnings; parliament `MALFORMED`, `INVALID_VERSION` and `MISMATCHED_TYPE`; cfn-lint validates the same grammar through its resource schemas (E3xxx).',
    ].join('\n\n'),
    flagged: [
      '`Version` other than `2012-10-17` or `2008-10-17` (`2012-10-18`, `2020-01-01`); a policy variable (`${aws:username}`, `${aws:PrincipalTag/team}`) in a policy without `Version: 2012-10-17` (a warning: the policy is accepted, the variable is literal text).',
      '`Statement` missing, or neither a list nor an object; a statement that is not an object.',
      '`Effect` missing, or not exactly `Allow` or `Deny` (the value is case-sensitive: `allow` is rejected).',
      'Both `Action` and `NotAction`, both `Resource` and `NotResource`, both `Principal` and `NotPrincipal`; neither `Action` nor `NotAction`.',
      'An element IAM does not know (`Actions`, `Resources`, `Conditions`, a misspelt `Efect`), with the element meant.',
      'In identity policies of IAM template resources (role, user and group policies, `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`): `Principal`/`NotPrincipal`, and a statement without `Resource`/`NotResource`.',
      'In role trust policies (`AssumeRolePolicyDocument`): `Resource`/`NotResource`, and a statement without `Principal`/`NotPrincipal`.',
      'An unknown condition operator (`StringEqual`, `ForAllValue:StringLike`), and `Null` with `IfExists`.',
      'A numeric, date, boolean, IP address or binary operator on a condition key AWS documents with another type (`NumericLessThan` on `aws:SourceIp`): a warning, the condition cannot match as meant.',
    ],
    notFlagged: [
      'Values that cannot be known offline (`!Ref`, parameters, `Fn::If` whose branches cannot be read), and maps built by intrinsics.',
      'A missing `Version` in a policy that uses no policy variable (IAM accepts it; the 2008 language differs only for variables).',
      'Structural checks on CDK and SDK code: the CDK builds the document (and adds `Version`) when it synthesizes; element names, operators and key types are still checked.',
      'Element names in another case (`action`): they are left to the tools that read them.',
      'Extra top-level keys of a plain YAML policy file (`defaults: &defaults` holding YAML anchors): such files are converted before IAM sees them.',
      "Action names: `unknown-action` checks those against AWS's catalogue.",
    ],
    fix: [
      'Write the document in the grammar of the IAM JSON policy reference:',
      '',
      '```json',
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/${aws:username}/*" }',
      '  ]',
      '}',
      '```',
    ].join('\n'),
    level: 'error',
    securitySeverity: 5.0,
    tags: ['correctness', 'iam', 'policy'],
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
    ],
    recommended: true,
    domain: 'policy',
  },
  messages: {
    invalidVersion: "Version '{value}' is not a policy language version{notes}: IAM accepts only 2012-10-17 (current) and 2008-10-17, and rejects the policy.",
    variableWithoutVersion:
      '\'{variable}\' is a policy variable, but this policy {version}: IAM reads the 2008 language, where the variable is literal text that never matches. Add "Version": "2012-10-17".',
    missingStatement: 'This policy has no Statement: IAM rejects it.',
    invalidStatement: 'Statement must be a list of statements or one statement object, not {kind}: IAM rejects the policy.',
    missingEffect: 'This statement has no Effect: IAM rejects it. Add "Effect": "Allow" or "Deny".',
    invalidEffect: "Effect '{value}' is neither Allow nor Deny{notes} (the value is case-sensitive): IAM rejects the policy.",
    combination: 'A statement cannot have both {first} and {second}: IAM rejects the policy. Keep one of them.',
    missingAction: 'This statement has neither Action nor NotAction: IAM rejects it.',
    missingResource: 'This statement of an identity policy has neither Resource nor NotResource: IAM rejects it.',
    missingPrincipal: 'This statement of a role trust policy has neither Principal nor NotPrincipal: IAM rejects it. Name who may assume the role.',
    principalInIdentity:
      '{element} is not allowed in an identity policy (it is attached to the principal already): IAM rejects it. Principals belong in trust and resource policies.',
    resourceInTrust: '{element} is not allowed in a role trust policy (the resource is the role itself): IAM rejects it.',
    invalidElement: "'{element}' is not an element of a policy {where}{suggestion}: IAM rejects the policy.",
    invalidOperator: "'{operator}' is not a condition operator{suggestion}: IAM rejects the policy.",
    nullIfExists: "'{operator}': the Null operator cannot take IfExists (it already tests whether the key exists): IAM rejects the policy.",
    typeMismatch: '{operator} compares {family} values, but {key} is a {type} key: the condition cannot match as meant. Use an operator for {type} values.',
  },
  visit: {
    policy(doc, ctx) {
      const ev = ctx.file.evaluator;
      const code = ctx.file.format === 'typescript' || ctx.file.format === 'javascript';
      const root = doc.node;
      const rootKeys = keysOf(root);
      const literalDoc = isMap(root) && !rootKeys.some((k) => isIntrinsicKey(k.name));
      const identity = doc.kind === 'identity' && doc.origin.resourceType?.startsWith('AWS::') === true;
      const trust = isTrust(doc);

      // A plain YAML policy file may keep YAML anchors in extra top-level keys (`defaults: &d`) for a
      // tool that converts it; only a template's embedded document, or a JSON file, is IAM's text as is.
      const yamlSource = ctx.file.format === 'yaml' && !ctx.file.template;
      if (literalDoc && !code) {
        for (const k of yamlSource ? [] : rootKeys)
          if (!DOC_LOWER.has(k.name.toLowerCase())) {
            const guess = closestElement(k.name, DOC_ELEMENTS);
            ctx.report({
              messageId: 'invalidElement',
              at: k.key,
              data: { element: k.name, where: 'document', suggestion: guess ? ` (did you mean '${guess}'?)` : '' },
            });
          }
        const versionEntry = getCI(root, 'Version');
        let version: string | undefined;
        let versionKnown = !versionEntry;
        if (versionEntry) {
          const vals = ev.str(versionEntry.value);
          const texts = vals.map(known);
          if (texts.every((t) => t !== undefined)) versionKnown = true;
          vals.forEach((v, i) => {
            const t = texts[i];
            if (t !== undefined && !VERSIONS.includes(t)) ctx.report({ messageId: 'invalidVersion', at: v, data: { value: t, notes: notesSuffix(v.notes) } });
          });
          if (vals.length === 1) version = texts[0];
        }
        const statementEntry = getCI(root, 'Statement');
        if (!statementEntry) ctx.report({ messageId: 'missingStatement', at: root });
        else
          for (const b of ev.branches(statementEntry.value)) {
            if (isScalar(b.node)) ctx.report({ messageId: 'invalidStatement', at: b.node, data: { kind: 'a single value' } });
            else if (isSeq(b.node))
              for (const item of b.node.items)
                if (isScalar(item) && !ev.isNoValue(item))
                  ctx.report({ messageId: 'invalidStatement', at: item, data: { kind: 'a list holding a single value' } });
          }
        // Policy variables need the 2012-10-17 language; in 2008-10-17 (the default) they are literal text.
        if (versionKnown && version !== '2012-10-17' && (version === undefined ? !versionEntry : VERSIONS.includes(version))) {
          const versionText = version === undefined ? 'has no Version' : `has Version ${version}`;
          outer: for (const st of doc.statements)
            for (const f of [st.resource, st.notResource])
              for (const v of f?.values ?? [])
                for (const p of v.parts) {
                  const variable = typeof p === 'string' ? policyVariable(p) : undefined;
                  if (variable) {
                    ctx.report({ messageId: 'variableWithoutVersion', at: v, level: 'warning', data: { variable, version: versionText } });
                    break outer;
                  }
                }
        }
      }

      for (const st of doc.statements) checkStatement(st);

      function checkStatement(st: Statement): void {
        const entries = isMap(st.node) ? st.node.entries : undefined;
        // The first key of each element, as IAM reads element names (case-insensitively); whether any key is no element.
        const first = new Array<SScalar | undefined>(STATEMENT_ELEMENTS.length);
        let stray = false;
        if (entries)
          for (const e of entries) {
            const name = scalarString(e.key) ?? '';
            if (isIntrinsicKey(name)) return;
            const i = ELEMENT_EXACT.get(name) ?? ELEMENT_INDEX.get(name.toLowerCase());
            if (i === undefined) stray = true;
            else first[i] ??= e.key;
          }
        const meant = entries && stray ? strayElements(entries) : NONE_MEANT;
        for (const c of COMBINATIONS) {
          const second = first[c.second];
          if (first[c.first] && second) ctx.report({ messageId: 'combination', at: second, data: { first: c.firstName, second: c.secondName } });
        }
        if (!code) {
          const effect = getCI(st.node, 'Effect');
          if (!effect) {
            if (!meant.has('Effect')) ctx.report({ messageId: 'missingEffect', at: st.node });
          } else
            for (const v of ev.str(effect.value, st.notes)) {
              const t = known(v);
              if (t !== undefined && t !== 'Allow' && t !== 'Deny')
                ctx.report({ messageId: 'invalidEffect', at: v, data: { value: t, notes: notesSuffix(v.notes) } });
            }
          if (!first[ACTION] && !first[NOT_ACTION] && !meant.has('Action')) ctx.report({ messageId: 'missingAction', at: st.node });
          if (identity && !first[RESOURCE] && !first[NOT_RESOURCE] && !meant.has('Resource')) ctx.report({ messageId: 'missingResource', at: st.node });
          if (trust && !first[PRINCIPAL] && !first[NOT_PRINCIPAL] && !meant.has('Principal')) ctx.report({ messageId: 'missingPrincipal', at: st.node });
        }
        if (identity) {
          reportElement(first[PRINCIPAL], 'principalInIdentity', 'Principal');
          reportElement(first[NOT_PRINCIPAL], 'principalInIdentity', 'NotPrincipal');
        }
        if (trust) {
          reportElement(first[RESOURCE], 'resourceInTrust', 'Resource');
          reportElement(first[NOT_RESOURCE], 'resourceInTrust', 'NotResource');
        }
        checkConditions(st);
      }

      /** Reports the keys that are no statement element; gives the elements they were probably meant as. */
      function strayElements(entries: readonly SEntry[]): ReadonlySet<string> {
        // A misspelt element is reported once, as such, not again as the element it fails to provide.
        const meant = new Set<string>();
        for (const e of entries) {
          const name = scalarString(e.key) ?? '';
          if (STATEMENT_LOWER.has(name.toLowerCase())) continue;
          const guess = closestElement(name, STATEMENT_ELEMENTS);
          if (guess) meant.add(guess.replace(/^Not/, ''));
          ctx.report({
            messageId: 'invalidElement',
            at: e.key,
            data: { element: name, where: 'statement', suggestion: guess ? ` (did you mean '${guess}'?)` : '' },
          });
        }
        return meant;
      }

      function reportElement(key: SScalar | undefined, messageId: 'principalInIdentity' | 'resourceInTrust', element: string): void {
        if (key) ctx.report({ messageId, at: key, data: { element } });
      }

      function checkConditions(st: Statement): void {
        let seen: Set<SScalar> | undefined;
        for (const c of st.condition.clauses) {
          const op = parseOperator(c.operator);
          if (!OPERATOR_SET.has(op.base)) {
            if (seen?.has(c.operatorNode)) continue;
            (seen ??= new Set()).add(c.operatorNode);
            const guess = closestOperator(c.operator);
            ctx.report({
              messageId: 'invalidOperator',
              at: c.operatorNode,
              data: { operator: c.operator, suggestion: guess ? ` (did you mean '${guess}'?)` : '' },
            });
            continue;
          }
          if (op.base === 'null' && op.ifExists) {
            if (!seen?.has(c.operatorNode)) ctx.report({ messageId: 'nullIfExists', at: c.operatorNode, data: { operator: c.operator } });
            (seen ??= new Set()).add(c.operatorNode);
            continue;
          }
          const family = operatorFamily(op.base);
          const type = family ? catalog.conditionKeyInfo(c.key)?.type : undefined;
          if (family && type && keyFamily(type) !== family)
            ctx.report({
              messageId: 'typeMismatch',
              at: c.keyNode,
              level: 'warning',
              data: { operator: c.operator, family, key: c.key, type },
            });
        }
      }
    },
  },
});

/** AWS's spelling of an operator that differs by a letter or a missing `s`/`Values` (`StringEqual`, `ForAllValue:`). */
function closestOperator(op: string): string | undefined {
  const CANON = [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'ArnEquals',
    'ArnLike',
    'ArnNotEquals',
    'ArnNotLike',
    'Null',
  ];
  let rest = op;
  let prefix = '';
  const colon = op.indexOf(':');
  if (colon >= 0) {
    const set = op.slice(0, colon).toLowerCase();
    prefix = set.startsWith('forall') ? 'ForAllValues:' : set.startsWith('forany') ? 'ForAnyValue:' : `${op.slice(0, colon)}:`;
    rest = op.slice(colon + 1);
  }
  let suffix = '';
  if (rest.toLowerCase().endsWith('ifexists')) {
    suffix = 'IfExists';
    rest = rest.slice(0, -'ifexists'.length);
  }
  const r = rest.toLowerCase();
  const hit = CANON.find((c) => {
    const l = c.toLowerCase();
    return l === r || l === `${r}s` || `${l}s` === r || (l.length === r.length && [...l].filter((ch, i) => ch !== r[i]).length === 1);
  });
  return hit ? `${prefix}${hit}${suffix}` : undefined;
}
