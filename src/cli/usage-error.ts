/** A problem with how the CLI was called (an argument, an input): exit status 2, message on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
