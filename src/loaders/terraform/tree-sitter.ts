import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Node as TsNode, type Tree } from 'web-tree-sitter';
import type { Range } from '../../model/source.js';
import { MAX_DEPTH } from '../errors.js';
import type { HclTree, HNode, ModuleFile, TerraformHost } from './hcl.js';
import { setTerraformHost, setTerraformProblem } from './hcl.js';

/**
 * Loads tree-sitter's HCL grammar (WASM, no native build) for the node shells. This is the one part
 * of the Terraform loader that touches the file system, and only for the parser's own files: from
 * node_modules, or beside the bundle (`dist-action/`, where scripts/build-action.mjs copies them).
 */
let ready: Promise<void> | undefined;

function asset(pkgPath: string, file: string): string {
  const beside = fileURLToPath(new URL(`./${file}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve(pkgPath);
}

/**
 * Copies the named nodes into plain objects with one cursor walk: every Node accessor crosses into
 * WASM, and a cursor does the least of that (measured: several times faster than `namedChild(i)`).
 */
function convert(tree: Tree, comments: Range[]): HNode | { readonly tooDeep: number } {
  const c = tree.walk();
  let deepest: number | undefined;
  try {
    const build = (depth: number): HNode => {
      const type = c.nodeType;
      const start = c.startIndex;
      const end = c.endIndex;
      const children: HNode[] = [];
      // No real module nests anywhere near this; past it the file is refused (and the stack is safe).
      if (depth > MAX_DEPTH) {
        deepest ??= start;
        return { type, start, end, children };
      }
      if (c.gotoFirstChild()) {
        do {
          if (!c.nodeIsNamed) continue;
          if (c.nodeType === 'comment') {
            comments.push({ start: c.startIndex, end: c.endIndex });
            continue;
          }
          const field = type === 'object_elem' ? c.currentFieldName : null;
          const h = build(depth + 1);
          children.push(field ? { ...h, field } : h);
        } while (c.gotoNextSibling());
        c.gotoParent();
      }
      return { type, start, end, children };
    };
    const root = build(0);
    return deepest === undefined ? root : { tooDeep: deepest };
  } finally {
    c.delete();
  }
}

/** The first syntax error, depth first, without recursion (a deeply nested file must not overflow the stack). */
function firstError(root: TsNode): { start: number; end: number; message: string } | undefined {
  if (!root.hasError) return undefined;
  const stack: TsNode[] = [root];
  while (stack.length) {
    const n = stack.pop() as TsNode;
    if (n.isError || n.isMissing) return { start: n.startIndex, end: Math.max(n.endIndex, n.startIndex + 1), message: 'Could not parse HCL: syntax error' };
    if (!n.hasError) continue;
    const kids = n.children.filter((k): k is TsNode => k !== null);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as TsNode);
  }
  return { start: root.startIndex, end: root.startIndex + 1, message: 'Could not parse HCL: syntax error' };
}

/** The shell's view of a module: the `.tf` files beside a file, and files that `file()` reads (at most 1 MiB). */
function nodeIo(cwd: string): Omit<TerraformHost, 'parse'> {
  const dirs = new Map<string, ModuleFile[]>();
  return {
    moduleFiles(path: string): readonly ModuleFile[] {
      const abs = resolve(cwd, path);
      const dir = dirname(abs);
      let files = dirs.get(dir);
      if (!files) {
        files = [];
        try {
          for (const name of readdirSync(dir).sort()) {
            if (!name.toLowerCase().endsWith('.tf') && !name.toLowerCase().endsWith('.tf.json')) continue;
            const full = join(dir, name);
            try {
              if (statSync(full).size > 5 * 1024 * 1024) continue;
              files.push({ path: join(dirname(path), name), text: readFileSync(full, 'utf8') });
            } catch {
              /* an unreadable sibling is left out */
            }
          }
        } catch {
          /* no directory listing: the file is a module by itself */
        }
        dirs.set(dir, files);
      }
      // The listing is kept for the whole directory: every file of it asks, and each gets the others.
      return files.filter((f) => resolve(cwd, f.path) !== abs);
    },
    readModuleFile(moduleDir: string, relative: string): string | undefined {
      try {
        const full = resolve(cwd, moduleDir, relative);
        if (statSync(full).size > 1024 * 1024) return undefined;
        return readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

let parseFn: TerraformHost['parse'] | undefined;

/**
 * Loads the parser once and installs it, with sibling files read relative to `cwd` (where the
 * paths given to the loader start). Shells await this before linting.
 */
export async function initTerraform(cwd: string = process.cwd()): Promise<void> {
  ready ??= (async () => {
    await Parser.init({ locateFile: (name: string) => asset(`web-tree-sitter/${name}`, name) });
    const lang = await Language.load(asset('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm', 'tree-sitter-hcl.wasm'));
    const parser = new Parser();
    parser.setLanguage(lang);
    parseFn = (text: string): HclTree => {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      try {
        const comments: Range[] = [];
        const root = convert(tree, comments);
        if ('tooDeep' in root) {
          const at = root.tooDeep;
          return {
            root: { type: 'config_file', start: 0, end: 0, children: [] },
            error: { start: at, end: at + 1, message: `Nested deeper than ${MAX_DEPTH} levels; not scanned` },
          };
        }
        return { root, error: firstError(tree.rootNode), comments };
      } finally {
        tree.delete();
      }
    };
  })();
  try {
    await ready;
  } catch (e) {
    // A broken install must not stop the run: JSON, YAML and code are still read, and every `.tf`
    // file is reported unreadable with this reason.
    setTerraformProblem(`Cannot read Terraform files: the HCL parser could not be loaded (${((e as Error).message ?? String(e)).split('\n')[0]})`);
    return;
  }
  if (parseFn) setTerraformHost({ parse: parseFn, ...nodeIo(cwd) });
}
