import { isMap, type SEntry, type SMap, type SNode } from '../../model/node.js';
import type { Range } from '../../model/source.js';
import { UNKNOWN_KEY } from '../../model/code.js';
import { ASSUME, CdkPrincipals, rangeOf, type New, type Principal } from './cdk-principals.js';
import { propName, unwrap, type Node } from './scope.js';
import { findProperty } from './values.js';

/** Methods that add statements to the policy of the object they are called on (a role, user, group, function...). */
export const IDENTITY_SINKS = new Set(['addToPolicy', 'addToPrincipalPolicy', 'addToRolePolicy']);
/** `PolicyStatement` methods that change it; with READ_ONLY, the only uses that keep a statement in view. */
const STATEMENT_MUTATORS = new Set([
  'addActions',
  'addNotActions',
  'addResources',
  'addNotResources',
  'addAllResources',
  'addPrincipals',
  'addNotPrincipals',
  'addAnyPrincipal',
  'addArnPrincipal',
  'addAwsAccountPrincipal',
  'addAccountRootPrincipal',
  'addServicePrincipal',
  'addFederatedPrincipal',
  'addCanonicalUserPrincipal',
  'addCondition',
  'addConditions',
  'addAccountCondition',
  'addSourceAccountCondition',
  'addSourceArnCondition',
]);
const READ_ONLY = new Set([
  'toStatementJson',
  'toJSON',
  'toString',
  'copy',
  'validateForAnyPolicy',
  'validateForIdentityPolicy',
  'validateForResourcePolicy',
  'freeze',
]);

/**
 * CDK policy statements and documents (`new iam.PolicyStatement({...})` with every later
 * `addActions`/`addCondition`/... on its binding, `PolicyStatement.fromJson`, `new PolicyDocument`,
 * `PolicyDocument.fromJson`) rendered as the IAM JSON CDK synthesizes, with ranges on the source.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.PolicyStatement.html
 */
export class CdkStatements extends CdkPrincipals {
  protected readonly consumed: Set<Node> = new Set<Node>();
  private readonly statementCache = new Map<Node, SMap>();

  // ---------------------------------------------------------------- statements

  protected effectNode(e: Node): SNode {
    const name = this.iamName(e);
    if (name === 'Effect.ALLOW') return this.scalar(rangeOf(e), 'Allow');
    if (name === 'Effect.DENY') return this.scalar(rangeOf(e), 'Deny');
    return this.v.node(e);
  }

  /** `new PolicyStatement({...})` with every later `addActions`/`addCondition`/... on the name it is bound to. */
  protected statement(n: New): SMap {
    const cached = this.statementCache.get(n);
    if (cached) return cached;
    const range = rangeOf(n);
    const props = this.propsOf(n, 0);
    const lists: Record<'Action' | 'NotAction' | 'Resource' | 'NotResource', { keyRange: Range; items: SNode[] } | undefined> = {
      Action: undefined,
      NotAction: undefined,
      Resource: undefined,
      NotResource: undefined,
    };
    const add = (k: keyof typeof lists, keyRange: Range, items: SNode[]) => {
      const l = lists[k];
      if (l) l.items.push(...items);
      else lists[k] = { keyRange, items: [...items] };
    };
    let effect: SNode = this.scalar(rangeOf(n.callee), 'Allow');
    let effectKey = rangeOf(n.callee);
    let sid: SEntry | undefined;
    const principals: Principal[] = [];
    const notPrincipals: Principal[] = [];
    let principalKey: Range | undefined;
    let notPrincipalKey: Range | undefined;
    const conditions: SNode[] = [];
    let conditionKey: Range | undefined;
    if (props === 'unknown') {
      // Properties computed elsewhere: nothing can be said about this statement.
      effect = this.v.unknown(range);
    } else if (props) {
      for (const p of props.properties) {
        if (p.type !== 'Property') {
          effect = this.v.unknown(range);
          continue;
        }
        const key = p.key.type === 'Identifier' && !p.computed ? p.key.name : undefined;
        const kr = rangeOf(p.key);
        switch (key) {
          case 'effect':
            effect = this.effectNode(p.value);
            effectKey = kr;
            break;
          case 'actions':
            add('Action', kr, this.items(p.value));
            break;
          case 'notActions':
            add('NotAction', kr, this.items(p.value));
            break;
          case 'resources':
            add('Resource', kr, this.items(p.value));
            break;
          case 'notResources':
            add('NotResource', kr, this.items(p.value));
            break;
          case 'principals':
            principalKey = kr;
            principals.push(...this.principalList(p.value));
            break;
          case 'notPrincipals':
            notPrincipalKey = kr;
            notPrincipals.push(...this.principalList(p.value));
            break;
          case 'conditions':
            conditionKey = kr;
            conditions.push(this.v.node(p.value));
            break;
          case 'sid':
            sid = this.entry('Sid', kr, this.v.node(p.value));
            break;
          default:
            break;
        }
      }
    }
    const binding = this.bindingOf(n);
    for (const { name, call, callee } of this.methodCalls(binding)) {
      const kr = rangeOf(callee.property);
      const args = call.arguments;
      const a0 = args[0] && args[0].type !== 'SpreadElement' ? args[0] : undefined;
      const a1 = args[1] && args[1].type !== 'SpreadElement' ? args[1] : undefined;
      const cr = rangeOf(call);
      switch (name) {
        case 'addActions':
          add('Action', kr, this.argItems(args));
          break;
        case 'addNotActions':
          add('NotAction', kr, this.argItems(args));
          break;
        case 'addResources':
          add('Resource', kr, this.argItems(args));
          break;
        case 'addNotResources':
          add('NotResource', kr, this.argItems(args));
          break;
        case 'addAllResources':
          add('Resource', kr, [this.scalar(cr, '*')]);
          break;
        case 'addPrincipals':
          principalKey ??= kr;
          for (const a of args) principals.push(...(a.type === 'SpreadElement' ? this.principalList(a.argument) : this.principals(a)));
          break;
        case 'addNotPrincipals':
          notPrincipalKey ??= kr;
          for (const a of args) notPrincipals.push(...(a.type === 'SpreadElement' ? this.principalList(a.argument) : this.principals(a)));
          break;
        case 'addAnyPrincipal':
          principalKey ??= kr;
          principals.push({ entries: [{ type: 'AWS', node: this.scalar(cr, '*') }], conditions: [], action: ASSUME, at: cr });
          break;
        case 'addArnPrincipal':
          principalKey ??= kr;
          if (a0) principals.push({ entries: [{ type: 'AWS', node: this.v.node(a0) }], conditions: [], action: ASSUME, at: cr });
          break;
        case 'addAwsAccountPrincipal':
          principalKey ??= kr;
          if (a0)
            principals.push({
              entries: [{ type: 'AWS', node: this.v.symbolicScalar(cr, ['arn:', { sym: 'partition' }, ':iam::', ...this.v.parts(a0), ':root']) }],
              conditions: [],
              action: ASSUME,
              at: cr,
            });
          break;
        case 'addAccountRootPrincipal':
          principalKey ??= kr;
          principals.push({
            entries: [{ type: 'AWS', node: this.v.symbolicScalar(cr, ['arn:', { sym: 'partition' }, ':iam::', { sym: 'account' }, ':root']) }],
            conditions: [],
            action: ASSUME,
            at: cr,
          });
          break;
        case 'addServicePrincipal':
          principalKey ??= kr;
          if (a0) principals.push({ entries: [{ type: 'Service', node: this.v.node(a0) }], conditions: [], action: ASSUME, at: cr });
          break;
        case 'addFederatedPrincipal':
          principalKey ??= kr;
          if (a0) principals.push({ entries: [{ type: 'Federated', node: this.v.node(a0) }], conditions: a1 ? [this.v.node(a1)] : [], action: ASSUME, at: cr });
          break;
        case 'addCanonicalUserPrincipal':
          principalKey ??= kr;
          if (a0) principals.push({ entries: [{ type: 'CanonicalUser', node: this.v.node(a0) }], conditions: [], action: ASSUME, at: cr });
          break;
        case 'addCondition': {
          conditionKey ??= kr;
          if (!a0 || !a1) break;
          const op = this.v.parts(a0);
          const opKey = op.length === 1 && typeof op[0] === 'string' ? op[0] : UNKNOWN_KEY;
          conditions.push({ kind: 'map', range: cr, entries: [this.entry(opKey, rangeOf(a0), this.v.node(a1))] });
          break;
        }
        case 'addConditions':
          conditionKey ??= kr;
          if (a0) conditions.push(this.v.node(a0));
          break;
        case 'addAccountCondition':
        case 'addSourceAccountCondition':
        case 'addSourceArnCondition': {
          // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.PolicyStatement.html#addwbraccountwbrconditionaccountid
          conditionKey ??= kr;
          if (!a0) break;
          const [op, key] =
            name === 'addAccountCondition'
              ? ['StringEquals', 'sts:ExternalId']
              : name === 'addSourceAccountCondition'
                ? ['StringEquals', 'aws:SourceAccount']
                : ['ArnEquals', 'aws:SourceArn'];
          conditions.push({
            kind: 'map',
            range: cr,
            entries: [this.entry(op, kr, { kind: 'map', range: cr, entries: [this.entry(key, kr, this.v.node(a0))] })],
          });
          break;
        }
        default:
          break;
      }
    }
    // A statement handed to code we cannot see may get conditions there: its conditions are Unknown.
    if (binding !== undefined && this.escapes(binding)) conditions.push(this.v.unknown(range));
    const entries: SEntry[] = [this.entry('Effect', effectKey, effect)];
    if (sid) entries.push(sid);
    for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      const l = lists[k];
      if (l) entries.push(this.entry(k, l.keyRange, this.seq(l.keyRange, l.items)));
    }
    if (principals.length) entries.push(this.entry('Principal', principalKey ?? range, this.principalMap(principals, principalKey ?? range)));
    if (notPrincipals.length) entries.push(this.entry('NotPrincipal', notPrincipalKey ?? range, this.principalMap(notPrincipals, notPrincipalKey ?? range)));
    const allConditions = [...conditions, ...principals.flatMap((p) => p.conditions)];
    const cm = this.conditionMap(allConditions, conditionKey ?? range);
    if (cm) entries.push(this.entry('Condition', conditionKey ?? range, cm));
    const node: SMap = { kind: 'map', range, entries };
    this.statementCache.set(n, node);
    return node;
  }

  protected principalList(e: Node, depth = 0): Principal[] {
    const n = this.v.resolve(e);
    if (n.type === 'ArrayExpression' && depth < 8)
      return n.elements.flatMap((el) => (!el ? [] : el.type === 'SpreadElement' ? this.principalList(el.argument, depth + 1) : this.principals(el)));
    return this.principals(e);
  }

  /** Whether a name bound to a statement is used anywhere but where iamlint can follow it. */
  protected escapes(key: string): boolean {
    for (const ref of this.scope.references.get(key) ?? []) {
      const p = this.scope.parents.get(ref);
      if (!p) continue;
      if (p.type === 'MemberExpression' && p.object === ref) {
        const m = propName(p);
        const gp = this.scope.parents.get(p);
        const called = gp?.type === 'CallExpression' && gp.callee === p;
        if (m !== undefined && (STATEMENT_MUTATORS.has(m) || READ_ONLY.has(m) || !called)) continue;
        return true;
      }
      if (p.type === 'ArrayExpression') continue;
      if (p.type === 'CallExpression' && p.callee !== ref) {
        const callee = unwrap(p.callee);
        const m = callee.type === 'MemberExpression' ? propName(callee) : undefined;
        if (m !== undefined && (IDENTITY_SINKS.has(m) || m === 'addStatements' || m === 'addToResourcePolicy')) continue;
        return true;
      }
      if (p.type === 'VariableDeclarator' || p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression') continue;
      return true;
    }
    return false;
  }

  /** A statement expression: `new PolicyStatement`, `PolicyStatement.fromJson`, a JSON object, through names. */
  protected statementNode(e: Node): SNode | undefined {
    const n = this.v.resolve(e);
    if (n.type === 'NewExpression' && this.iamName(n.callee) === 'PolicyStatement') {
      this.consumed.add(n);
      return this.statement(n);
    }
    if (n.type === 'CallExpression' && this.iamName(n.callee) === 'PolicyStatement.fromJson') {
      this.consumed.add(n);
      const a = n.arguments[0];
      return a && a.type !== 'SpreadElement' ? this.v.node(a) : undefined;
    }
    if (n.type === 'ObjectExpression') return this.v.node(n);
    return undefined;
  }

  protected statementList(e: Node, depth = 0): SNode[] {
    const n = this.v.resolve(e);
    // A spread of itself (`const a = [...a]`) or generated nesting: past a few levels, nothing more is read.
    if (depth > 8) return [];
    if (n.type === 'ArrayExpression')
      return n.elements.flatMap((el) => (!el ? [] : el.type === 'SpreadElement' ? this.statementList(el.argument, depth + 1) : (this.statementNode(el) ?? [])));
    const one = this.statementNode(e);
    return one ? [one] : [];
  }

  /** Statements added by `addStatements` on a binding (a document, a policy, a role's `assumeRolePolicy`). */
  protected addedStatements(key: string | undefined): SNode[] {
    const out: SNode[] = [];
    for (const { name, call } of this.methodCalls(key)) {
      if (name !== 'addStatements') continue;
      for (const a of call.arguments) out.push(...(a.type === 'SpreadElement' ? this.statementList(a.argument) : this.statementList(a)));
    }
    return out;
  }

  /**
   * A document expression: `new PolicyDocument({statements})` (with later `addStatements`),
   * `PolicyDocument.fromJson(json)`, or a JSON object (L1 properties take IAM JSON as is).
   */
  protected document(e: Node): { statements: SNode[] } | { json: SNode } | undefined {
    const n = this.v.resolve(e);
    if (n.type === 'NewExpression' && this.iamName(n.callee) === 'PolicyDocument') {
      this.consumed.add(n);
      const props = this.propsOf(n, 0);
      const st = props && props !== 'unknown' ? findProperty(props, 'statements') : undefined;
      return { statements: [...(st ? this.statementList(st) : []), ...this.addedStatements(this.bindingOf(n))] };
    }
    if (n.type === 'CallExpression' && this.iamName(n.callee) === 'PolicyDocument.fromJson') {
      this.consumed.add(n);
      const a = n.arguments[0];
      return a && a.type !== 'SpreadElement' ? { json: this.v.node(a) } : undefined;
    }
    if (n.type === 'ObjectExpression') return { json: this.v.node(n) };
    return undefined;
  }

  /** A document node as CloudFormation holds it: `{Version, Statement: [...]}`, or the JSON written in the code. */
  docNode(doc: { statements: SNode[] } | { json: SNode }, range: Range): SNode {
    if ('json' in doc) return doc.json;
    return {
      kind: 'map',
      range,
      entries: [this.entry('Version', range, this.scalar(range, '2012-10-17')), this.entry('Statement', range, this.seq(range, doc.statements))],
    };
  }

  /** The statements list of a lowered document, to append to (undefined for JSON written in the code). */
  protected statementsOf(doc: SNode | undefined): SNode[] | undefined {
    if (!isMap(doc)) return undefined;
    const st = doc.entries.find((e) => e.key.value === 'Statement')?.value;
    return st?.kind === 'seq' ? st.items : undefined;
  }
}
