// OpenAI Responses API (`client.responses.create`), plain and streamed. Usage is
// `input_tokens` (cached tokens included, `input_tokens_details.cached_tokens`) and
// `output_tokens` (reasoning included, `output_tokens_details.reasoning_tokens`). A stream ends
// with `response.completed` (or `.incomplete` / `.failed`) carrying the whole response.
import type { LlmErrorInfo } from '../error-info.js';
import type { ToolCall } from '../schema.js';
import {
  asCost,
  asRecord,
  asText,
  asTokenCount,
  type ProviderRecord,
  type ResponseFacts,
  type StreamReader,
  toolCall,
} from './response-facts.js';

/** Whether `value` looks like a Responses API response (`object: "response"`). */
export function isResponsesApiResponse(value: ProviderRecord): boolean {
  return value?.object === 'response';
}

/** Whether `value` is a Responses API stream event (`type: "response.*"`). */
export function isResponseEvent(value: ProviderRecord): boolean {
  return typeof value?.type === 'string' && value.type.startsWith('response.');
}

function readUsage(usage: unknown): ResponseFacts {
  const raw = asRecord(usage);
  if (raw === undefined) return {};
  return {
    inputTokens: asTokenCount(raw.input_tokens),
    outputTokens: asTokenCount(raw.output_tokens),
    totalTokens: asTokenCount(raw.total_tokens),
    cacheReadTokens: asTokenCount(asRecord(raw.input_tokens_details)?.cached_tokens),
    reasoningTokens: asTokenCount(asRecord(raw.output_tokens_details)?.reasoning_tokens),
    cost: asCost(raw.cost),
  };
}

function outputText(output: unknown[]): string {
  let text = '';
  for (const entry of output) {
    const item = asRecord(entry);
    if (item?.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content) {
      const content = asRecord(part);
      if (content?.type === 'output_text' && typeof content.text === 'string') text += content.text;
    }
  }
  return text;
}

/** Reads a Responses API response: usage, model, function (and custom tool) calls, output text. */
export function readResponsesApiResponse(
  response: ProviderRecord,
  captureText: boolean,
): ResponseFacts {
  const reading = readUsage(response?.usage);
  reading.responseModel = asText(response?.model);
  reading.serviceTier = asText(response?.service_tier);
  const output = Array.isArray(response?.output) ? response.output : [];
  const toolCalls: ToolCall[] = [];
  for (const entry of output) {
    const item = asRecord(entry);
    if (item?.type === 'function_call') {
      toolCalls.push(toolCall(item.call_id ?? item.id, item.name, item.arguments));
    } else if (item?.type === 'custom_tool_call') {
      toolCalls.push(toolCall(item.call_id ?? item.id, item.name, item.input));
    }
  }
  reading.toolCalls = toolCalls;
  if (captureText) reading.completion = outputText(output);
  return reading;
}

/** What a failed response says went wrong (`response.error`: `{ code, message }`). */
function failureOf(response: ProviderRecord): LlmErrorInfo {
  const error = asRecord(response?.error);
  return {
    type: asText(error?.code) ?? 'response.failed',
    message: asText(error?.message) ?? 'the response failed',
  };
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Reads a Responses API event stream: the final event's response has everything. */
export function responseStreamReader(captureText: boolean): StreamReader {
  let model: string | undefined;
  let final: ResponseFacts | undefined;
  return {
    read(chunk) {
      const event = asRecord(chunk);
      const type = event?.type;
      if (typeof type !== 'string') return false;
      const response = asRecord(event?.response);
      if (response !== undefined) {
        model = asText(response.model) ?? model;
        if (FINAL_EVENTS.has(type)) final = readResponsesApiResponse(response, captureText);
        if (type === 'response.failed' && final !== undefined) final.error = failureOf(response);
      }
      return type.endsWith('.delta');
    },
    result() {
      return final ?? { responseModel: model, toolCalls: [] };
    },
  };
}
