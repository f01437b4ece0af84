import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';
import {
  CHAT_COMPLETION,
  CHAT_USAGE,
  chatChunk,
  RESPONSES_API_RESPONSE,
} from '../helpers/provider-responses.js';
import { CORRELATION, tracked } from '../helpers/tracked.js';

const TABLE = BUILT_IN_PRICES;

let server: LlmServer;
let openai: OpenAI;

beforeAll(async () => {
  server = await startLlmServer();
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

// gpt-4o-mini: 226 uncached input x $0.15 + 1024 cached x $0.075 + 42 output x $0.60 per million.
const CHAT_COST = 0.0001359;

describe('trackLlmCall with the real openai SDK: chat completions', () => {
  it('plain: tokens (cached inside input), cost, response model, status', async () => {
    const completion = CHAT_COMPLETION;
    server.respond({ json: completion });
    const { result, line, event } = await tracked('openai', 'gpt-4o-mini', () =>
      openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Capital of France?' }],
      }),
    );
    expect(result).toEqual(completion);
    expect(line).toEqual({
      level: 30,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: 'gpt-4o-mini',
      response_model: 'gpt-4o-mini-2024-07-18',
      provider: 'openai',
      status: 'ok',
      input_tokens: 1250,
      output_tokens: 42,
      total_tokens: 1292,
      cache_read_tokens: 1024,
      reasoning_tokens: 0,
      service_tier: 'default',
      cost: CHAT_COST,
      cost_source: 'table',
      price_table: TABLE,
      latency_ms: event.latencyMs,
      tool_calls: [],
      msg: 'llm.call',
    });
  });

  it('plain with tool calls: each call with its id, name and the argument text as sent', async () => {
    server.respond({
      json: {
        id: 'chatcmpl-tools',
        object: 'chat.completion',
        created: 1741569952,
        model: 'gpt-4o-mini-2024-07-18',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              refusal: null,
              tool_calls: [
                {
                  id: 'call_Vh3ZKk5PMBLXlRlLHyoLtHUs',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
                },
                {
                  id: 'call_7CwdCXwDaoSxrwUbP2Pd4yG5',
                  type: 'function',
                  function: { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' },
                },
              ],
            },
            logprobs: null,
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 80, completion_tokens: 50, total_tokens: 130 },
      },
    });
    const { line } = await tracked('openai', 'gpt-4o-mini', () =>
      openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    );
    expect(line).toMatchObject({
      status: 'ok',
      input_tokens: 80,
      output_tokens: 50,
      total_tokens: 130,
      cost: 0.000042,
      tool_calls: [
        {
          id: 'call_Vh3ZKk5PMBLXlRlLHyoLtHUs',
          name: 'get_weather',
          arguments: '{"city": "Paris"}',
        },
        {
          id: 'call_7CwdCXwDaoSxrwUbP2Pd4yG5',
          name: 'get_time',
          arguments: '{"tz":"Europe/Paris"}',
        },
      ],
    });
    expect(line).not.toHaveProperty('cache_read_tokens');
  });

  it('streamed with include_usage: every chunk unchanged, usage from the final chunk, ttft', async () => {
    const chunks = [
      chatChunk({ role: 'assistant', content: '', refusal: null }),
      chatChunk({ content: 'The' }),
      chatChunk({ content: ' capital is' }),
      chatChunk({ content: ' Paris.' }),
      {
        ...chatChunk({}),
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      },
      { ...chatChunk({}), choices: [], usage: CHAT_USAGE },
    ];
    server.respond({ sse: [...chunks.map((data) => ({ data })), { data: '[DONE]' }] });
    const { result, consumed, line, event } = await tracked(
      'openai',
      'gpt-4o-mini',
      () =>
        openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [],
          stream: true,
          stream_options: { include_usage: true },
        }),
      async (stream) => {
        const received: unknown[] = [];
        for await (const part of stream) received.push(part);
        return received;
      },
    );
    expect(consumed).toEqual(chunks);
    expect(result?.controller).toBeInstanceOf(AbortController);
    expect(server.requests.at(-1)?.body).toMatchObject({ stream_options: { include_usage: true } });
    expect(event.ttftMs).toBeGreaterThanOrEqual(0);
    expect(event.ttftMs).toBeLessThanOrEqual(event.latencyMs);
    expect(line).toEqual({
      level: 30,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: 'gpt-4o-mini',
      response_model: 'gpt-4o-mini-2024-07-18',
      provider: 'openai',
      status: 'ok',
      input_tokens: 1250,
      output_tokens: 42,
      total_tokens: 1292,
      cache_read_tokens: 1024,
      reasoning_tokens: 0,
      cost: CHAT_COST,
      cost_source: 'table',
      price_table: TABLE,
      latency_ms: event.latencyMs,
      ttft_ms: event.ttftMs,
      stream: true,
      tool_calls: [],
      msg: 'llm.call',
    });
  });

  it('streamed tool calls: argument fragments joined in order, per tool call index', async () => {
    const toolDelta = (calls: object[]) => chatChunk({ tool_calls: calls });
    server.respond({
      sse: [
        chatChunk({
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              index: 0,
              id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
              type: 'function',
              function: { name: 'get_weather', arguments: '' },
            },
          ],
          refusal: null,
        }),
        toolDelta([{ index: 0, function: { arguments: '{"ci' } }]),
        toolDelta([{ index: 0, function: { arguments: 'ty": "Paris"}' } }]),
        toolDelta([
          {
            index: 1,
            id: 'call_2',
            type: 'function',
            function: { name: 'get_time', arguments: '' },
          },
        ]),
        toolDelta([{ index: 1, function: { arguments: '{}' } }]),
        {
          ...chatChunk({}),
          choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }],
        },
        {
          ...chatChunk({}),
          choices: [],
          usage: { prompt_tokens: 80, completion_tokens: 50, total_tokens: 130 },
        },
      ].map((data) => ({ data })),
    });
    const { line } = await tracked(
      'openai',
      'gpt-4o-mini',
      () =>
        openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [],
          stream: true,
          stream_options: { include_usage: true },
        }),
      async (stream) => {
        for await (const _ of stream);
      },
    );
    expect(line).toMatchObject({
      status: 'ok',
      stream: true,
      input_tokens: 80,
      output_tokens: 50,
      cost: 0.000042,
      tool_calls: [
        {
          id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
          name: 'get_weather',
          arguments: '{"city": "Paris"}',
        },
        { id: 'call_2', name: 'get_time', arguments: '{}' },
      ],
    });
  });

  it('streamed without include_usage: tokens and cost are absent, not zero', async () => {
    server.respond({
      sse: [{ data: chatChunk({ role: 'assistant', content: 'Hi' }) }, { data: '[DONE]' }],
    });
    const { line } = await tracked(
      'openai',
      'gpt-4o-mini',
      () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [], stream: true }),
      async (stream) => {
        for await (const _ of stream);
      },
    );
    expect(line.status).toBe('ok');
    for (const key of ['input_tokens', 'output_tokens', 'total_tokens', 'cost', 'cost_source'])
      expect(line).not.toHaveProperty(key);
  });

  it('429: status error at level 50, error type/message/status, the SDK error rethrown as is', async () => {
    server.respond({
      status: 429,
      headers: { 'retry-after': '20' },
      json: {
        error: {
          message:
            'Rate limit reached for gpt-4o-mini in organization org-test on tokens per min (TPM): Limit 200000, Used 199800, Requested 1200.',
          type: 'tokens',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
    });
    const { error, line, event } = await tracked('openai', 'gpt-4o-mini', () =>
      openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    );
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(line).toEqual({
      level: 50,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: 'gpt-4o-mini',
      provider: 'openai',
      status: 'error',
      error: {
        type: 'RateLimitError',
        message:
          '429 Rate limit reached for gpt-4o-mini in organization org-test on tokens per min (TPM): Limit 200000, Used 199800, Requested 1200.',
        status: 429,
      },
      latency_ms: event.latencyMs,
      tool_calls: [],
      msg: 'llm.call',
    });
  });

  it('500: InternalServerError with status 500', async () => {
    server.respond({
      status: 500,
      json: {
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
      },
    });
    const { error, line } = await tracked('openai', 'gpt-4o-mini', () =>
      openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(line).toMatchObject({
      level: 50,
      status: 'error',
      error: {
        type: 'InternalServerError',
        message: '500 The server had an error while processing your request. Sorry about that!',
        status: 500,
      },
    });
  });
});

const RESPONSE = RESPONSES_API_RESPONSE;

// gpt-4.1: 500 uncached input x $2 + 1536 cached x $0.50 + 387 output (reasoning included) x $8.
const RESPONSE_COST = 0.004864;

const RESPONSE_LINE = {
  level: 30,
  event: 'llm.call',
  event_version: 1,
  correlation_id: CORRELATION,
  model: 'gpt-4.1',
  response_model: 'gpt-4.1-2025-04-14',
  provider: 'openai',
  status: 'ok',
  input_tokens: 2036,
  output_tokens: 387,
  total_tokens: 2423,
  cache_read_tokens: 1536,
  reasoning_tokens: 256,
  cost: RESPONSE_COST,
  cost_source: 'table',
  price_table: TABLE,
  tool_calls: [
    { id: 'call_12345xyz', name: 'get_weather', arguments: '{"location":"Paris, France"}' },
  ],
  msg: 'llm.call',
};

describe('trackLlmCall with the real openai SDK: Responses API', () => {
  it('plain: usage with cached and reasoning details, function calls by call_id', async () => {
    server.respond({ json: RESPONSE });
    const { result, line, event } = await tracked('openai', 'gpt-4.1', () =>
      openai.responses.create({ model: 'gpt-4.1', input: 'Weather in Paris?' }),
    );
    expect(result?.id).toBe(RESPONSE.id);
    expect(server.requests.at(-1)?.path).toBe('/v1/responses');
    expect(line).toEqual({
      ...RESPONSE_LINE,
      event_id: event.eventId,
      latency_ms: event.latencyMs,
    });
  });

  it('streamed: deltas pass through, usage and tool calls from response.completed', async () => {
    const inProgress = { ...RESPONSE, status: 'in_progress', output: [], usage: null };
    const events = [
      { type: 'response.created', sequence_number: 0, response: inProgress },
      { type: 'response.in_progress', sequence_number: 1, response: inProgress },
      {
        type: 'response.output_item.added',
        sequence_number: 2,
        output_index: 0,
        item: {
          type: 'message',
          id: 'msg_1',
          status: 'in_progress',
          role: 'assistant',
          content: [],
        },
      },
      {
        type: 'response.output_text.delta',
        sequence_number: 3,
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta: 'Checking',
      },
      {
        type: 'response.output_text.delta',
        sequence_number: 4,
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta: ' the weather.',
      },
      {
        type: 'response.function_call_arguments.delta',
        sequence_number: 5,
        item_id: 'fc_12345xyz',
        output_index: 2,
        delta: '{"location":"Paris, France"}',
      },
      { type: 'response.completed', sequence_number: 6, response: RESPONSE },
    ];
    server.respond({ sse: events.map((data) => ({ event: data.type, data })) });
    const { consumed, line, event } = await tracked(
      'openai',
      'gpt-4.1',
      () => openai.responses.create({ model: 'gpt-4.1', input: 'Weather?', stream: true }),
      async (stream) => {
        const types: string[] = [];
        for await (const part of stream) types.push(part.type);
        return types;
      },
    );
    expect(consumed).toEqual(events.map((e) => e.type));
    expect(line).toEqual({
      ...RESPONSE_LINE,
      event_id: event.eventId,
      latency_ms: event.latencyMs,
      ttft_ms: event.ttftMs,
      stream: true,
    });
  });

  it('streamed response.failed: the call failed, with the error the response gives', async () => {
    const failed = {
      ...RESPONSE,
      status: 'failed',
      output: [],
      error: { code: 'server_error', message: 'The model failed to generate a response.' },
      usage: null,
    };
    server.respond({
      sse: [
        {
          type: 'response.created',
          sequence_number: 0,
          response: { ...failed, status: 'in_progress', error: null },
        },
        { type: 'response.failed', sequence_number: 1, response: failed },
      ].map((data) => ({ event: data.type, data })),
    });
    const { line, event } = await tracked(
      'openai',
      'gpt-4.1',
      () => openai.responses.create({ model: 'gpt-4.1', input: 'Weather?', stream: true }),
      async (stream) => {
        for await (const _ of stream);
      },
    );
    expect(line).toEqual({
      level: 50,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: 'gpt-4.1',
      response_model: 'gpt-4.1-2025-04-14',
      provider: 'openai',
      status: 'error',
      error: { type: 'server_error', message: 'The model failed to generate a response.' },
      latency_ms: event.latencyMs,
      stream: true,
      tool_calls: [],
      msg: 'llm.call',
    });
  });
});
