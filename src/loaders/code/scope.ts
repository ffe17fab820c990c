import type { TSESTree } from '@typescript-eslint/typescript-estree';

export type Node = TSESTree.Node;
export type Expr = TSESTree.Expression;

/**
 * The modules whose meaning iamlint knows. CDK v2 (`aws-cdk-lib`, its `aws_iam`/`aws_ec2`
 * namespaces and `aws-cdk-lib/aws-iam` paths) and v1 (`@aws-cdk/aws-iam`) share one API; `core` is
 * `Stack`, `Aws` and friends. `sdk3` is any `@aws-sdk/*` package, `sdk2` the `aws-sdk` namespace.
 */
export type Module = 'cdk' | 'core' | 'iam' | 'ec2' | 'sdk3' | 'sdk2';

/** What an expression names: a module namespace (no `name`), or a member path in one (`PolicyStatement.fromJson`). */
export interface Ref {
  readonly module: Module;
  readonly name?: string;
}

function moduleOf(src: string): Ref | undefined {
  if (src === 'aws-cdk-lib') return { module: 'cdk' };
  if (src === 'aws-cdk-lib/core' || src === '@aws-cdk/core') return { module: 'core' };
  const m = /^(?:aws-cdk-lib\/|@aws-cdk\/)aws-(iam|ec2)$/.exec(src);
  if (m) return { module: m[1] as 'iam' | 'ec2' };
  if (src.startsWith('@aws-sdk/')) return { module: 'sdk3' };
  if (src === 'aws-sdk' || src === 'aws-sdk/global' || src === 'aws-sdk/lib/core') return { module: 'sdk2' };
  // `import S3 from 'aws-sdk/clients/s3'`: the default export is the service class.
  const c = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(src);
  if (c) return { module: 'sdk2', name: `clients.${c[1]}` };
  return undefined;
}

function member(r: Ref, prop: string): Ref {
  if (r.name !== undefined) return { module: r.module, name: `${r.name}.${prop}` };
  if (r.module === 'cdk') {
    const m = /^aws_(iam|ec2)$/.exec(prop);
    return m ? { module: m[1] as 'iam' | 'ec2' } : { module: 'core', name: prop };
  }
  return { module: r.module, name: prop };
}

/** Skipped when walking: type positions hold no values, and `parent` would loop. */
const SKIP = new Set([
  'parent',
  'range',
  'loc',
  'tokens',
  'comments',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeArguments',
  'decorators',
]);

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** Children of an ESTree node, whichever parser made it (typescript-estree in the CLI, ESLint's in the editor). */
export function children(n: Node): Node[] {
  const out: Node[] = [];
  const rec = n as unknown as Record<string, unknown>;
  for (const key in rec) {
    if (SKIP.has(key)) continue;
    const v = rec[key];
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) out.push(item);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

/** Strips what does not change a value: `x as T`, `x!`, `<T>x`, `x satisfies T`, `a?.b` chains. */
export function unwrap<T extends Node>(e: T): Node {
  let n: Node = e;
  for (;;) {
    if (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion') n = n.expression;
    else if (n.type === 'ChainExpression') n = n.expression;
    else return n;
  }
}

/** The name of a non-computed member (`a.b`) or a member with a literal key (`a['b']`). */
export function propName(m: TSESTree.MemberExpression): string | undefined {
  if (!m.computed && m.property.type === 'Identifier') return m.property.name;
  if (m.property.type === 'Literal' && typeof m.property.value === 'string') return m.property.value;
  return undefined;
}

/** The key of a property: an identifier, a string or number literal, or a computed key resolved by the caller. */
export function staticKey(p: TSESTree.Property | TSESTree.PropertyDefinition): string | undefined {
  if (!p.computed && p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'Literal' && (typeof p.key.value === 'string' || typeof p.key.value === 'number')) return String(p.key.value);
  return undefined;
}

/** `this.x` → `this.x`; an identifier → its name: the keys bindings are tracked by. */
export function bindingKey(e: Node): string | undefined {
  const n = unwrap(e);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression' && unwrap(n.object).type === 'ThisExpression') {
    const p = propName(n);
    return p === undefined ? undefined : `this.${p}`;
  }
  return undefined;
}

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

  constructor(program: TSESTree.Program) {
    this.walk(program, []);
  }

  /** The value a name or `this.x` stands for, when it is bound once and never reassigned. */
  init(key: string): Node | undefined {
    if (this.imports.has(key) || this.assigned.has(key) || this.bindings.get(key) !== 1) return undefined;
    return this.inits.get(key);
  }

  /** Which known module member an expression names, following imports, `require` and bindings. */
  ref(e: Node, depth = 0): Ref | undefined {
    if (depth > 16) return undefined;
    const n = unwrap(e);
    if (n.type === 'Identifier') {
      const imp = this.imports.get(n.name);
      if (imp) return this.bindings.get(n.name) === 1 ? imp : undefined;
      const i = this.init(n.name);
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
        this.bind(p.name, init);
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

  private importBinding(local: string, r: Ref | undefined): void {
    this.bind(local, undefined);
    if (r) this.imports.set(local, r);
  }

  private assignTarget(t: Node): void {
    const key = bindingKey(t);
    if (key !== undefined) this.assigned.add(key);
    else if (t.type === 'ObjectPattern' || t.type === 'ArrayPattern') {
      const names: string[] = [];
      const collect = (p: Node | null): void => {
        if (!p) return;
        if (p.type === 'Identifier') names.push(p.name);
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
          if (s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier') this.importBinding(s.local.name, mod);
          else {
            const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
            this.importBinding(s.local.name, mod ? member(mod, imported) : undefined);
          }
        }
        break;
      }
      case 'VariableDeclarator': {
        const init = n.init ?? undefined;
        const req = init && unwrap(init).type === 'CallExpression' ? requiredModule(unwrap(init) as TSESTree.CallExpression) : undefined;
        if (req !== undefined) {
          const mod = moduleOf(req);
          if (n.id.type === 'Identifier') this.importBinding(n.id.name, mod);
          else if (n.id.type === 'ObjectPattern') {
            for (const p of n.id.properties) {
              if (p.type === 'Property' && p.value.type === 'Identifier') {
                const k = staticKey(p);
                this.importBinding(p.value.name, mod && k !== undefined ? member(mod, k) : undefined);
              } else this.bindPattern(p.type === 'RestElement' ? p.argument : p.value, undefined);
            }
          } else this.bindPattern(n.id, undefined);
        } else if (n.id.type === 'Identifier') {
          this.bind(n.id.name, init);
        } else {
          this.bindPattern(n.id, undefined);
        }
        break;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'TSDeclareFunction':
        if (n.type === 'FunctionDeclaration' && n.id) this.bind(n.id.name, undefined);
        for (const p of n.params) this.bindPattern(p, undefined);
        break;
      case 'ClassDeclaration':
        if (n.id) this.bind(n.id.name, undefined);
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
        const key = bindingKey(n.left);
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
      const key = n.type === 'Identifier' || n.type === 'MemberExpression' ? bindingKey(n) : undefined;
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

/** `require('x')` → 'x'. */
function requiredModule(c: TSESTree.CallExpression): string | undefined {
  if (c.callee.type !== 'Identifier' || c.callee.name !== 'require') return undefined;
  const a = c.arguments[0];
  return a?.type === 'Literal' && typeof a.value === 'string' ? a.value : undefined;
}
