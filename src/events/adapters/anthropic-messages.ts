// Anthropic Messages (`client.messages.create`), plain and streamed. Anthropic reports
// `cache_read_input_tokens` and `cache_creation_input_tokens` beside `input_tokens`, not inside
// it: the reading adds them up so that `inputTokens` means all input, as for OpenAI. The writes
// split by lifetime under `cache_creation` (`ephemeral_5m_input_tokens`,
// `ephemeral_1h_input_tokens`), priced apart; `service_tier` is in `usage`. A stream reports
// usage in `message_start` and (cumulative) in `message_delta`.
import type { ToolCall } from '../schema.js';
import {
  asRecord,
  asText,
  asTokenCount,
  type ProviderRecord,
  type ResponseFacts,
  type StreamReader,
  safeStringify,
  toolCall,
} from './response-facts.js';

/** Whether `value` looks like an Anthropic message (`type: "message"` with a content array). */
export function isAnthropicMessage(value: ProviderRecord): boolean {
  return value?.type === 'message' && Array.isArray(value.content);
}

const STREAM_EVENTS = new Set([
  'message_start',
  'message_delta',
  'message_stop',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'ping',
]);

/** Whether `value` is an Anthropic stream event. */
export function isAnthropicEvent(value: ProviderRecord): boolean {
  return typeof value?.type === 'string' && STREAM_EVENTS.has(value.type);
}

/** Normalized token counts of an Anthropic `usage` object. */
export function readAnthropicUsage(usage: unknown): ResponseFacts {
  const raw = asRecord(usage);
  if (raw === undefined) return {};
  const uncached = asTokenCount(raw.input_tokens);
  const cacheRead = asTokenCount(raw.cache_read_input_tokens);
  const lifetimes = asRecord(raw.cache_creation);
  const cacheWrite1h = asTokenCount(lifetimes?.ephemeral_1h_input_tokens);
  const cacheWrite =
    asTokenCount(raw.cache_creation_input_tokens) ??
    (lifetimes === undefined
      ? undefined
      : (asTokenCount(lifetimes.ephemeral_5m_input_tokens) ?? 0) + (cacheWrite1h ?? 0));
  const inputTokens =
    uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  return {
    inputTokens,
    outputTokens: asTokenCount(raw.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    cacheWrite1hTokens: cacheWrite1h,
    serviceTier: asText(raw.service_tier),
  };
}

/** Reads a plain Anthropic message: usage, model, `tool_use` blocks, text blocks. */
export function readAnthropicMessage(message: ProviderRecord, captureText: boolean): ResponseFacts {
  const reading = readAnthropicUsage(message?.usage);
  reading.responseModel = asText(message?.model);
  const toolCalls: ToolCall[] = [];
  let text = '';
  const content = Array.isArray(message?.content) ? message.content : [];
  for (const entry of content) {
    const block = asRecord(entry);
    if (block?.type === 'tool_use') toolCalls.push(toolCall(block.id, block.name, block.input));
    else if (captureText && block?.type === 'text' && typeof block.text === 'string')
      text += block.text;
  }
  reading.toolCalls = toolCalls;
  if (captureText) reading.completion = text;
  return reading;
}

interface PartialToolUse {
  id: unknown;
  name: unknown;
  input: unknown;
  json: string;
}

/** Reads an Anthropic event stream: usage merged across events, tool input JSON joined. */
export function anthropicStreamReader(captureText: boolean): StreamReader {
  let model: string | undefined;
  const usage: Record<string, unknown> = {};
  const blocks = new Map<unknown, PartialToolUse>();
  let text = '';
  const mergeUsage = (value: unknown) => {
    const raw = asRecord(value);
    if (raw === undefined) return;
    for (const key of Object.keys(raw)) if (raw[key] != null) usage[key] = raw[key];
  };
  return {
    read(chunk) {
      const event = asRecord(chunk);
      switch (event?.type) {
        case 'message_start': {
          const message = asRecord(event.message);
          model = asText(message?.model) ?? model;
          mergeUsage(message?.usage);
          return false;
        }
        case 'message_delta':
          mergeUsage(event.usage);
          return false;
        case 'content_block_start': {
          const block = asRecord(event.content_block);
          if (block?.type !== 'tool_use') return false;
          blocks.set(event.index, { id: block.id, name: block.name, input: block.input, json: '' });
          return true;
        }
        case 'content_block_delta': {
          const delta = asRecord(event.delta);
          if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
            const block = blocks.get(event.index);
            if (block !== undefined) block.json += delta.partial_json;
          } else if (
            captureText &&
            delta?.type === 'text_delta' &&
            typeof delta.text === 'string'
          ) {
            text += delta.text;
          }
          return true;
        }
        default:
          return false;
      }
    },
    result() {
      const reading = readAnthropicUsage(usage);
      reading.responseModel = model;
      reading.toolCalls = [...blocks.values()].map((block) =>
        toolCall(
          block.id,
          block.name,
          block.json === '' ? safeStringify(block.input ?? {}) : block.json,
        ),
      );
      if (captureText) reading.completion = text;
      return reading;
    },
  };
}
