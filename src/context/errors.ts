/**
 * Thrown when context fields (or an imported context) fail validation, and by every public
 * function given a bad option or argument. It is a `TypeError` whose message names the field
 * and what was wrong with it; an option's message reads `<function>: <option> <what is wrong>`
 * (`logLlmCall: inputTokens must be an integer >= 0, got number -1`).
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
  /** The offending field or option: `sessionId`, `tags.region`, `attributes.userId`, or the unknown key as given. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
