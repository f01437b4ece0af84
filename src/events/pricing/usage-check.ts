import type { TokenCounts } from './cost.js';

/**
 * A kind of usage that cannot be true, and the warning code the writing side reports it under.
 * `count`: a provider reported a token count that is negative or not an integer (it is read
 * as unknown); the others are counts that contradict each other on a line.
 */
export type SuspectUsage =
  | 'count'
  | 'cache-above-input'
  | 'cache-1h-above-write'
  | 'output-on-embeddings';

/** The warning code of every suspect usage (the message says which kind). */
export const SUSPECT_USAGE_CODE = 'LEANLLM_SUSPECT_USAGE' as const;

/** What each kind's warning says: one message per kind, so each is reported once per process. */
export const SUSPECT_USAGE_MESSAGES: Readonly<Record<SuspectUsage, string>> = {
  count:
    'a provider reported a token count that is negative or not an integer; it is logged as unknown',
  'cache-above-input':
    'an llm.call has more cache tokens (read plus written) than input tokens; the line is written as reported',
  'cache-1h-above-write':
    'an llm.call has more 1-hour cache writes than cache writes; the line is written as reported',
  'output-on-embeddings':
    'an embeddings llm.call has output tokens; the line is written as reported',
};

/** The usage of a line, as `checkUsage` reads it. */
export interface CheckedUsage extends TokenCounts {
  readonly operation?: string | undefined;
}

/**
 * What is impossible about a line's usage, or undefined when nothing is: cache tokens (read
 * plus written) above the input tokens, 1-hour cache writes above the cache writes, output
 * tokens on an embeddings call. Pure: the writer warns with it, the reader counts with it.
 */
export function checkUsage(usage: CheckedUsage): SuspectUsage | undefined {
  const { inputTokens, cacheReadTokens, cacheWriteTokens, cacheWrite1hTokens } = usage;
  if (inputTokens !== undefined && (cacheReadTokens ?? 0) + (cacheWriteTokens ?? 0) > inputTokens)
    return 'cache-above-input';
  if (cacheWrite1hTokens !== undefined && cacheWrite1hTokens > (cacheWriteTokens ?? 0))
    return 'cache-1h-above-write';
  if (usage.operation === 'embeddings' && (usage.outputTokens ?? 0) > 0)
    return 'output-on-embeddings';
  return undefined;
}
