// LangChain.js run results (`LLMResult`, handed to a callback handler's `handleLLMEnd`). The
// first generation's message carries `usage_metadata` (`input_tokens` includes the cached
// input, `input_token_details.cache_read` / `cache_creation`; `output_tokens` includes
// `output_token_details.reasoning`), `tool_calls` (arguments parsed; the provider's text is in
// `additional_kwargs.tool_calls` for OpenAI) and `response_metadata.model_name`. A result
// without a message (a text LLM) has `llmOutput.tokenUsage` (`promptTokens`, ...) instead.
import type { ToolCall } from '../schema.js';
import {
  asCount,
  asRecord,
  asText,
  type ProviderRecord,
  type ResponseFacts,
  toolCall,
} from './response-facts.js';

function readUsageMetadata(usage: ProviderRecord): ResponseFacts {
  if (usage === undefined) return {};
  const input = asRecord(usage.input_token_details);
  const output = asRecord(usage.output_token_details);
  return {
    inputTokens: asCount(usage.input_tokens),
    outputTokens: asCount(usage.output_tokens),
    totalTokens: asCount(usage.total_tokens),
    cacheReadTokens: asCount(input?.cache_read),
    cacheWriteTokens: asCount(input?.cache_creation),
    reasoningTokens: asCount(output?.reasoning),
  };
}

function readTokenUsage(usage: ProviderRecord): ResponseFacts {
  if (usage === undefined) return {};
  return {
    inputTokens: asCount(usage.promptTokens),
    outputTokens: asCount(usage.completionTokens),
    totalTokens: asCount(usage.totalTokens),
  };
}

/** The provider's argument text of each tool call id (OpenAI's `additional_kwargs.tool_calls`). */
function rawArguments(message: ProviderRecord): Map<unknown, unknown> {
  const raw = new Map<unknown, unknown>();
  const calls = asRecord(message?.additional_kwargs)?.tool_calls;
  if (!Array.isArray(calls)) return raw;
  for (const entry of calls) {
    const call = asRecord(entry);
    const text = asRecord(call?.function)?.arguments;
    if (typeof text === 'string') raw.set(call?.id, text);
  }
  return raw;
}

function messageToolCalls(message: ProviderRecord): ToolCall[] {
  const calls = message?.tool_calls;
  if (!Array.isArray(calls) || calls.length === 0) return [];
  const raw = rawArguments(message);
  return calls.map((entry) => {
    const call = asRecord(entry);
    return toolCall(call?.id, call?.name, raw.get(call?.id) ?? call?.args);
  });
}

/** Reads a LangChain `LLMResult`: usage, the model that answered, tool calls, the first text. */
export function readLangChainResult(result: unknown, captureText: boolean): ResponseFacts {
  const output = asRecord(result);
  const generations = Array.isArray(output?.generations) ? output.generations : [];
  const first = Array.isArray(generations[0]) ? asRecord(generations[0][0]) : undefined;
  const message = asRecord(first?.message);
  const llmOutput = asRecord(output?.llmOutput);
  const usage = asRecord(message?.usage_metadata);
  const reading =
    usage === undefined
      ? readTokenUsage(asRecord(llmOutput?.tokenUsage))
      : readUsageMetadata(usage);
  const metadata = asRecord(message?.response_metadata);
  reading.responseModel =
    asText(metadata?.model_name) ?? asText(metadata?.model) ?? asText(llmOutput?.model_name);
  reading.toolCalls = messageToolCalls(message);
  if (captureText && typeof first?.text === 'string') reading.completion = first.text;
  return reading;
}
