// The cost of tracking an LLM call: trackLlmCall around a call that has already resolved
// (so the figure is the library's own work: ids, lineage, the scope for fn, reading usage,
// building the event and writing its line) against awaiting the same call bare; and
// logLlmCall per line against pino writing an equivalent line by hand. All to a no-op sink.
import pino from 'pino';
import { logLlmCall, trace, trackLlmCall, withContext } from '../dist/index.js';
import { compareInterleaved } from './harness.mjs';

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

const CONTEXT = {
  sessionId: 'sess-7f3a9c',
  modelId: 'gpt-4o-mini',
  userId: 'user-42',
  feature: 'search',
  environment: 'production',
  section: 'agent:planner',
  tags: { tier: 'pro' },
};
const OPTIONS = { model: 'gpt-4o-mini', provider: 'openai' };
const CALL = {
  ...OPTIONS,
  latencyMs: 812.3,
  inputTokens: 1250,
  outputTokens: 42,
  cacheReadTokens: 1024,
};

const sinkLogger = () => pino({}, { write() {} });
const inTrace = (body) => trace(body);
const inTraceAndContext = (body) => trace(() => withContext(CONTEXT, body));

const added = (result, baseline, names) => {
  const base = result.rows.find((row) => row.name === baseline).ns;
  const lines = names.map((name) => {
    const row = result.rows.find((r) => r.name === name);
    return `- ${name}: **${((row.ns - base) / 1000).toFixed(2)} µs** added per call`;
  });
  return {
    markdown: [`Added per call (vs ${baseline}; target: under 5 µs):`, '', ...lines, ''].join('\n'),
  };
};

export const description =
  'trackLlmCall around an already-resolved fake OpenAI chat completion, against awaiting the same call bare; logLlmCall per line against pino writing an equivalent line by hand. No-op sink; scenarios interleaved in one process (median of per-round medians).';

export const groups = {
  'trackLlmCall overhead': async () => {
    const logger = sinkLogger();
    const BARE = 'await the call bare';
    const scenarios = [
      { name: BARE, fn: () => fakeCall() },
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
      { name: 'trackLlmCall outside any scope', fn: () => trackLlmCall(logger, OPTIONS, fakeCall) },
    ];
    const result = await compareInterleaved(
      'trackLlmCall around a resolved call, no-op sink',
      scenarios,
      {
        baseline: BARE,
        rounds: 9,
      },
    );
    return [
      result,
      added(
        result,
        BARE,
        scenarios.slice(1).map((s) => s.name),
      ),
    ];
  },
  'logLlmCall per line': async () => {
    const logger = sinkLogger();
    const BY_HAND = 'pino info, the same line by hand';
    const line = {
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
      price_table: 'leanllm-2026-11-23',
      latency_ms: 812.3,
      tool_calls: [],
    };
    const scenarios = [
      { name: BY_HAND, fn: () => logger.info(line, 'llm.call') },
      { name: 'logLlmCall in trace()', fn: () => logLlmCall(logger, CALL), scope: inTrace },
      {
        name: 'logLlmCall in trace() + 7-field context',
        fn: () => logLlmCall(logger, CALL),
        scope: inTraceAndContext,
      },
      {
        name: 'logLlmCall reading a response',
        fn: () => logLlmCall(logger, { ...OPTIONS, latencyMs: 812.3, response: COMPLETION }),
        scope: inTrace,
      },
    ];
    const result = await compareInterleaved('logLlmCall per line, no-op sink', scenarios, {
      baseline: BY_HAND,
      rounds: 9,
    });
    return [
      result,
      added(
        result,
        BY_HAND,
        scenarios.slice(1).map((s) => s.name),
      ),
    ];
  },
};
