// OpenAI chat completions (`client.chat.completions.create`), plain and streamed with
// `stream_options: { include_usage: true }`. `prompt_tokens` already includes the cached
// tokens (`prompt_tokens_details.cached_tokens`), and `completion_tokens` the reasoning ones.
// `service_tier` (on the completion and on each chunk) is the tier that served the call.
import type { ToolCall } from '../schema.js';
import {
  asCost,
  asCount,
  asRecord,
  asText,
  asTokenCount,
  type ProviderRecord,
  type ResponseFacts,
  type StreamReader,
  toolCall,
} from './response-facts.js';

/** Whether `value` looks like a chat completion (`object: "chat.completion"`). */
export function isChatCompletion(value: ProviderRecord): boolean {
  return value?.object === 'chat.completion';
}

/** Whether `chunk` is a streamed chat completion chunk. */
export function isChatCompletionChunk(value: ProviderRecord): boolean {
  return value?.object === 'chat.completion.chunk';
}

/** The token counts of a chat completion `usage` object. */
export function readChatUsage(usage: unknown): ResponseFacts {
  const raw = asRecord(usage);
  if (raw === undefined) return {};
  return {
    inputTokens: asTokenCount(raw.prompt_tokens),
    outputTokens: asTokenCount(raw.completion_tokens),
    totalTokens: asTokenCount(raw.total_tokens),
    cacheReadTokens: asTokenCount(asRecord(raw.prompt_tokens_details)?.cached_tokens),
    reasoningTokens: asTokenCount(asRecord(raw.completion_tokens_details)?.reasoning_tokens),
    cost: asCost(raw.cost),
  };
}

function messageToolCalls(message: ProviderRecord, into: ToolCall[]): void {
  const calls = message?.tool_calls;
  if (!Array.isArray(calls)) return;
  for (const item of calls) {
    const call = asRecord(item);
    if (call === undefined) continue;
    const fn = asRecord(call.function);
    const custom = asRecord(call.custom);
    if (fn !== undefined) into.push(toolCall(call.id, fn.name, fn.arguments));
    else if (custom !== undefined) into.push(toolCall(call.id, custom.name, custom.input));
  }
}

/** Reads a plain chat completion: usage, the model that answered, tool calls, first choice's text. */
export function readChatCompletion(response: ProviderRecord, captureText: boolean): ResponseFacts {
  const reading = readChatUsage(response?.usage);
  reading.responseModel = asText(response?.model);
  reading.serviceTier = asText(response?.service_tier);
  const toolCalls: ToolCall[] = [];
  const choices = Array.isArray(response?.choices) ? response.choices : [];
  for (const choice of choices) messageToolCalls(asRecord(asRecord(choice)?.message), toolCalls);
  reading.toolCalls = toolCalls;
  if (captureText) {
    const content = asRecord(asRecord(choices[0])?.message)?.content;
    if (typeof content === 'string') reading.completion = content;
  }
  return reading;
}

interface PartialToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Reads a streamed chat completion: tool call fragments joined, usage from the final chunk. */
export function chatStreamReader(captureText: boolean): StreamReader {
  let model: string | undefined;
  let serviceTier: string | undefined;
  let usage: ResponseFacts = {};
  let text = '';
  // Keyed by `${choice index}:${tool call index}`: fragments arrive in pieces.
  const calls = new Map<string, PartialToolCall>();
  return {
    read(chunk) {
      const value = asRecord(chunk);
      model ??= asText(value?.model);
      serviceTier ??= asText(value?.service_tier);
      if (value?.usage != null) usage = readChatUsage(value.usage);
      const choices = value?.choices;
      if (!Array.isArray(choices)) return false;
      let output = false;
      for (const item of choices) {
        const choice = asRecord(item);
        const delta = asRecord(choice?.delta);
        if (delta === undefined) continue;
        const choiceIndex = asCount(choice?.index) ?? 0;
        const content = delta.content;
        if (typeof content === 'string' && content.length > 0) {
          output = true;
          if (captureText && choiceIndex === 0) text += content;
        }
        if (typeof delta.refusal === 'string' && delta.refusal.length > 0) output = true;
        const toolCalls = delta.tool_calls;
        if (!Array.isArray(toolCalls)) continue;
        for (const fragment of toolCalls) {
          const part = asRecord(fragment);
          if (part === undefined) continue;
          output = true;
          const key = `${choiceIndex}:${asCount(part.index) ?? 0}`;
          let call = calls.get(key);
          if (call === undefined) {
            call = { id: '', name: '', arguments: '' };
            calls.set(key, call);
          }
          if (typeof part.id === 'string') call.id = part.id;
          const fn = asRecord(part.function);
          if (typeof fn?.name === 'string') call.name += fn.name;
          if (typeof fn?.arguments === 'string') call.arguments += fn.arguments;
        }
      }
      return output;
    },
    result() {
      const reading: ResponseFacts = {
        ...usage,
        responseModel: model,
        serviceTier,
        toolCalls: [...calls.values()],
      };
      if (captureText) reading.completion = text;
      return reading;
    },
  };
}
