import type { LlmEvent } from '../events/schema.js';

/**
 * A call's total tokens: the line's own `total_tokens`, else input plus output when both are
 * known, else unknown (never a guess from one side).
 */
export function totalTokensOf(
  event: Pick<LlmEvent, 'totalTokens' | 'inputTokens' | 'outputTokens'>,
): number | undefined {
  if (event.totalTokens !== undefined) return event.totalTokens;
  return event.inputTokens !== undefined && event.outputTokens !== undefined
    ? event.inputTokens + event.outputTokens
    : undefined;
}
