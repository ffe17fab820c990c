import { redactCredentials } from '../model/credentials.js';
import type { Exceeded } from '../model/budget.js';

/** A problem with a file's content, at an offset: becomes an `invalid-input` finding with a position. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly end: number = offset + 1,
    /**
     * How sure we are the file was meant for iamlint: `note` for an unparsable file with no AWS marker
     * in it (an npm log saved as `.yml`), where "nothing was checked" costs nothing.
     */
    readonly level: 'error' | 'note' = 'error',
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** The same error at another level. */
  withLevel(level: 'error' | 'note'): InputError {
    return new InputError(this.message, this.offset, this.end, level);
  }
}

/** Deeper than this, a document is refused: no real policy or template nests anywhere near it. */
export const MAX_DEPTH = 256;

/** A name taken from the file (an alias, a key) for an error message: credentials masked, long names cut. */
export function printableName(name: string): string {
  const safe = redactCredentials(name);
  return safe.length > 32 ? `${safe.slice(0, 16)}…` : safe;
}

/** A parser's message that may quote the file: credentials masked, and every long word cut. */
export function redactText(message: string): string {
  return redactCredentials(message).replace(/[^\s"'`]{33,}/g, (w) => `${w.slice(0, 16)}…`);
}

/**
 * What says a file was meant for AWS: with one of these, a file that cannot be parsed is an error
 * (a template or policy nobody checked); without, it is a note (an npm log or a Helm chart saved as `.yml`).
 */
const AWS_MARKER = /AWSTemplateFormatVersion|AWS::|Statement|LaunchTemplateData|MetadataOptions/;

/** A parse error at the level its file deserves: a note when the text carries no AWS marker. */
export function atMarkerLevel(e: InputError, text: string): InputError {
  return e.level === 'note' || AWS_MARKER.test(text) ? e : e.withLevel('note');
}

/** The file cost more work than its budget allows: refused whole, with the limit it passed. */
export function overBudget(exceeded: Exceeded): InputError {
  return new InputError(`Work ${exceeded.reason} for one file (intrinsic functions that expand without end?)`, 0);
}
