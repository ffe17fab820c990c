import type { SNode } from '../model/node.js';
import type { PolicyDocument } from '../model/policy.js';
import type { LineIndex, Range, Region } from '../model/source.js';
import type { Template } from '../model/template.js';
import type { Val } from '../model/value.js';
import type { Evaluator } from '../model/intrinsics.js';
import type { CodeModel, Edit } from '../model/code.js';
import type { LaunchModel, LaunchSpec } from '../model/launch.js';

export type Level = 'error' | 'warning' | 'note';
export type LevelSetting = Level | 'off';
export const LEVELS: readonly Level[] = ['note', 'warning', 'error'];
export function levelRank(l: LevelSetting): number {
  return l === 'off' ? 0 : LEVELS.indexOf(l) + 1;
}

/** What the engine knows about the user's estate, from the config. */
export interface Settings {
  /** Account ids the user owns: trusting them whole is not "cross-account". */
  readonly ownAccounts: readonly string[];
  /** Today's date (YYYY-MM-DD), for suppression expiry; passed in so the core stays pure. */
  readonly today: string;
  /** The account's IMDS defaults already require IMDSv2 (`ec2 modify-instance-metadata-defaults --http-tokens required`). */
  readonly imdsv2AccountDefault?: boolean;
}

export interface RuleMeta {
  /** One line: what is wrong. */
  readonly summary: string;
  /** Markdown: why it matters, with the AWS semantics behind it. */
  readonly why: string;
  /** Markdown bullets: what is flagged. */
  readonly flagged: readonly string[];
  /** Markdown bullets: what is deliberately not flagged. */
  readonly notFlagged: readonly string[];
  /** Markdown: how to fix, ideally with a policy snippet. */
  readonly fix: string;
  readonly level: Level;
  /** GitHub code scanning's 0.0–10.0 score (critical ≥ 9, high ≥ 7, medium ≥ 4). */
  readonly securitySeverity: number;
  readonly tags: readonly string[];
  /** AWS documentation the rule follows. */
  readonly references: readonly string[];
  readonly recommended: boolean;
  /** Folder under rules/ and fixtures/. */
  readonly domain: string;
}

/** The loaded file, as rules see it. */
export interface LoadedFile {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly format: 'json' | 'yaml' | 'typescript' | 'javascript';
  readonly roots: readonly SNode[];
  readonly template: Template | undefined;
  readonly evaluator: Evaluator;
  readonly policies: readonly PolicyDocument[];
  /** EC2 launch settings (instances, launch templates and configurations, launch-template data) and instance profiles. */
  readonly launch: LaunchModel;
  /** For TypeScript and JavaScript: what the code loaders found beyond policies (AWS SDK credential sites). */
  readonly code?: CodeModel;
  /**
   * For a Terraform file: its whole module (every `.tf` file of the directory), which the account model
   * and the launch graph are built on, so a role in `iam.tf` has the policies `policy.tf` attaches to
   * it. `template`, `policies` and `launch` above hold the file's own part, which its rules judge.
   */
  readonly module?: { readonly template: Template; readonly policies: readonly PolicyDocument[]; readonly launch: LaunchModel };
  /**
   * For a Terraform plan whose module's `.tf` files are beside it: where a resource's element is written
   * in them (the file that declares the resource, and the attribute's range), so findings point at the
   * source the user edits rather than at generated JSON. Undefined when the `.tf` files do not declare it.
   */
  readonly source?: (resource: string, path: string | undefined) => { readonly file: LoadedFile; readonly range: Range } | undefined;
}

export type Target = SNode | Val | Range;

export interface Report<M extends string> {
  readonly messageId: M;
  readonly at: Target;
  readonly data?: Readonly<Record<string, string | number>>;
  /** A stable description of the offending element for the fingerprint; never a secret. */
  readonly evidence?: string;
  /** Overrides the rule's level for this finding (e.g. AWS's example keys are only a note). */
  readonly level?: Level;
  /** Safe edits the user may apply (the ESLint plugin offers them as suggestions); never IAM changes. */
  readonly suggest?: readonly Suggestion[];
}

/** An edit offered, never applied silently: e.g. remove a hard-coded credentials property. */
export interface Suggestion {
  readonly desc: string;
  readonly edits: readonly Edit[];
}

export interface RuleContext<M extends string> {
  readonly file: LoadedFile;
  readonly settings: Settings;
  readonly options: Readonly<Record<string, unknown>>;
  report(r: Report<M>): void;
}

export interface Visitors<M extends string> {
  file?(file: LoadedFile, ctx: RuleContext<M>): void;
  template?(t: Template, ctx: RuleContext<M>): void;
  policy?(doc: PolicyDocument, ctx: RuleContext<M>): void;
  launch?(spec: LaunchSpec, ctx: RuleContext<M>): void;
}

export interface Rule<M extends string = string> {
  readonly id: string;
  readonly meta: RuleMeta;
  readonly messages: Readonly<Record<M, string>>;
  readonly visit: Visitors<M>;
}

/** Defines a rule; the message ids are typed, so reporting an id the rule does not declare does not compile. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

export interface Suppression {
  readonly kind: 'inSource' | 'external';
  readonly justification: string;
  /** Where the suppression is written (comment line or resource metadata). */
  readonly location?: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly level: Level;
  readonly message: string;
  /** Path as given (relative to the working directory, `/`-separated). */
  readonly file: string;
  readonly region: Region;
  readonly logical: { readonly resource: string | undefined; readonly path: string | undefined };
  readonly fingerprint: string;
  suppression?: Suppression;
}

export interface Notification {
  readonly file: string;
  readonly level: Level;
  readonly message: string;
  readonly region?: Region;
}

export interface FileResult {
  readonly file: string;
  readonly findings: Finding[];
  readonly notifications: Notification[];
  /** `parsed` when the file held something iamlint reads; `skipped` when a cheap check ruled it out. */
  readonly status: 'parsed' | 'skipped' | 'error';
  readonly kind: string;
  /** With status `skipped`: why the file was not parsed (the summary counts skipped files by reason). */
  readonly skipReason?: string;
}

/** A whole run, as reporters see it. */
export interface RunResult {
  readonly files: readonly FileResult[];
  readonly rules: readonly Rule[];
  /** Effective level per rule id (after config), for SARIF `ruleConfigurationOverrides`-free reporting. */
  readonly levels: ReadonlyMap<string, LevelSetting>;
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri: string };
}

/** A reporter turns a run into text. Pure. */
export type Reporter = (run: RunResult) => string;
