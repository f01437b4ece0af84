import type { Configuration } from '../context/configuration.js';
import type { ContextSnapshot } from '../context/schema.js';
import { LLM_EVENT_VERSION } from '../fields/event-fields.js';
import { warnOnce } from '../warnings.js';
import type { ResponseFacts } from './adapters/response-facts.js';
import { capturedText } from './content.js';
import type { LlmErrorInfo } from './error-info.js';
import type { Lineage } from './lineage.js';
import { activePrices } from './pricing/active.js';
import { checkUsage, SUSPECT_USAGE_CODE, SUSPECT_USAGE_MESSAGES } from './pricing/usage-check.js';
import { isSampledIn } from './sampling.js';
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
  readonly reading: ResponseFacts;
}

/** Milliseconds rounded to the microsecond. */
const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

// The event's own fields (model, provider, response model, tokens, time) are what it is priced by.
function setCost(event: LlmEvent, facts: CallFacts, config: Configuration): void {
  const { reading } = facts;
  if (reading.cost !== undefined) {
    event.cost = reading.cost;
    event.costSource = 'provider';
    return;
  }
  const prices = activePrices(config.pricing);
  const cost = prices.costOf(event);
  if (cost === undefined) return;
  event.cost = cost;
  event.costSource = 'table';
  event.priceTable = prices.name();
}

// Every field is set by name, only when known (an event has no `undefined` fields): this runs
// once per call, and named stores keep it fast where a loop over keys would not.

function setContext(event: LlmEvent, context: ContextSnapshot): void {
  const { sessionId, requestId, modelId, samplingIteration, userId } = context;
  const { feature, environment, section, tags } = context;
  if (sessionId !== undefined) event.sessionId = sessionId;
  if (requestId !== undefined) event.requestId = requestId;
  if (modelId !== undefined) event.modelId = modelId;
  if (samplingIteration !== undefined) event.samplingIteration = samplingIteration;
  if (userId !== undefined) event.userId = userId;
  if (feature !== undefined) event.feature = feature;
  if (environment !== undefined) event.environment = environment;
  if (section !== undefined) event.section = section;
  if (tags !== undefined) event.tags = tags;
}

/**
 * The `LlmEvent` of a call that ended at `time`: the facts, its lineage, the total and the cost
 * when they can be known, `sampleRate` when sampling is on (except on errors, which are always
 * written), the captured prompt and completion when configured, and the context it ran in
 * (`correlationId` and `parentRequestId` are the lineage's). Unknown fields are left out, never
 * zero; the keys follow the schema's order.
 */
export function buildEvent(
  facts: CallFacts,
  lineage: Lineage,
  context: ContextSnapshot,
  time: number,
  config: Configuration,
): LlmEvent {
  const { reading } = facts;
  const { inputTokens, outputTokens, totalTokens, responseModel } = reading;
  const event = {
    eventVersion: LLM_EVENT_VERSION,
    eventId: facts.eventId,
    correlationId: lineage.correlationId,
  } as LlmEvent;
  if (lineage.parentRequestId !== undefined) event.parentRequestId = lineage.parentRequestId;
  event.time = time;
  event.model = facts.model;
  if (responseModel !== undefined && responseModel !== facts.model)
    event.responseModel = responseModel;
  event.provider = facts.provider;
  if (facts.operation !== undefined) event.operation = facts.operation;
  event.status = facts.status;
  if (facts.error !== undefined) event.error = facts.error;
  if (inputTokens !== undefined) event.inputTokens = inputTokens;
  if (outputTokens !== undefined) event.outputTokens = outputTokens;
  if (totalTokens !== undefined) event.totalTokens = totalTokens;
  else if (inputTokens !== undefined && outputTokens !== undefined)
    event.totalTokens = inputTokens + outputTokens;
  if (reading.cacheReadTokens !== undefined) event.cacheReadTokens = reading.cacheReadTokens;
  if (reading.cacheWriteTokens !== undefined) event.cacheWriteTokens = reading.cacheWriteTokens;
  if (reading.cacheWrite1hTokens !== undefined)
    event.cacheWrite1hTokens = reading.cacheWrite1hTokens;
  if (reading.reasoningTokens !== undefined) event.reasoningTokens = reading.reasoningTokens;
  if (reading.serviceTier !== undefined) event.serviceTier = reading.serviceTier;
  setCost(event, facts, config);
  const suspect = checkUsage(event);
  if (suspect !== undefined) warnOnce(SUSPECT_USAGE_CODE, SUSPECT_USAGE_MESSAGES[suspect]);
  event.latencyMs = roundMs(facts.latencyMs);
  if (facts.ttftMs !== undefined) event.ttftMs = roundMs(facts.ttftMs);
  if (facts.stream !== undefined) event.stream = facts.stream;
  // The reading's array is the event's own: adapters build a fresh one, logLlmCall copies the caller's.
  event.toolCalls = (reading.toolCalls ?? []) as LlmEvent['toolCalls'];
  const rate = config.sampleRate;
  if (facts.status !== 'error' && rate > 0 && rate < 1) event.sampleRate = rate;
  // An error is written even when sampling drops its correlation: say so, for the graph reader.
  if (facts.status === 'error' && rate < 1 && !isSampledIn(lineage.correlationId, rate))
    event.sampledOut = true;
  const capture = config.captureContent;
  if (capture !== false) {
    const prompt = capturedText(facts.prompt, capture.maxChars);
    const completion = capturedText(facts.completion, capture.maxChars);
    if (prompt !== undefined) event.prompt = prompt;
    if (completion !== undefined) event.completion = completion;
  }
  setContext(event, context);
  return event;
}
