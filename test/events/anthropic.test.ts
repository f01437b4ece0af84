import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';
import { CORRELATION, tracked } from '../helpers/tracked.js';

const TABLE = BUILT_IN_PRICES;
const MODEL = 'claude-haiku-4-5';
const SNAPSHOT = 'claude-haiku-4-5-20251001';

let server: LlmServer;
let anthropic: Anthropic;

beforeAll(async () => {
  server = await startLlmServer();
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

const REQUEST = {
  model: MODEL,
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Weather in San Francisco?' }],
};
const create = () => anthropic.messages.create(REQUEST);
const createStream = () => anthropic.messages.create({ ...REQUEST, stream: true });

const readAll = async (stream: AsyncIterable<{ type: string }>) => {
  const types: string[] = [];
  for await (const event of stream) types.push(event.type);
  return types;
};

const MESSAGE = {
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  type: 'message',
  role: 'assistant',
  model: SNAPSHOT,
  content: [{ type: 'text', text: 'It is sunny.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 12,
    cache_creation_input_tokens: 2048,
    cache_read_input_tokens: 1800,
    output_tokens: 6,
    service_tier: 'standard',
  },
};

describe('trackLlmCall with the real @anthropic-ai/sdk: messages', () => {
  it('plain: cache reads and writes added to input once, each priced at its own rate', async () => {
    server.respond({ json: MESSAGE });
    const { result, line, event } = await tracked('anthropic', MODEL, () => create());
    expect(result).toEqual(MESSAGE);
    expect(server.requests.at(-1)?.path).toBe('/v1/messages');
    // claude-haiku-4-5: 12 uncached x $1 + 1800 read x $0.10 + 2048 written x $1.25 + 6 x $5.
    expect(line).toEqual({
      level: 30,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: MODEL,
      response_model: SNAPSHOT,
      provider: 'anthropic',
      status: 'ok',
      input_tokens: 3860,
      output_tokens: 6,
      total_tokens: 3866,
      cache_read_tokens: 1800,
      cache_write_tokens: 2048,
      service_tier: 'standard',
      cost: 0.002782,
      cost_source: 'table',
      price_table: TABLE,
      latency_ms: event.latencyMs,
      tool_calls: [],
      msg: 'llm.call',
    });
  });

  it('plain with tool_use: the input object as JSON text', async () => {
    server.respond({
      json: {
        ...MESSAGE,
        content: [
          { type: 'text', text: "I'll check the weather." },
          {
            type: 'tool_use',
            id: 'toolu_01A09q90qw90lq917835lq9',
            name: 'get_weather',
            input: { location: 'San Francisco, CA', unit: 'celsius' },
          },
        ],
        stop_reason: 'tool_use',
        usage: {
          input_tokens: 472,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 91,
        },
      },
    });
    const { line } = await tracked('anthropic', MODEL, () => create());
    expect(line).toMatchObject({
      status: 'ok',
      input_tokens: 472,
      output_tokens: 91,
      total_tokens: 563,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      cost: 0.000927,
      tool_calls: [
        {
          id: 'toolu_01A09q90qw90lq917835lq9',
          name: 'get_weather',
          arguments: '{"location":"San Francisco, CA","unit":"celsius"}',
        },
      ],
    });
  });

  it('streamed: usage from message_start, output from message_delta, ttft', async () => {
    const events = [
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: {
            ...MESSAGE,
            content: [],
            stop_reason: null,
            usage: {
              input_tokens: 25,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 0,
              output_tokens: 1,
            },
          },
        },
      },
      {
        event: 'content_block_start',
        data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      },
      { event: 'ping', data: { type: 'ping' } },
      {
        event: 'content_block_delta',
        data: {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: 'It is' },
        },
      },
      {
        event: 'content_block_delta',
        data: {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: ' sunny.' },
        },
      },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: 15 },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ];
    server.respond({ sse: events });
    const { consumed, line, event } = await tracked('anthropic', MODEL, createStream, readAll);
    expect(consumed).toEqual(events.filter((e) => e.event !== 'ping').map((e) => e.event));
    expect(event.ttftMs).toBeGreaterThanOrEqual(0);
    expect(line).toEqual({
      level: 30,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: MODEL,
      response_model: SNAPSHOT,
      provider: 'anthropic',
      status: 'ok',
      input_tokens: 25,
      output_tokens: 15,
      total_tokens: 40,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      cost: 0.0001,
      cost_source: 'table',
      price_table: TABLE,
      latency_ms: event.latencyMs,
      ttft_ms: event.ttftMs,
      stream: true,
      tool_calls: [],
      msg: 'llm.call',
    });
  });

  it('streamed tool_use: partial_json joined; cumulative usage in message_delta wins', async () => {
    const delta = (index: number, partial: string) => ({
      event: 'content_block_delta',
      data: {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: partial },
      },
    });
    server.respond({
      sse: [
        {
          event: 'message_start',
          data: {
            type: 'message_start',
            message: {
              ...MESSAGE,
              content: [],
              usage: {
                input_tokens: 472,
                cache_creation_input_tokens: 0,
                cache_read_input_tokens: 1000,
                output_tokens: 2,
              },
            },
          },
        },
        {
          event: 'content_block_start',
          data: {
            type: 'content_block_start',
            index: 0,
            content_block: {
              type: 'tool_use',
              id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
              name: 'get_weather',
              input: {},
            },
          },
        },
        delta(0, ''),
        delta(0, '{"location": "San Fra'),
        delta(0, 'ncisco, CA"}'),
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
        {
          event: 'content_block_start',
          data: {
            type: 'content_block_start',
            index: 1,
            content_block: { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
          },
        },
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } },
        {
          event: 'message_delta',
          data: {
            type: 'message_delta',
            delta: { stop_reason: 'tool_use', stop_sequence: null },
            usage: {
              input_tokens: 472,
              cache_creation_input_tokens: null,
              cache_read_input_tokens: 1000,
              output_tokens: 89,
            },
          },
        },
        { event: 'message_stop', data: { type: 'message_stop' } },
      ],
    });
    const { line } = await tracked('anthropic', MODEL, createStream, readAll);
    expect(line).toMatchObject({
      status: 'ok',
      stream: true,
      input_tokens: 1472,
      output_tokens: 89,
      total_tokens: 1561,
      cache_read_tokens: 1000,
      cache_write_tokens: 0,
      // 472 x $1 + 1000 x $0.10 + 89 x $5 per million
      cost: 0.001017,
      tool_calls: [
        {
          id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          name: 'get_weather',
          arguments: '{"location": "San Francisco, CA"}',
        },
        { id: 'toolu_2', name: 'get_time', arguments: '{}' },
      ],
    });
  });

  it('429: RateLimitError, status 429, logged at error, rethrown as is', async () => {
    const body = {
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message:
          'This request would exceed the rate limit for your organization of 50 requests per minute.',
      },
    };
    server.respond({ status: 429, headers: { 'retry-after': '30' }, json: body });
    const { error, line, event } = await tracked('anthropic', MODEL, () => create());
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(line).toEqual({
      level: 50,
      event: 'llm.call',
      event_version: 1,
      event_id: event.eventId,
      correlation_id: CORRELATION,
      model: MODEL,
      provider: 'anthropic',
      status: 'error',
      error: { type: 'RateLimitError', message: `429 ${JSON.stringify(body)}`, status: 429 },
      latency_ms: event.latencyMs,
      tool_calls: [],
      msg: 'llm.call',
    });
  });

  it('500: InternalServerError with status 500', async () => {
    const body = { type: 'error', error: { type: 'api_error', message: 'Internal server error' } };
    server.respond({ status: 500, json: body });
    const { error, line } = await tracked('anthropic', MODEL, () => create());
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(line).toMatchObject({
      level: 50,
      status: 'error',
      error: { type: 'InternalServerError', message: `500 ${JSON.stringify(body)}`, status: 500 },
    });
  });
});
