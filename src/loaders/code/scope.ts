import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/types';
import { children, propName, staticKey, unwrap, type Node } from './ast.js';
import { member, moduleOf, requiredModule, type Ref } from './modules.js';

export { children, propName, staticKey, unwrap, type Expr, type Node } from './ast.js';
export type { Module, Ref } from './modules.js';

/**
 * One pass over a program: imports of known modules, which names are bound once and never
 * reassigned (so their initializer is their value), parents, and the nodes the extractors visit.
 * Names bound more than once (shadowing, several scopes) are not followed: the value is Unknown.
 */
export class Scope {
  readonly parents = new WeakMap<Node, Node>();
  readonly news: TSESTree.NewExpression[] = [];
  readonly calls: TSESTree.CallExpression[] = [];
  readonly assignments: TSESTree.AssignmentExpression[] = [];
  readonly strings: (TSESTree.StringLiteral | TSESTree.TemplateLiteral)[] = [];
  /** Every identifier and `this.x` used as a value, by binding key: to tell whether a statement escapes. */
  readonly references = new Map<string, Node[]>();
  /** `this` inside a class that extends a `...Stack`: `this.account` is the stack's account. */
  readonly stackThis = new WeakSet<Node>();
  private readonly imports = new Map<string, Ref>();
  private readonly bindings = new Map<string, number>();
  private readonly inits = new Map<string, Node>();
  private readonly assigned = new Set<string>();
  /** Identifier node → the variable it declares or refers to (index), from typescript-eslint's scope analysis. */
  private readonly vars = new Map<Node, number>();

  constructor(program: TSESTree.Program, sourceType: 'module' | 'script' = 'module') {
    this.walk(program, []);
    // Names bound once in the file mean the same thing whatever the scopes: the scope analysis (about
    // eight times the parse) only runs when a name is bound twice, and then the walk is redone with
    // one key per variable.
    let ambiguous = false;
    for (const [k, n] of this.bindings) if (n > 1 && !k.startsWith('this.')) ambiguous = true;
    if (!ambiguous || !resolveVariables(program, sourceType, this.vars)) return;
    this.news.length = 0;
    this.calls.length = 0;
    this.assignments.length = 0;
    this.strings.length = 0;
    this.references.clear();
    this.imports.clear();
    this.bindings.clear();
    this.inits.clear();
    this.assigned.clear();
    this.walk(program, []);
  }

  /** Whether bindings were resolved by scope analysis (a name was bound more than once), for tests and the benchmark. */
  get scoped(): boolean {
    return this.vars.size > 0;
  }

  /**
   * The identity of a binding an expression names: a variable (`name#n`, so an unrelated `const target`
   * in another function is another binding), or `this.x`. Without scope analysis, the name itself.
   */
  key(e: Node): string | undefined {
    const n = unwrap(e);
    if (n.type === 'Identifier') {
      const v = this.vars.get(n);
      return v === undefined ? n.name : `${n.name}#${v}`;
    }
    if (n.type === 'MemberExpression' && unwrap(n.object).type === 'ThisExpression') {
      const p = propName(n);
      return p === undefined ? undefined : `this.${p}`;
    }
    return undefined;
  }

  /** The value a binding (see `key`) stands for, when it is bound once and never reassigned. */
  init(key: string): Node | undefined {
    if (this.imports.has(key) || this.assigned.has(key) || this.bindings.get(key) !== 1) return undefined;
    return this.inits.get(key);
  }

  /** Which known module member an expression names, following imports, `require` and bindings. */
  ref(e: Node, depth = 0): Ref | undefined {
    if (depth > 16) return undefined;
    const n = unwrap(e);
    if (n.type === 'Identifier') {
      const key = this.key(n) ?? n.name;
      const imp = this.imports.get(key);
      if (imp) return this.bindings.get(key) === 1 ? imp : undefined;
      const i = this.init(key);
      return i ? this.ref(i, depth + 1) : undefined;
    }
    if (n.type === 'MemberExpression') {
      const p = propName(n);
      if (p === undefined) return undefined;
      const o = this.ref(n.object, depth + 1);
      return o ? member(o, p) : undefined;
    }
    return undefined;
  }

  private bind(key: string, init: Node | undefined): void {
    this.bindings.set(key, (this.bindings.get(key) ?? 0) + 1);
    if (init) this.inits.set(key, init);
  }

  private bindPattern(p: Node | null, init: Node | undefined): void {
    if (!p) return;
    switch (p.type) {
      case 'Identifier':
        this.bind(this.key(p) ?? p.name, init);
        break;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') this.bindPattern(prop.argument, undefined);
          else this.bindPattern(prop.value, undefined);
        }
        break;
      case 'ArrayPattern':
        for (const el of p.elements) this.bindPattern(el, undefined);
        break;
      case 'RestElement':
        this.bindPattern(p.argument, undefined);
        break;
      case 'AssignmentPattern':
        this.bindPattern(p.left, undefined);
        break;
      case 'TSParameterProperty':
        this.bindPattern(p.parameter, undefined);
        break;
      default:
        break;
    }
  }

  private importBinding(local: TSESTree.Identifier, r: Ref | undefined): void {
    const key = this.key(local) ?? local.name;
    this.bind(key, undefined);
    if (r) this.imports.set(key, r);
  }

  private assignTarget(t: Node): void {
    const key = this.key(t);
    if (key !== undefined) this.assigned.add(key);
    else if (t.type === 'ObjectPattern' || t.type === 'ArrayPattern') {
      const names: string[] = [];
      const collect = (p: Node | null): void => {
        if (!p) return;
        if (p.type === 'Identifier') names.push(this.key(p) ?? p.name);
        else if (p.type === 'ObjectPattern') p.properties.forEach((q) => collect(q.type === 'RestElement' ? q.argument : q.value));
        else if (p.type === 'ArrayPattern') p.elements.forEach(collect);
        else if (p.type === 'AssignmentPattern') collect(p.left);
        else if (p.type === 'RestElement') collect(p.argument);
      };
      collect(t);
      for (const n of names) this.assigned.add(n);
    }
  }

  private declare(n: Node): void {
    switch (n.type) {
      case 'ImportDeclaration': {
        const mod = moduleOf(n.source.value);
        for (const s of n.specifiers) {
          if (s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier') this.importBinding(s.local, mod);
          else {
            const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
            this.importBinding(s.local, mod ? member(mod, imported) : undefined);
          }
        }
        break;
      }
      case 'TSImportEqualsDeclaration': {
        // `import iam = require('@aws-cdk/aws-iam')` (CommonJS-style TypeScript, common in CDK v1 code).
        const ref = n.moduleReference;
        if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal' && typeof ref.expression.value === 'string')
          this.importBinding(n.id, moduleOf(ref.expression.value));
        else this.bind(this.key(n.id) ?? n.id.name, undefined);
        break;
      }
      case 'VariableDeclarator': {
        const init = n.init ?? undefined;
        const req = init && unwrap(init).type === 'CallExpression' ? requiredModule(unwrap(init) as TSESTree.CallExpression) : undefined;
        if (req !== undefined) {
          const mod = moduleOf(req);
          if (n.id.type === 'Identifier') this.importBinding(n.id, mod);
          else if (n.id.type === 'ObjectPattern') {
            for (const p of n.id.properties) {
              if (p.type === 'Property' && p.value.type === 'Identifier') {
                const k = staticKey(p);
                this.importBinding(p.value, mod && k !== undefined ? member(mod, k) : undefined);
              } else this.bindPattern(p.type === 'RestElement' ? p.argument : p.value, undefined);
            }
          } else this.bindPattern(n.id, undefined);
        } else if (n.id.type === 'Identifier') {
          this.bind(this.key(n.id) ?? n.id.name, init);
        } else {
          this.bindPattern(n.id, undefined);
        }
        break;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'TSDeclareFunction':
        if (n.type === 'FunctionDeclaration' && n.id) this.bind(this.key(n.id) ?? n.id.name, undefined);
        for (const p of n.params) this.bindPattern(p, undefined);
        break;
      case 'ClassDeclaration':
        if (n.id) this.bind(this.key(n.id) ?? n.id.name, undefined);
        break;
      case 'CatchClause':
        this.bindPattern(n.param, undefined);
        break;
      case 'PropertyDefinition': {
        // `readonly role: iam.Role;` declares without binding; `this.role = new Role(...)` in the constructor binds.
        const k = staticKey(n);
        if (k !== undefined && !n.static && n.value) this.bind(`this.${k}`, n.value);
        break;
      }
      case 'AssignmentExpression': {
        const key = this.key(n.left);
        if (key?.startsWith('this.') && n.operator === '=') this.bind(key, n.right);
        else this.assignTarget(n.left);
        this.assignments.push(n);
        break;
      }
      case 'UpdateExpression':
        this.assignTarget(n.argument);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (n.left.type !== 'VariableDeclaration') this.assignTarget(n.left);
        break;
      default:
        break;
    }
  }

  /** Depth-first, with an explicit stack: generated code nests deeper than the call stack allows. */
  private walk(program: Node, rootClasses: boolean[]): void {
    const stack: { n: Node; classes: boolean[] }[] = [{ n: program, classes: rootClasses }];
    for (let item = stack.pop(); item; item = stack.pop()) {
      const { n, classes } = item;
      this.declare(n);
      let inner = classes;
      switch (n.type) {
        case 'NewExpression':
          this.news.push(n);
          break;
        case 'CallExpression':
          this.calls.push(n);
          break;
        case 'Literal':
          if (typeof n.value === 'string') this.strings.push(n as TSESTree.StringLiteral);
          break;
        case 'TemplateLiteral':
          this.strings.push(n);
          break;
        case 'ClassDeclaration':
        case 'ClassExpression':
          inner = [...classes, !!n.superClass && /Stack$/.test(superName(n.superClass) ?? '')];
          break;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
          // A plain function has its own `this`; methods are FunctionExpressions under a MethodDefinition.
          if (this.parents.get(n)?.type !== 'MethodDefinition') inner = [...classes, false];
          break;
        case 'ThisExpression':
          if (classes[classes.length - 1]) this.stackThis.add(n);
          break;
        default:
          break;
      }
      const key = n.type === 'Identifier' || n.type === 'MemberExpression' ? this.key(n) : undefined;
      if (key !== undefined && isReference(n, this.parents.get(n))) {
        const list = this.references.get(key);
        if (list) list.push(n);
        else this.references.set(key, [n]);
      }
      const kids = children(n);
      for (let i = kids.length - 1; i >= 0; i--) {
        const c = kids[i] as Node;
        this.parents.set(c, n);
        stack.push({ n: c, classes: inner });
      }
    }
  }
}

/** Whether an identifier or `this.x` is used as a value (not declared, not a property name). */
function isReference(n: Node, parent: Node | undefined): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object === n || parent.computed;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      return parent.value === n || (parent.key === n && parent.computed);
    case 'VariableDeclarator':
      return parent.init === n;
    case 'AssignmentExpression':
      return parent.right === n;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ClassDeclaration':
    case 'FunctionDeclaration':
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return parent.body === n;
    default:
      return true;
  }
}

function superName(e: Node): string | undefined {
  const n = unwrap(e);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression') return propName(n);
  return undefined;
}

type Analyze = (
  program: TSESTree.Program,
  options: { sourceType: 'module' | 'script'; lib: never[] },
) => {
  readonly scopes: readonly {
    readonly variables: readonly { readonly identifiers: readonly Node[]; readonly references: readonly { readonly identifier: Node }[] }[];
  }[];
};
let analyzeFn: Analyze | null | undefined;

/**
 * typescript-eslint's scope analysis (pure JavaScript, works on any ESTree/TS-ESTree AST): each
 * identifier, declaration or use, mapped to the variable it belongs to. Without it (a broken install,
 * an AST it rejects) bindings fall back to names counted per file, which is conservative: a name bound
 * twice anywhere is Unknown.
 */
function resolveVariables(program: TSESTree.Program, sourceType: 'module' | 'script', out: Map<Node, number>): boolean {
  if (analyzeFn === undefined) {
    try {
      analyzeFn = (createRequire(import.meta.url)('@typescript-eslint/scope-manager') as { analyze: Analyze }).analyze;
    } catch {
      analyzeFn = null;
    }
  }
  if (!analyzeFn) return false;
  try {
    const manager = analyzeFn(program, { sourceType, lib: [] });
    let i = 0;
    for (const s of manager.scopes)
      for (const v of s.variables) {
        const id = i++;
        for (const d of v.identifiers) out.set(d, id);
        for (const r of v.references) out.set(r.identifier, id);
      }
    return out.size > 0;
  } catch {
    out.clear();
    return false;
  }
}
