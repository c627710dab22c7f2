/**
 * An answer whose JSON text is already written (a page assembled from cached views): `JsonAnswersAdapter` sends
 * the text as it is; anything else that serialises it (Express, on a conditional request) gets the same JSON
 * through `toJSON`.
 */
export abstract class SerializedAnswer {
  abstract readonly json: string;

  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/** One record whose JSON text is already written, with its version for the strong ETag (`RecordHeadersInterceptor`). */
export class SerializedRecord extends SerializedAnswer {
  constructor(
    readonly json: string,
    readonly version: number,
  ) {
    super();
  }
}
