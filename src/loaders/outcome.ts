import type { LoadedFile } from '../engine/types.js';
import type { LineIndex } from '../model/source.js';
import type { InputError } from './errors.js';

/** What loading one file's text gives: the model, a reason it was not read, or why it could not be. */
export type LoadOutcome =
  | { readonly status: 'parsed'; readonly file: LoadedFile; readonly kind: string }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'error'; readonly error: InputError; readonly lines: LineIndex };
