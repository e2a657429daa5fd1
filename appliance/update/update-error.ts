/** @module An update that cannot go on: its message says what is wrong in words a volunteer can act on. */
export class UpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateError';
  }
}
