import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace, trackLlmCall, withContext, wrapAnthropic } from '../../src/index.js';
import { type LlmServer, type SseEvent, startLlmServer } from '../helpers/llm-server.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';
import { ANTHROPIC_MESSAGE } from '../helpers/provider-responses.js';
import { CORRELATION, recorder } from '../helpers/wrapped.js';
import { withOptionsSuite } from './with-options-suite.js';

const TABLE = BUILT_IN_PRICES;
const MODEL = 'claude-haiku-4-5';
const SNAPSHOT = 'claude-haiku-4-5-20251001';

let server: LlmServer;
let raw: Anthropic;

beforeAll(async () => {
  server = await startLlmServer();
  raw = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

function wrapped() {
  const record = recorder();
  return { ...record, anthropic: wrapAnthropic(raw, record.options) };
}

const REQUEST = {
  model: MODEL,
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Weather in San Francisco?' }],
};

const MESSAGE = ANTHROPIC_MESSAGE;

// claude-haiku-4-5: 12 uncached x $1 + 1800 read x $0.10 + 2048 written x $1.25 + 6 x $5.
const MESSAGE_LINE = {
  level: 30,
  event: 'llm.call',
  event_version: 1,
  correlation_id: CORRELATION,
  model: MODEL,
  response_model: SNAPSHOT,
  provider: 'anthropic',
  operation: 'chat',
  status: 'ok',
  input_tokens: 3860,
  output_tokens: 6,
  total_tokens: 3866,
  cache_read_tokens: 1800,
  cache_write_tokens: 2048,
  cost: 0.002782,
  cost_source: 'table',
  price_table: TABLE,
  service_tier: 'standard',
  tool_calls: [],
  msg: 'llm.call',
};

/** A streamed tool_use answer: usage in message_start (cache included) and message_delta. */
const STREAM: SseEvent[] = [
  {
    type: 'message_start',
    message: {
      ...MESSAGE,
      content: [],
      stop_reason: null,
      usage: {
        input_tokens: 25,
        cache_creation_input_tokens: 1024,
        cache_read_input_tokens: 2000,
        output_tokens: 1,
      },
    },
  },
  {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'text', text: '' },
  },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking.' } },
  { type: 'content_block_stop', index: 0 },
  {
    type: 'content_block_start',
    index: 1,
    content_block: {
      type: 'tool_use',
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      name: 'get_weather',
      input: {},
    },
  },
  {
    type: 'content_block_delta',
    index: 1,
    delta: { type: 'input_json_delta', partial_json: '{"location": "San' },
  },
  {
    type: 'content_block_delta',
    index: 1,
    delta: { type: 'input_json_delta', partial_json: ' Francisco, CA"}' },
  },
  { type: 'content_block_stop', index: 1 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 89 },
  },
  { type: 'message_stop' },
].map((data) => ({ event: data.type, data }));

// 25 uncached x $1 + 2000 read x $0.10 + 1024 written x $1.25 + 89 x $5 per million.
const STREAM_LINE = {
  level: 30,
  event: 'llm.call',
  event_version: 1,
  correlation_id: CORRELATION,
  model: MODEL,
  response_model: SNAPSHOT,
  provider: 'anthropic',
  operation: 'chat',
  status: 'ok',
  input_tokens: 3049,
  output_tokens: 89,
  total_tokens: 3138,
  cache_read_tokens: 2000,
  cache_write_tokens: 1024,
  cost: 0.00195,
  cost_source: 'table',
  price_table: TABLE,
  stream: true,
  tool_calls: [
    {
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      name: 'get_weather',
      arguments: '{"location": "San Francisco, CA"}',
    },
  ],
  msg: 'llm.call',
};

describe('wrapAnthropic with the real @anthropic-ai/sdk: messages', () => {
  it('plain: the message as is, cache reads and writes in input once, each at its price', async () => {
    const { anthropic, single } = wrapped();
    server.respond({ json: MESSAGE });
    const result = await trace({ correlationId: CORRELATION }, () =>
      anthropic.messages.create(REQUEST),
    );
    expect(result).toEqual(MESSAGE);
    expect(server.requests.at(-1)?.body).toEqual(REQUEST);
    const { line, event } = single();
    expect(line).toEqual({ ...MESSAGE_LINE, event_id: event.eventId, latency_ms: event.latencyMs });
  });

  it('tool_use: the input object as JSON text', async () => {
    const { anthropic, single } = wrapped();
    server.respond({
      json: {
        ...MESSAGE,
        content: [
          {
            type: 'tool_use',
            id: 'toolu_01A09q90qw90lq917835lq9',
            name: 'get_weather',
            input: { location: 'San Francisco, CA', unit: 'celsius' },
          },
        ],
        stop_reason: 'tool_use',
      },
    });
    await trace({ correlationId: CORRELATION }, () => anthropic.messages.create(REQUEST));
    const { line, event } = single();
    expect(line).toEqual({
      ...MESSAGE_LINE,
      event_id: event.eventId,
      latency_ms: event.latencyMs,
      tool_calls: [
        {
          id: 'toolu_01A09q90qw90lq917835lq9',
          name: 'get_weather',
          arguments: '{"location":"San Francisco, CA","unit":"celsius"}',
        },
      ],
    });
  });

  it('stream: true: events pass unchanged; usage merged, tool input joined, ttft', async () => {
    const { anthropic, single } = wrapped();
    server.respond({ sse: STREAM });
    const types: string[] = [];
    await trace({ correlationId: CORRELATION }, async () => {
      const stream = await anthropic.messages.create({ ...REQUEST, stream: true });
      for await (const event of stream) types.push(event.type);
    });
    expect(types).toEqual(STREAM.map((event) => event.event));
    const { line, event } = single();
    expect(line).toEqual({
      ...STREAM_LINE,
      event_id: event.eventId,
      latency_ms: event.latencyMs,
      ttft_ms: event.ttftMs,
    });
  });

  it("stream(): the final message's usage (cache reads and writes), one line", async () => {
    const { anthropic, single } = wrapped();
    server.respond({ sse: STREAM });
    const final = await trace({ correlationId: CORRELATION }, () =>
      anthropic.messages.stream(REQUEST).finalMessage(),
    );
    expect(final.usage).toMatchObject({
      input_tokens: 25,
      cache_creation_input_tokens: 1024,
      cache_read_input_tokens: 2000,
      output_tokens: 89,
    });
    const { line, event } = single();
    expect(line).toEqual({
      ...STREAM_LINE,
      event_id: event.eventId,
      latency_ms: event.latencyMs,
      ttft_ms: event.ttftMs,
    });
  });

  it('beta.messages.create is logged the same way', async () => {
    const { anthropic, single } = wrapped();
    server.respond({ json: MESSAGE });
    await trace({ correlationId: CORRELATION }, () => anthropic.beta.messages.create(REQUEST));
    const { line, event } = single();
    expect(line).toEqual({ ...MESSAGE_LINE, event_id: event.eventId, latency_ms: event.latencyMs });
  });

  it('429: an error line, the SDK error rethrown as it is', async () => {
    const { anthropic, single } = wrapped();
    server.respond({
      status: 429,
      json: {
        type: 'error',
        error: {
          type: 'rate_limit_error',
          message: 'Number of request tokens has exceeded your rate limit.',
        },
      },
    });
    const error = await trace({ correlationId: CORRELATION }, () =>
      anthropic.messages.create(REQUEST).then(
        () => undefined,
        (thrown: unknown) => thrown,
      ),
    );
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const { line, event } = single();
    expect(line).toEqual({
      level: 50,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: MODEL,
      provider: 'anthropic',
      operation: 'chat',
      status: 'error',
      error: {
        type: 'RateLimitError',
        message: (error as Error).message,
        status: 429,
      },
      latency_ms: event.latencyMs,
      tool_calls: [],
      msg: 'llm.call',
    });
    expect((error as Error).message).toContain('Number of request tokens has exceeded');
  });

  it('500 through stream(): an error line; the stream rejects with the SDK error', async () => {
    const { anthropic, single } = wrapped();
    server.respond({
      status: 500,
      json: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } },
    });
    await expect(anthropic.messages.stream(REQUEST).finalMessage()).rejects.toBeInstanceOf(
      Anthropic.InternalServerError,
    );
    expect(single().line).toMatchObject({
      level: 50,
      status: 'error',
      error: { type: 'InternalServerError', status: 500 },
    });
  });

  it('an aborted stream(): the line says cancelled', async () => {
    const { anthropic, single } = wrapped();
    server.respond({ sse: STREAM, delayMs: 20 });
    await trace({ correlationId: CORRELATION }, async () => {
      const stream = anthropic.messages.stream(REQUEST);
      stream.on('text', () => stream.abort());
      await expect(stream.done()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    });
    const { line, event } = single();
    expect(line).toEqual({
      level: 30,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: MODEL,
      response_model: SNAPSHOT,
      provider: 'anthropic',
      operation: 'chat',
      status: 'cancelled',
      input_tokens: 3049,
      output_tokens: 1,
      total_tokens: 3050,
      cache_read_tokens: 2000,
      cache_write_tokens: 1024,
      cost: 0.00151,
      cost_source: 'table',
      price_table: TABLE,
      latency_ms: event.latencyMs,
      ttft_ms: event.ttftMs,
      stream: true,
      tool_calls: [],
      msg: 'llm.call',
    });
  });
});

describe('wrapAnthropic: lineage and concurrency', () => {
  it('nested: calls inside a tracked agent step are its children', async () => {
    const { anthropic, options, lines, events } = wrapped();
    server.respond({ json: MESSAGE });
    server.respond({ sse: STREAM });
    await trace({ correlationId: CORRELATION }, () =>
      trackLlmCall(
        options.logger,
        { model: 'planner', provider: 'local', onEvent: options.onEvent },
        async () => {
          await anthropic.messages.create(REQUEST);
          await anthropic.messages.stream(REQUEST).finalMessage();
          return { inputTokens: 1, outputTokens: 1 };
        },
      ),
    );
    const planner = events.at(-1)?.eventId;
    expect(lines().map((line) => [line.model, line.parent_request_id])).toEqual([
      [MODEL, planner],
      [MODEL, planner],
      ['planner', undefined],
    ]);
  });

  it('200 concurrent flows: each line carries its own flow', async () => {
    const { anthropic, lines } = wrapped();
    server.respondWith((request) => {
      const flow = Number(
        (request.body as { messages: [{ content: string }] }).messages[0].content,
      );
      return { json: { ...MESSAGE, usage: { input_tokens: flow, output_tokens: 1 } } };
    });
    try {
      await Promise.all(
        Array.from({ length: 200 }, (_, flow) =>
          withContext({ sessionId: `s-${flow}`, feature: `f-${flow}` }, () =>
            anthropic.messages.create({
              ...REQUEST,
              messages: [{ role: 'user', content: String(flow) }],
            }),
          ),
        ),
      );
    } finally {
      server.respondWith(undefined);
    }
    const written = lines();
    expect(written).toHaveLength(200);
    for (const line of written) {
      const flow = line.input_tokens as number;
      expect([line.session_id, line.feature]).toEqual([`s-${flow}`, `f-${flow}`]);
    }
    expect(new Set(written.map((line) => line.correlation_id)).size).toBe(200);
  });
});

const SERVER_ERROR = {
  type: 'error',
  error: { type: 'api_error', message: 'Internal server error' },
};

withOptionsSuite({
  caller: 'wrapAnthropic',
  label: '@anthropic-ai/sdk 1',
  server: () => server,
  raw: () => raw,
  wrap: wrapAnthropic,
  call: {
    make: (anthropic) => anthropic.messages.create(REQUEST),
    answer: { json: MESSAGE },
    line: MESSAGE_LINE,
  },
  helper: {
    make: (anthropic) => anthropic.messages.stream(REQUEST).finalMessage(),
    answer: { sse: STREAM },
    line: STREAM_LINE,
    options: {},
    body: { ...REQUEST, stream: true },
  },
  serverError: { status: 500, headers: { 'retry-after-ms': '1' }, json: SERVER_ERROR },
  // The SDK's message names the whole body when it has no top-level message.
  errorMessage: `500 ${JSON.stringify(SERVER_ERROR)}`,
});
