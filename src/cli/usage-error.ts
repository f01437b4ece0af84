import { CLI_NAME, type TextOutput } from './io.js';

/** A problem with how the CLI was called (an argument, an input): exit status 2, message on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Prints a usage error (and the hint) and returns 2; rethrows anything else.
 *
 * @example
 * ```ts
 * try { parseCliArgs(argv, now()); } catch (error) { return usageFailure(error, io.stderr); }
 * ```
 */
export function usageFailure(error: unknown, stderr: TextOutput): number {
  if (!(error instanceof UsageError)) throw error;
  stderr.write(`${CLI_NAME}: ${error.message}\nTry '${CLI_NAME} --help'.\n`);
  return 2;
}
