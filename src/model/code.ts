import { Evaluator } from './intrinsics.js';
import type { SNode, SScalar } from './node.js';
import type { Range } from './source.js';
import type { Template } from './template.js';
import type { Part, Val } from './value.js';

/**
 * Values read from TypeScript or JavaScript source. A literal is a plain scalar; a value the code
 * computes (`Stack.of(this).account`, `role.roleArn`, a template literal around them, a variable we
 * cannot follow) is a scalar whose parts are kept here, so the policy model reads it as "this
 * account", "a specific role" or Unknown, exactly as it reads `!Ref AWS::AccountId` or a parameter
 * without a default in a template. The scalar's own `value` is null: nothing else may take it literally.
 */
export class CodeEvaluator extends Evaluator {
  constructor(
    private readonly symbolic: WeakMap<SNode, readonly Part[]>,
    template?: Template,
  ) {
    super(template);
  }

  override str(n: SNode, notes: readonly string[] = []): Val[] {
    const parts = this.symbolic.get(n);
    return parts ? [{ node: n, parts, notes }] : super.str(n, notes);
  }
}

/**
 * A key that code computes and we cannot know (`[`${issuer}:sub`]` with an unknown issuer, a spread of
 * an unknown object). The policy model already treats keys that name an intrinsic function as
 * unreadable: a condition or principal block holding one is Unknown, and no finding rests on it.
 */
export const UNKNOWN_KEY = 'Fn::Unknown';

/** A text edit: replace `range` with `text`. */
export interface Edit {
  readonly range: Range;
  readonly text: string;
}

/** An AWS SDK credential written as a literal, and how the code passes it to the SDK. */
export interface CredentialSite {
  /** The SDK entry point that receives it: `new S3Client`, `new AWS.Credentials`, `AWS.config.update`, `process.env`. */
  readonly api: string;
  /** Which credential the literal is, by where it is passed. */
  readonly field: 'accessKeyId' | 'secretAccessKey' | 'sessionToken';
  /** Deleting these removes the hard-coded credentials and leaves the SDK on its default provider chain. */
  readonly removal: readonly Edit[] | undefined;
}

/** What the code loaders found beyond policies: used by the credential rule. */
export interface CodeModel {
  readonly language: 'typescript' | 'javascript';
  /** Literals passed to the AWS SDK as credentials, keyed by the literal's scalar in `roots`. */
  readonly credentialSites: ReadonlyMap<SScalar, CredentialSite>;
}
