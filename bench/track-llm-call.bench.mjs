// The cost of tracking an LLM call: trackLlmCall around a call that has already resolved (so
// the figure is the library's own work: ids, lineage, the scope for fn, reading usage, building
// the event and writing its line) against awaiting the same call bare; and logLlmCall per line
// against pino writing the same line by hand. All to a no-op sink.
import pino from 'pino';
import { logLlmCall, trace, trackLlmCall, withContext } from '../dist/index.js';
import { CALL_CONTEXT } from './context-fields.mjs';
import { addedPerCall, compareInterleaved } from './harness.mjs';

const COMPLETION = {
  id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  object: 'chat.completion',
  created: 1741569952,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 1250,
    completion_tokens: 42,
    total_tokens: 1292,
    prompt_tokens_details: { cached_tokens: 1024 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};
const RESOLVED = Promise.resolve(COMPLETION);
const fakeCall = () => RESOLVED;

const CONTEXT = CALL_CONTEXT;
const OPTIONS = { model: 'gpt-4o-mini', provider: 'openai' };
const CALL = {
  ...OPTIONS,
  latencyMs: 812.3,
  inputTokens: 1250,
  outputTokens: 42,
  cacheReadTokens: 1024,
};

const CALL_WITH_RESPONSE = { ...OPTIONS, latencyMs: 812.3, response: COMPLETION };

/** The line logLlmCall writes for CALL in a trace, written by hand. */
const LINE = {
  event: 'llm.call',
  event_version: 1,
  event_id: 'V1StGXR8_Z5jdHi6B-myT',
  correlation_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  parent_request_id: 'Uakgb_J5m9g-0JDMbcJqL',
  model: 'gpt-4o-mini',
  provider: 'openai',
  status: 'ok',
  input_tokens: 1250,
  output_tokens: 42,
  total_tokens: 1292,
  cache_read_tokens: 1024,
  cost: 0.0001359,
  cost_source: 'table',
  price_table: 'genai-prices@0.1.8+leanllm-2026-11-23',
  latency_ms: 812.3,
  tool_calls: [],
};
const LINE_WITH_CONTEXT = {
  ...LINE,
  session_id: CONTEXT.sessionId,
  model_id: CONTEXT.modelId,
  user_id: CONTEXT.userId,
  feature: CONTEXT.feature,
  environment: CONTEXT.environment,
  section_path: CONTEXT.section,
  tags: CONTEXT.tags,
};

const sinkLogger = () => pino({}, { write() {} });
const inTrace = (body) => trace(body);
const inTraceAndContext = (body) => trace(() => withContext(CONTEXT, body));

export const description =
  'trackLlmCall around an already-resolved fake OpenAI chat completion, against awaiting the same call bare (target: under 5 µs added per call); logLlmCall per line against pino writing the same line by hand. No-op sink; scenarios interleaved in one process (9 rounds, median of per-round medians); a scenario with a scope runs its whole measurement inside it.';

export const notes =
  'Most of the added time is the line itself: the "by hand" scenarios are pino serializing the same fields (17 keys, 24 with the context). Measured on a 2-core machine shared with other jobs, which inflates absolute figures: compare within a table.';

/**
 * With `LEANLLM_BASELINE_DIST` set to another build's `dist/index.js` (main's, say), trackLlmCall
 * of that build and of this one, interleaved in one process: the change's cost, call for call.
 */
const baselineGroup = (path) => async () => {
  const baseline = await import(path);
  const logger = sinkLogger();
  const BASELINE = 'baseline build: trackLlmCall in trace()';
  const result = await compareInterleaved(
    'trackLlmCall, this build against the baseline build, no-op sink',
    [
      { name: 'await the call bare, in trace()', fn: () => fakeCall(), scope: inTrace },
      {
        name: BASELINE,
        fn: () => baseline.trackLlmCall(logger, OPTIONS, fakeCall),
        scope: (body) => baseline.trace(body),
      },
      {
        name: 'this build: trackLlmCall in trace()',
        fn: () => trackLlmCall(logger, OPTIONS, fakeCall),
        scope: inTrace,
      },
      {
        name: 'baseline build: trackLlmCall outside any scope',
        fn: () => baseline.trackLlmCall(logger, OPTIONS, fakeCall),
      },
      {
        name: 'this build: trackLlmCall outside any scope',
        fn: () => trackLlmCall(logger, OPTIONS, fakeCall),
      },
    ],
    { baseline: BASELINE, rounds: 15 },
  );
  return [result];
};

export const groups = {
  ...(process.env.LEANLLM_BASELINE_DIST
    ? { 'against a baseline build': baselineGroup(process.env.LEANLLM_BASELINE_DIST) }
    : {}),
  'trackLlmCall overhead': async () => {
    const logger = sinkLogger();
    const BARE = 'await the call bare';
    const BARE_IN_TRACE = 'await the call bare, in trace()';
    const result = await compareInterleaved(
      'trackLlmCall around a resolved call, no-op sink',
      [
        { name: BARE, fn: () => fakeCall() },
        { name: BARE_IN_TRACE, fn: () => fakeCall(), scope: inTrace },
        {
          name: 'trackLlmCall in trace()',
          fn: () => trackLlmCall(logger, OPTIONS, fakeCall),
          scope: inTrace,
        },
        {
          name: 'trackLlmCall in trace() + 7-field context',
          fn: () => trackLlmCall(logger, OPTIONS, fakeCall),
          scope: inTraceAndContext,
        },
        {
          name: 'trackLlmCall outside any scope',
          fn: () => trackLlmCall(logger, OPTIONS, fakeCall),
        },
      ],
      { baseline: BARE, rounds: 9 },
    );
    return [
      result,
      addedPerCall(result, [
        ['trackLlmCall in trace()', BARE_IN_TRACE],
        ['trackLlmCall in trace() + 7-field context', BARE_IN_TRACE],
        ['trackLlmCall outside any scope', BARE],
      ]),
    ];
  },
  'logLlmCall per line': async () => {
    const logger = sinkLogger();
    const BY_HAND = 'pino info, the same line by hand';
    const BY_HAND_CONTEXT = 'pino info, the same line by hand + the 7 context fields';
    const result = await compareInterleaved(
      'logLlmCall per line, no-op sink',
      [
        { name: BY_HAND, fn: () => logger.info(LINE, 'llm.call') },
        { name: 'logLlmCall in trace()', fn: () => logLlmCall(logger, CALL), scope: inTrace },
        { name: BY_HAND_CONTEXT, fn: () => logger.info(LINE_WITH_CONTEXT, 'llm.call') },
        {
          name: 'logLlmCall in trace() + 7-field context',
          fn: () => logLlmCall(logger, CALL),
          scope: inTraceAndContext,
        },
        {
          name: 'logLlmCall reading a response',
          fn: () => logLlmCall(logger, CALL_WITH_RESPONSE),
          scope: inTrace,
        },
      ],
      { baseline: BY_HAND, rounds: 9 },
    );
    return [
      result,
      addedPerCall(result, [
        ['logLlmCall in trace()', BY_HAND],
        ['logLlmCall in trace() + 7-field context', BY_HAND_CONTEXT],
        ['logLlmCall reading a response', BY_HAND],
      ]),
    ];
  },
};
