/** @module The error a bad configuration raises: kept apart from the zod schemas so the CLI can recognise it without loading them. */

/** Bad configuration: the message lists each bad field by path; the CLI exits 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}
