import type { LoadedFile } from '../../engine/types.js';
import type { Range } from '../../model/source.js';

/**
 * The HCL syntax tree the Terraform loader reads: tree-sitter's concrete tree (grammar
 * `@tree-sitter-grammars/tree-sitter-hcl`), copied into plain objects so nothing holds WASM memory
 * and the core stays independent of how the parser was loaded. Offsets are UTF-16 code units, as
 * web-tree-sitter gives them for a JavaScript string: the same offsets `LineIndex` counts.
 */
export interface HNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** Named children, comments left out. */
  readonly children: readonly HNode[];
  /** `key`/`val` of an `object_elem`. */
  readonly field?: string;
}

export interface HclTree {
  readonly root: HNode;
  /** The offset of the first syntax error, when the text is not valid HCL. */
  readonly error: { readonly start: number; readonly end: number; readonly message: string } | undefined;
  /**
   * The comments (`#`, `//`, `/* *\/`) in source order, from the parser: text in a string, a template or a
   * heredoc is never one. Absent when the parser that made the tree does not say.
   */
  readonly comments?: readonly Range[];
}

/** Parses HCL text: injected by the shell that loaded the WASM parser (see `./tree-sitter.ts`). */
export type HclParse = (text: string) => HclTree;

/** The files of the module a `.tf` file belongs to (every `.tf` file of its directory), as the shell reads them. */
export interface ModuleFile {
  readonly path: string;
  readonly text: string;
}

export interface TerraformHost {
  readonly parse: HclParse;
  /** The other `.tf` files of the file's directory (the file itself may be among them: it is skipped). */
  readonly moduleFiles?: (path: string) => readonly ModuleFile[];
  /** A file of the module read by `file()`/`templatefile()`, by path relative to the module's directory. */
  readonly readModuleFile?: (modulePath: string, relative: string) => string | undefined;
}

let host: TerraformHost | undefined;

/**
 * Installs the HCL parser (and how to read a module's sibling files). tree-sitter's WASM loads
 * asynchronously, so a shell awaits it once before linting; the per-file loader stays synchronous.
 */
export function setTerraformHost(h: TerraformHost | undefined): void {
  host = h;
}

export function terraformHost(): TerraformHost | undefined {
  return host;
}

let problem: string | undefined;

/** Why the HCL parser could not be loaded (its WASM missing from an install): `.tf` files are then unreadable, with this reason. */
export function setTerraformProblem(reason: string | undefined): void {
  problem = reason;
}

export function terraformProblem(): string | undefined {
  return problem;
}

export function text(src: string, n: HNode): string {
  return src.slice(n.start, n.end);
}

export function child(n: HNode | undefined, type: string): HNode | undefined {
  return n?.children.find((c) => c.type === type);
}

const syntax = new WeakMap<LoadedFile, HclTree>();

/**
 * The syntax tree a loaded `.tf` file was lowered from, for the suppression engine: peers' suppression
 * comments (`#checkov:skip=`, `#tfsec:ignore:`) attach to blocks and attributes, which the lowered template
 * does not keep. Held beside the file, not in it, and dropped with it.
 */
export function hclSyntax(file: LoadedFile): HclTree | undefined {
  return syntax.get(file);
}

export function setHclSyntax(file: LoadedFile, tree: HclTree): void {
  syntax.set(file, tree);
}
