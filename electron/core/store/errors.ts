/** Problems with the local archive file, each with a message that tells the user what to do. */
export class ArchiveError extends Error {
  constructor(
    readonly code: 'too-new' | 'not-an-archive' | 'migration-edited' | 'cannot-open' | 'missing',
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}
