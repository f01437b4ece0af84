// Vercel AI SDK language-model results (`doGenerate`) and stream parts (`doStream`), as a
// middleware sees them: specification v3 (`ai` 6) and v4 (`ai` 7) report usage as
// `{ inputTokens: { total, noCache, cacheRead, cacheWrite }, outputTokens: { total, text,
// reasoning } }`, where `total` includes the cached input and the reasoning output (the line's
// convention); v2 (`ai` 5) reported flat counts (`cachedInputTokens`, `reasoningTokens`).
import { errorInfo } from '../error-info.js';
import type { ToolCall } from '../schema.js';
import { readPlainUsage } from './plain.js';
import {
  asCost,
  asCount,
  asRecord,
  asText,
  type ProviderRecord,
  type ResponseFacts,
  type StreamReader,
  toolCall,
} from './response-facts.js';

/** Whether `value` looks like a language model's `doGenerate` result (content, finish reason, usage). */
export function isAiSdkResult(value: ProviderRecord): boolean {
  return (
    value !== undefined &&
    Array.isArray(value.content) &&
    value.finishReason !== undefined &&
    asRecord(value.usage) !== undefined
  );
}

const STREAM_PARTS = new Set([
  'stream-start',
  'response-metadata',
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-end',
  'tool-call',
  'tool-result',
  'tool-approval-request',
  'file',
  'source',
  'finish',
  'raw',
  'error',
]);

/** Whether `value` is a language model stream part (`{ type: 'stream-start' | 'text-delta' | ... }`). */
export function isAiSdkStreamPart(value: ProviderRecord): boolean {
  return typeof value?.type === 'string' && STREAM_PARTS.has(value.type);
}

/** The token counts of a language model `usage` object (v3/v4 nested, or v2 flat). */
export function readAiSdkUsage(usage: unknown): ResponseFacts {
  const raw = asRecord(usage);
  if (raw === undefined) return {};
  const input = asRecord(raw.inputTokens);
  const output = asRecord(raw.outputTokens);
  const cost = asCost(asRecord(raw.raw)?.cost);
  if (input === undefined && output === undefined) {
    const reading = readPlainUsage(raw);
    if (cost !== undefined) reading.cost = cost;
    return reading;
  }
  return {
    inputTokens: asCount(input?.total),
    outputTokens: asCount(output?.total),
    cacheReadTokens: asCount(input?.cacheRead),
    cacheWriteTokens: asCount(input?.cacheWrite),
    reasoningTokens: asCount(output?.reasoning),
    cost,
  };
}

/** A `tool-call` content part or stream part as the line's tool call (the input text as sent). */
function toolCallOf(part: ProviderRecord): ToolCall {
  return toolCall(part?.toolCallId, part?.toolName, part?.input);
}

/** Reads a `doGenerate` result: usage, the model that answered, tool calls, text. */
export function readAiSdkResult(result: ProviderRecord, captureText: boolean): ResponseFacts {
  const reading = readAiSdkUsage(result?.usage);
  reading.responseModel = asText(asRecord(result?.response)?.modelId);
  const toolCalls: ToolCall[] = [];
  let text = '';
  const content = Array.isArray(result?.content) ? result.content : [];
  for (const entry of content) {
    const part = asRecord(entry);
    if (part?.type === 'tool-call') toolCalls.push(toolCallOf(part));
    else if (captureText && part?.type === 'text' && typeof part.text === 'string')
      text += part.text;
  }
  reading.toolCalls = toolCalls;
  if (captureText) reading.completion = text;
  return reading;
}

const OUTPUT_PARTS = new Set([
  'text-delta',
  'reasoning-delta',
  'tool-input-start',
  'tool-input-delta',
  'tool-call',
  'file',
]);

/**
 * Reads a `doStream` stream part by part: the model from `response-metadata`, tool calls from
 * `tool-call` parts, usage from `finish`, and an `error` part as the call's failure (providers
 * report a failure mid-stream this way instead of failing the stream).
 */
export function aiSdkStreamReader(captureText: boolean): StreamReader {
  let usage: ResponseFacts = {};
  let model: string | undefined;
  let error: ResponseFacts['error'];
  let text = '';
  const toolCalls: ToolCall[] = [];
  return {
    read(chunk) {
      const part = asRecord(chunk);
      const type = part?.type;
      if (type === 'response-metadata') model = asText(part?.modelId) ?? model;
      else if (type === 'tool-call') toolCalls.push(toolCallOf(part));
      else if (type === 'finish') usage = readAiSdkUsage(part?.usage);
      else if (type === 'error') error ??= errorInfo(part?.error);
      else if (captureText && type === 'text-delta' && typeof part?.delta === 'string')
        text += part.delta;
      return typeof type === 'string' && OUTPUT_PARTS.has(type);
    },
    result() {
      const reading: ResponseFacts = {
        ...usage,
        responseModel: model,
        toolCalls: [...toolCalls],
      };
      if (error !== undefined) reading.error = error;
      if (captureText) reading.completion = text;
      return reading;
    },
  };
}
