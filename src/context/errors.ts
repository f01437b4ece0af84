/**
 * Thrown when context fields (or an imported context) fail validation. It is a `TypeError`
 * whose message names the field and what was wrong with it.
 *
 * @example
 * ```ts
 * import { ContextValidationError, withContext } from 'leanllm-context';
 *
 * try {
 *   withContext({ session_id: 'abc' } as never, () => {});
 * } catch (error) {
 *   if (error instanceof ContextValidationError) {
 *     error.field; // 'session_id'
 *     error.message; // 'unknown context field "session_id": did you mean "sessionId"?'
 *   }
 * }
 * ```
 */
export class ContextValidationError extends TypeError {
  override readonly name = 'ContextValidationError';
  /** The offending field: `sessionId`, `tags.region`, or the unknown key as given. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
