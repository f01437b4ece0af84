import { warnOnce } from '../../warnings.js';
import type { LlmErrorInfo } from '../error-info.js';
import { SUSPECT_USAGE_CODE, SUSPECT_USAGE_MESSAGES } from '../pricing/usage-check.js';
import type { ToolCall } from '../schema.js';

/**
 * What a provider's response said about a call. Every field is optional: absent means the
 * response did not say (unknown is not zero). Token counts follow the line's convention:
 * `inputTokens` includes cached input (read and written), `outputTokens` includes reasoning.
 */
export interface ResponseFacts {
  responseModel?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** Only when the provider reports it; otherwise the event adds input and output up. */
  totalTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** The part of `cacheWriteTokens` written with a 1-hour lifetime (Anthropic). */
  cacheWrite1hTokens?: number;
  reasoningTokens?: number;
  /** The service tier the provider says served the call (`default`, `flex`, `priority`, `standard`). */
  serviceTier?: string;
  /** A cost the provider reported itself (USD), such as OpenRouter's `usage.cost`. */
  cost?: number;
  toolCalls?: readonly ToolCall[];
  /** The text the model wrote, for content capture (only read when capture is on). */
  completion?: string;
  /** A failure the response reports itself (a streamed `response.failed`): the call failed. */
  error?: LlmErrorInfo;
}

/** Reads a streamed response chunk by chunk. */
export interface StreamReader {
  /** Takes one chunk; returns true when the chunk carries output (text, tool call, reasoning). */
  read(chunk: unknown): boolean;
  /** What the chunks read so far said. */
  result(): ResponseFacts;
}

/** A record of unknown shape, or undefined: provider data is read defensively. */
export type ProviderRecord = Record<string, unknown> | undefined;

/** `value` as a record when it is a non-null object, else undefined. */
export function asRecord(value: unknown): ProviderRecord {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `value` when it is a token count (a non-negative safe integer), else undefined. */
export function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * `value` when it is a token count, else undefined; a number that cannot be a count (negative,
 * fractional, not finite) is also reported, once per process, as suspect usage.
 */
export function asTokenCount(value: unknown): number | undefined {
  const count = asCount(value);
  if (count === undefined && typeof value === 'number')
    warnOnce(SUSPECT_USAGE_CODE, SUSPECT_USAGE_MESSAGES.count);
  return count;
}

/** `value` when it is a non-empty string, else undefined. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `value` when it is a finite non-negative number (a cost in USD), else undefined. */
export function asCost(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A tool call with string fields, whatever the provider sent. */
export function toolCall(id: unknown, name: unknown, args: unknown): ToolCall {
  return {
    id: typeof id === 'string' ? id : '',
    name: typeof name === 'string' ? name : '',
    arguments: typeof args === 'string' ? args : args === undefined ? '' : safeStringify(args),
  };
}

/** JSON text of a value, else its string form, else an empty string: never throws. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return '';
    }
  }
}

/** Copies the known fields of `from` over `into` (a later chunk's usage over an earlier one's). */
export function mergeFacts(into: ResponseFacts, from: ResponseFacts): ResponseFacts {
  for (const key of Object.keys(from) as (keyof ResponseFacts)[]) {
    if (from[key] !== undefined) (into as Record<string, unknown>)[key] = from[key];
  }
  return into;
}
