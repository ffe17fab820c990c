import { lstatSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { globSync } from 'tinyglobby';
import { SCAN_EXTENSIONS } from '../loaders/load.js';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export interface Discovered {
  /** Absolute paths, sorted, unique. */
  readonly files: string[];
  /** Paths given on the command line that do not exist. */
  readonly missing: string[];
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function isGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function hasDataExtension(name: string, extensions: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((e) => lower.endsWith(e));
}

/**
 * Files to scan. Directories are walked recursively, honouring every `.gitignore` on the way and
 * skipping `node_modules` and `.git`; directory symlinks are not followed (no cycles). A file named
 * explicitly is scanned whatever its name; globs match file names relative to the working directory.
 * `ignorePatterns` (gitignore syntax) apply to everything, relative to `base`.
 */
export function discover(
  paths: readonly string[],
  cwd: string,
  ignorePatterns: readonly string[],
  base: string,
  extensions: readonly string[] = SCAN_EXTENSIONS,
): Discovered {
  const out = new Set<string>();
  const missing: string[] = [];
  const userIgnore = ignore().add([...ignorePatterns]);
  const ignoredByUser = (abs: string) => {
    const rel = toPosix(relative(base, abs));
    return rel !== '' && !rel.startsWith('..') && userIgnore.ignores(rel);
  };
  const walk = (dir: string, rules: { base: string; ig: Ignore }[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    let local = rules;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        local = [...rules, { base: dir, ig: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    const ignored = (abs: string, isDir: boolean) =>
      local.some((r) => {
        const rel = toPosix(relative(r.base, abs));
        return rel !== '' && r.ig.ignores(isDir ? `${rel}/` : rel);
      }) || ignoredByUser(abs);
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || ignored(abs, true)) continue;
        walk(abs, local);
      } else if (e.isFile() && hasDataExtension(e.name, extensions) && !ignored(abs, false)) {
        out.add(abs);
      }
    }
  };
  for (const p of paths) {
    if (isGlob(p)) {
      for (const f of globSync(p, { cwd, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'], dot: true })) if (!ignoredByUser(f)) out.add(resolve(f));
      continue;
    }
    const abs = resolve(cwd, p);
    let st;
    try {
      st = lstatSync(abs).isSymbolicLink() ? statSync(abs) : lstatSync(abs);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(abs, []);
    else out.add(abs);
  }
  return { files: [...out].sort(), missing };
}

export { toPosix };
