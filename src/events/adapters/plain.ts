// A plain usage object, as an application or another SDK reports it: `{ inputTokens,
// outputTokens }`, optionally with `totalTokens`, `cacheReadTokens` (or the AI SDK's
// `cachedInputTokens`), `cacheWriteTokens` and `reasoningTokens`; at the top level or under
// `usage`. The counts follow the line's convention (`inputTokens` includes cached input).
import {
  asCount,
  asRecord,
  asTokenCount,
  type ProviderRecord,
  type ResponseFacts,
} from './response-facts.js';

function usageOf(value: ProviderRecord): ProviderRecord {
  if (value === undefined) return undefined;
  if (asCount(value.inputTokens) !== undefined || asCount(value.outputTokens) !== undefined)
    return value;
  const usage = asRecord(value.usage);
  if (asCount(usage?.inputTokens) !== undefined || asCount(usage?.outputTokens) !== undefined)
    return usage;
  return undefined;
}

/** Whether `value` (or its `usage`) carries plain `inputTokens` / `outputTokens` counts. */
export function isPlainUsage(value: ProviderRecord): boolean {
  return usageOf(value) !== undefined;
}

/** Reads plain token counts. */
export function readPlainUsage(value: ProviderRecord): ResponseFacts {
  const usage = usageOf(value);
  if (usage === undefined) return {};
  return {
    inputTokens: asTokenCount(usage.inputTokens),
    outputTokens: asTokenCount(usage.outputTokens),
    totalTokens: asTokenCount(usage.totalTokens),
    cacheReadTokens: asTokenCount(usage.cacheReadTokens) ?? asTokenCount(usage.cachedInputTokens),
    cacheWriteTokens: asTokenCount(usage.cacheWriteTokens),
    reasoningTokens: asTokenCount(usage.reasoningTokens),
  };
}
