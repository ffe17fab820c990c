import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { globSync } from 'tinyglobby';
import { SCAN_EXTENSIONS } from '../loaders/load.js';
import { readTextFile } from './read-file.js';

/** A `.gitignore` is read whole only up to this size (and only when it is a regular file: a FIFO must not hang the walk). */
const MAX_GITIGNORE = 1024 * 1024;

/** `.terraform` is Terraform's working directory: downloaded modules (third-party code) and provider binaries. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.terraform']);

/** A path found but not read, with why. */
export interface PathNote {
  readonly abs: string;
  readonly reason: string;
}

export interface Discovered {
  /** Absolute paths, sorted, unique (one path per real file, however many symlinks reach it). */
  readonly files: string[];
  /** Paths given on the command line that do not exist. */
  readonly missing: string[];
  /** Globs that matched no file, and directories that hold no file iamlint reads. */
  readonly unmatched: string[];
  /** Symbolic links not followed (they point out of the scanned directories, or nowhere). */
  readonly skipped: PathNote[];
  /** Directories that could not be listed: reported, never dropped in silence. */
  readonly unreadable: PathNote[];
}

/** The file-system calls discovery makes (a seam for tests: as root, `chmod 000` does not make a directory unreadable). */
export interface DiscoverIo {
  readonly readdir: (dir: string) => Dirent[];
}

const REAL_IO: DiscoverIo = { readdir: (dir) => readdirSync(dir, { withFileTypes: true }) };

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function isGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function hasDataExtension(name: string, extensions: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((e) => lower.endsWith(e));
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/**
 * The repository root: the nearest directory from `start` upward that holds `.git` (a directory, or a
 * file in worktrees and submodules). Found without running git (no process, nothing of the scanned
 * repository executed). Undefined outside a repository.
 */
export function repoRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The directory part of a glob before its first wildcard segment (`infra/**\/*.yaml` → `infra`). */
function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (isGlob(p)) break;
    out.push(p);
  }
  if (out.length === parts.length) out.pop();
  return out.join('/') || '.';
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function inside(real: string, roots: readonly string[]): boolean {
  return roots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
}

interface IgnoreRule {
  readonly base: string;
  readonly ig: Ignore;
}

/**
 * `.gitignore` files (and `.git/info/exclude`) from the repository root down to the parent of `dir`:
 * a scan of a monorepo's subfolder honours what the root ignores (`cdk.out`, `dist`), as git does.
 */
function ancestorIgnores(dir: string): IgnoreRule[] {
  const top = repoRoot(dir);
  if (!top) return [];
  const chain: string[] = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    if (relative(top, d).startsWith('..')) break;
    chain.unshift(d);
    if (d === top || dirname(d) === d) break;
  }
  const rules: IgnoreRule[] = [];
  const add = (base: string, file: string) => {
    try {
      rules.push({ base, ig: ignore().add(readTextFile(file, MAX_GITIGNORE)) });
    } catch {
      /* none there, or unreadable: it ignores nothing */
    }
  };
  add(top, join(top, '.git', 'info', 'exclude'));
  for (const d of chain) add(d, join(d, '.gitignore'));
  return rules;
}

/**
 * Files to scan. Directories are walked recursively, honouring every `.gitignore` on the way (and
 * those above, up to the repository root), skipping `node_modules` and `.git`. Symbolic links are
 * resolved, never walked: a link to a file inside the scanned directories counts that file once
 * (whatever the number of links), a link out of them (`/etc/passwd`, `/dev/zero`, a home directory)
 * is not followed and is listed in `skipped`. A file named explicitly is scanned whatever its name;
 * globs match file names relative to the working directory. `ignorePatterns` (gitignore syntax)
 * apply to everything, relative to `base`.
 */
export function discover(
  paths: readonly string[],
  cwd: string,
  ignorePatterns: readonly string[],
  base: string,
  extensions: readonly string[] = SCAN_EXTENSIONS,
  io: DiscoverIo = REAL_IO,
): Discovered {
  // Real path → the path reported. A path reached without a link wins; among links, the smallest name.
  const byReal = new Map<string, { abs: string; viaLink: boolean }>();
  const add = (abs: string, real: string, viaLink: boolean) => {
    const had = byReal.get(real);
    if (!had || (had.viaLink && (!viaLink || abs < had.abs))) byReal.set(real, { abs, viaLink });
  };
  const missing: string[] = [];
  const unmatched: string[] = [];
  const skipped: PathNote[] = [];
  const unreadable: PathNote[] = [];
  const userIgnore = ignore().add([...ignorePatterns]);
  const ignoredByUser = (abs: string) => {
    const rel = toPosix(relative(base, abs));
    return rel !== '' && !rel.startsWith('..') && userIgnore.ignores(rel);
  };

  // The real paths of the directories given: symlinks may point anywhere inside them, never out.
  const roots: string[] = [];
  for (const p of paths) {
    const dir = isGlob(p) ? resolve(cwd, globBase(toPosix(p))) : resolve(cwd, p);
    try {
      if (statSync(dir).isDirectory()) roots.push(realpathSync(dir));
    } catch {
      /* missing: reported below */
    }
  }

  const walk = (dir: string, real: string, rules: IgnoreRule[]): number => {
    let entries: Dirent[];
    try {
      entries = io.readdir(dir);
    } catch (e) {
      unreadable.push({ abs: dir, reason: `cannot read the directory (${errorCode(e)}); its files were not checked` });
      return 0;
    }
    let found = 0;
    let local = rules;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        local = [...rules, { base: dir, ig: ignore().add(readTextFile(join(dir, '.gitignore'), MAX_GITIGNORE)) }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    const ignored = (abs: string, isDir: boolean) =>
      local.some((r) => {
        const rel = toPosix(relative(r.base, abs));
        return rel !== '' && !rel.startsWith('..') && r.ig.ignores(isDir ? `${rel}/` : rel);
      }) || ignoredByUser(abs);
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || ignored(abs, true)) continue;
        found += walk(abs, join(real, e.name), local);
      } else if (e.isFile()) {
        if (hasDataExtension(e.name, extensions) && !ignored(abs, false)) {
          // The same string as key when no link is on the way (the usual case): one path per file in memory, not two.
          add(abs, real === dir ? abs : join(real, e.name), false);
          found++;
        }
      } else if (e.isSymbolicLink()) {
        found += link(abs, e.name, ignored);
      }
      // FIFOs, sockets and devices in a walked directory are not files anyone commits: not read.
    }
    return found;
  };

  const link = (abs: string, name: string, ignored: (abs: string, isDir: boolean) => boolean): number => {
    let target: string;
    let isDir: boolean;
    try {
      target = realpathSync(abs);
      isDir = statSync(target).isDirectory();
    } catch (e) {
      if (hasDataExtension(name, extensions) && !ignored(abs, false)) skipped.push({ abs, reason: `broken symbolic link (${errorCode(e)})` });
      return 0;
    }
    if (isDir) {
      // A directory link is never walked: inside the roots its target is walked anyway (and a cycle
      // cannot start); outside them it is out of scope.
      if (!inside(target, roots) && !ignored(abs, true)) skipped.push({ abs, reason: 'symbolic link to a directory outside the scanned paths; not followed' });
      return 0;
    }
    if (!hasDataExtension(name, extensions) || ignored(abs, false)) return 0;
    if (!inside(target, roots)) {
      skipped.push({ abs, reason: 'symbolic link to a file outside the scanned paths; not followed' });
      return 0;
    }
    add(abs, target, true);
    return 1;
  };

  for (const p of paths) {
    if (isGlob(p)) {
      let n = 0;
      for (const f of globSync(p, { cwd, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'], dot: true, followSymbolicLinks: false })) {
        const abs = resolve(f);
        if (ignoredByUser(abs)) continue;
        let isLink: boolean;
        try {
          isLink = lstatSync(abs).isSymbolicLink();
        } catch {
          continue;
        }
        if (isLink) n += link(abs, abs, () => false);
        else {
          add(abs, realOrSelf(abs), false);
          n++;
        }
      }
      if (n === 0) unmatched.push(p);
      continue;
    }
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      try {
        // A broken link named explicitly: it exists, it just cannot be read (reported when read).
        if (lstatSync(abs).isSymbolicLink()) {
          add(abs, abs, false);
          continue;
        }
      } catch {
        /* does not exist */
      }
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) {
      const before = unreadable.length + skipped.length;
      // Nothing to read and nothing reported under it: as a glob that matches nothing.
      if (walk(abs, realOrSelf(abs), ancestorIgnores(abs)) === 0 && unreadable.length + skipped.length === before) unmatched.push(p);
    } else {
      // Named explicitly: read whatever it is (lint-files refuses FIFOs and devices with a finding).
      add(abs, realOrSelf(abs), false);
    }
  }
  const files = [...byReal.values()].map((v) => v.abs).sort();
  return { files, missing, unmatched, skipped, unreadable };
}

export { toPosix };
