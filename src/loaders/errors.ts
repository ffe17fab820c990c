/** A problem with a file's content, at an offset: becomes an `invalid-input` finding with a position. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly end: number = offset + 1,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** Deeper than this, a document is refused: no real policy or template nests anywhere near it. */
export const MAX_DEPTH = 256;
