// OpenAI embeddings (`client.embeddings.create`): a list of embeddings with `usage: {
// prompt_tokens, total_tokens }`. An embedding writes no output tokens: `outputTokens` is 0.
import {
  asCost,
  asCount,
  asRecord,
  asText,
  type ProviderRecord,
  type ResponseFacts,
} from './response-facts.js';

/** Whether `value` looks like an embeddings response (`object: "list"` of `embedding`s). */
export function isEmbeddingList(value: ProviderRecord): boolean {
  return (
    value?.object === 'list' &&
    Array.isArray(value.data) &&
    (value.data.length === 0 || asRecord(value.data[0])?.object === 'embedding')
  );
}

/** Reads an embeddings response: input tokens and the model that answered. */
export function readEmbeddingList(response: ProviderRecord): ResponseFacts {
  const usage = asRecord(response?.usage);
  const inputTokens = asCount(usage?.prompt_tokens);
  return {
    responseModel: asText(response?.model),
    inputTokens,
    outputTokens: inputTokens === undefined ? undefined : 0,
    totalTokens: asCount(usage?.total_tokens),
    cost: asCost(usage?.cost),
    toolCalls: [],
  };
}
