import type { Configuration } from '../context/config.js';
import { FIELD_NAMES } from '../context/fields.js';
import type { ContextSnapshot } from '../context/schema.js';
import { LLM_EVENT_VERSION } from '../log-keys.js';
import type { ResponseReading } from './adapters/reading.js';
import { capturedText } from './content.js';
import type { LlmErrorInfo } from './error-info.js';
import type { Lineage } from './lineage.js';
import { activePriceTable } from './pricing/active.js';
import { costOf } from './pricing/cost.js';
import { priceOf } from './pricing/table.js';
import type { LlmEvent } from './schema.js';

/** How a call ended. */
export type LlmStatus = LlmEvent['status'];

/**
 * Everything known about a call when it ends, before lineage, cost, sampling and context. What
 * the response said stays a nested `reading` (spreading it into this object would make every
 * call pay for a slow object shape).
 */
export interface CallFacts {
  readonly eventId: string;
  readonly model: string;
  readonly provider: string;
  readonly operation?: string | undefined;
  readonly status: LlmStatus;
  readonly error?: LlmErrorInfo | undefined;
  readonly latencyMs: number;
  readonly ttftMs?: number | undefined;
  readonly stream?: boolean | undefined;
  /** The prompt as the caller gave it (a string or messages), captured only when configured. */
  readonly prompt?: unknown;
  /** The completion (text, or anything else as JSON), captured only when configured. */
  readonly completion?: unknown;
  /** Usage, response model, provider cost and tool calls. */
  readonly reading: ResponseReading;
}

/** Milliseconds rounded to the microsecond. */
const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

type Writable = Record<string, unknown>;

/** Sets `key` only when `value` is known: an event has no `undefined` fields. */
function set(target: Writable, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

function setCost(event: Writable, facts: CallFacts, config: Configuration): void {
  const { reading } = facts;
  if (reading.cost !== undefined) {
    event.cost = reading.cost;
    event.costSource = 'provider';
    return;
  }
  const table = activePriceTable(config.pricing);
  const price =
    priceOf(table, facts.model) ??
    (reading.responseModel === undefined ? undefined : priceOf(table, reading.responseModel));
  const cost = price === undefined ? undefined : costOf(price, reading);
  if (cost === undefined) return;
  event.cost = cost;
  event.costSource = 'table';
  event.priceTable = table.name;
}

/**
 * The `LlmEvent` of a call that ended at `time`: the facts, its lineage, the total and the cost
 * when they can be known, `sampleRate` when sampling is on (except on errors, which are always
 * written), the captured prompt and completion when configured, and the context it ran in.
 * Unknown fields are left out, never zero; the keys follow the schema's order.
 */
export function buildEvent(
  facts: CallFacts,
  lineage: Lineage,
  context: ContextSnapshot,
  time: number,
  config: Configuration,
): LlmEvent {
  const { reading } = facts;
  const { inputTokens, outputTokens } = reading;
  const event: Writable = {
    eventVersion: LLM_EVENT_VERSION,
    eventId: facts.eventId,
    correlationId: lineage.correlationId,
  };
  set(event, 'parentRequestId', lineage.parentRequestId);
  event.time = time;
  event.model = facts.model;
  if (reading.responseModel !== facts.model) set(event, 'responseModel', reading.responseModel);
  event.provider = facts.provider;
  set(event, 'operation', facts.operation);
  event.status = facts.status;
  set(event, 'error', facts.error);
  set(event, 'inputTokens', inputTokens);
  set(event, 'outputTokens', outputTokens);
  set(
    event,
    'totalTokens',
    reading.totalTokens ??
      (inputTokens === undefined || outputTokens === undefined
        ? undefined
        : inputTokens + outputTokens),
  );
  set(event, 'cacheReadTokens', reading.cacheReadTokens);
  set(event, 'cacheWriteTokens', reading.cacheWriteTokens);
  set(event, 'reasoningTokens', reading.reasoningTokens);
  setCost(event, facts, config);
  event.latencyMs = roundMs(facts.latencyMs);
  if (facts.ttftMs !== undefined) event.ttftMs = roundMs(facts.ttftMs);
  set(event, 'stream', facts.stream);
  // The reading's array is the event's own: adapters build a fresh one, logLlmCall copies the caller's.
  event.toolCalls = reading.toolCalls ?? [];
  const rate = config.sampleRate;
  if (facts.status !== 'error' && rate > 0 && rate < 1) event.sampleRate = rate;
  const capture = config.captureContent;
  if (capture !== false) {
    set(event, 'prompt', capturedText(facts.prompt, capture.maxChars));
    set(event, 'completion', capturedText(facts.completion, capture.maxChars));
  }
  const snapshot = context as Writable;
  for (const name of FIELD_NAMES) {
    if (name !== 'correlationId' && name !== 'parentRequestId') set(event, name, snapshot[name]);
  }
  return event as LlmEvent;
}
