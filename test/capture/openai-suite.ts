// The wrapOpenAI behaviour, run against one major of the real `openai` SDK (6 on Node 20, 7 in
// the Node 22/24 pass) pointed at a loopback server.

import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace, trackLlmCall, withContext, wrapOpenAI } from '../../src/index.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';
import {
  CHAT_COMPLETION as COMPLETION,
  chatChunk as chunk,
  RESPONSES_API_RESPONSE as RESPONSE,
} from '../helpers/provider-responses.js';
import { CORRELATION, recorder } from '../helpers/wrapped.js';
import { withOptionsSuite } from './with-options-suite.js';

const TABLE = BUILT_IN_PRICES;

// gpt-4o-mini: 226 uncached input x $0.15 + 1024 cached x $0.075 + 42 output x $0.60 per million.
const COMPLETION_COST = 0.0001359;

/** The line of COMPLETION, but for the event id and latency. */
const COMPLETION_LINE = {
  level: 30,
  event: 'llm.call',
  event_version: 1,
  correlation_id: CORRELATION,
  model: 'gpt-4o-mini',
  response_model: 'gpt-4o-mini-2024-07-18',
  provider: 'openai',
  operation: 'chat',
  status: 'ok',
  input_tokens: 1250,
  output_tokens: 42,
  total_tokens: 1292,
  cache_read_tokens: 1024,
  reasoning_tokens: 0,
  cost: COMPLETION_COST,
  cost_source: 'table',
  price_table: TABLE,
  service_tier: 'default',
  tool_calls: [],
  msg: 'llm.call',
};

const STREAM_USAGE = { prompt_tokens: 80, completion_tokens: 3, total_tokens: 83 };

/** A streamed answer "Paris.", with the usage chunk `include_usage` asks for. */
const CHUNKS = [
  chunk({ role: 'assistant', content: '', refusal: null }),
  chunk({ content: 'Par' }),
  chunk({ content: 'is.' }),
  { ...chunk({}), choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] },
  { ...chunk({}), choices: [], usage: STREAM_USAGE },
];

const sse = (events: readonly object[]) => ({
  sse: [...events.map((data) => ({ data })), { data: '[DONE]' }],
});

/** The line of the CHUNKS stream, but for the event id, latency and ttft. */
const STREAM_LINE = {
  level: 30,
  event: 'llm.call',
  event_version: 1,
  correlation_id: CORRELATION,
  model: 'gpt-4o-mini',
  response_model: 'gpt-4o-mini-2024-07-18',
  provider: 'openai',
  operation: 'chat',
  status: 'ok',
  input_tokens: 80,
  output_tokens: 3,
  total_tokens: 83,
  cost: 0.0000138,
  cost_source: 'table',
  price_table: TABLE,
  stream: true,
  tool_calls: [],
  msg: 'llm.call',
};

const RESPONSE_LINE = {
  level: 30,
  event: 'llm.call',
  event_version: 1,
  correlation_id: CORRELATION,
  model: 'gpt-4.1',
  response_model: 'gpt-4.1-2025-04-14',
  provider: 'openai',
  operation: 'responses',
  status: 'ok',
  input_tokens: 2036,
  output_tokens: 387,
  total_tokens: 2423,
  cache_read_tokens: 1536,
  reasoning_tokens: 256,
  cost: 0.004864,
  cost_source: 'table',
  price_table: TABLE,
  tool_calls: [
    { id: 'call_12345xyz', name: 'get_weather', arguments: '{"location":"Paris, France"}' },
  ],
  msg: 'llm.call',
};

const RATE_LIMITED = {
  status: 429,
  headers: { 'retry-after': '20' },
  json: {
    error: {
      message: 'Rate limit reached for gpt-4o-mini on tokens per min (TPM): Limit 200000.',
      type: 'tokens',
      param: null,
      code: 'rate_limit_exceeded',
    },
  },
};

const messages = [{ role: 'user' as const, content: 'Capital of France?' }];

/** Every test of wrapOpenAI, against the `OpenAI` class of one SDK major. */
export function wrapOpenAISuite(label: string, load: () => Promise<typeof OpenAI>) {
  let server: LlmServer;
  let OpenAIClass: typeof OpenAI;
  let raw: OpenAI;

  beforeAll(async () => {
    OpenAIClass = await load();
    server = await startLlmServer();
    raw = new OpenAIClass({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => server.close());

  /** A fresh recorder and the client wrapped for it. */
  function wrapped(options: { provider?: string; streamUsage?: boolean } = {}) {
    const record = recorder();
    return { ...record, openai: wrapOpenAI(raw, { ...record.options, ...options }) };
  }

  describe(`wrapOpenAI (${label}): chat completions`, () => {
    it('plain: the SDK result as is, one line with model, tokens, cost, operation chat', async () => {
      const { openai, single } = wrapped();
      server.respond({ json: COMPLETION });
      const result = await trace({ correlationId: CORRELATION }, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
      );
      expect(result).toEqual(COMPLETION);
      expect(server.requests.at(-1)?.body).toEqual({ model: 'gpt-4o-mini', messages });
      const { line, event } = single();
      expect(line).toEqual({
        ...COMPLETION_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
      });
    });

    it('tool calls: each with its id, name and argument text as sent', async () => {
      const { openai, single } = wrapped();
      const toolCalls = [
        {
          id: 'call_Vh3ZKk5PMBLXlRlLHyoLtHUs',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
        },
      ];
      server.respond({
        json: {
          ...COMPLETION,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: null, tool_calls: toolCalls },
              logprobs: null,
              finish_reason: 'tool_calls',
            },
          ],
          usage: { prompt_tokens: 80, completion_tokens: 50, total_tokens: 130 },
        },
      });
      await trace({ correlationId: CORRELATION }, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
      );
      const { line, event } = single();
      expect(line).toEqual({
        level: 30,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: 'gpt-4o-mini',
        response_model: 'gpt-4o-mini-2024-07-18',
        provider: 'openai',
        operation: 'chat',
        status: 'ok',
        input_tokens: 80,
        output_tokens: 50,
        total_tokens: 130,
        cost: 0.000042,
        cost_source: 'table',
        price_table: TABLE,
        service_tier: 'default',
        latency_ms: event.latencyMs,
        tool_calls: [
          {
            id: 'call_Vh3ZKk5PMBLXlRlLHyoLtHUs',
            name: 'get_weather',
            arguments: '{"city": "Paris"}',
          },
        ],
        msg: 'llm.call',
      });
    });

    it('stream: true with streamUsage: include_usage is asked, chunks pass unchanged, usage read', async () => {
      const { openai, single } = wrapped({ streamUsage: true });
      server.respond(sse(CHUNKS));
      const received: unknown[] = [];
      await trace({ correlationId: CORRELATION }, async () => {
        const stream = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages,
          stream: true,
        });
        expect(stream.controller).toBeInstanceOf(AbortController);
        for await (const part of stream) received.push(part);
      });
      expect(received).toEqual(CHUNKS);
      expect(server.requests.at(-1)?.body).toEqual({
        model: 'gpt-4o-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      const { line, event } = single();
      expect(line).toEqual({
        ...STREAM_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
      });
    });

    it('stream: true without streamUsage: the request as given, tokens absent (unknown, not zero)', async () => {
      const { openai, single } = wrapped();
      const request = {
        model: 'gpt-4o-mini',
        messages,
        stream: true as const,
        stream_options: { include_obfuscation: false },
      };
      server.respond(sse(CHUNKS.slice(0, 4)));
      await trace({ correlationId: CORRELATION }, async () => {
        for await (const _ of await openai.chat.completions.create(request));
      });
      expect(server.requests.at(-1)?.body).toEqual(request);
      const { line, event } = single();
      expect(line).toEqual({
        level: 30,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: 'gpt-4o-mini',
        response_model: 'gpt-4o-mini-2024-07-18',
        provider: 'openai',
        operation: 'chat',
        status: 'ok',
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
        stream: true,
        tool_calls: [],
        msg: 'llm.call',
      });
    });

    it('streamUsage leaves a request that sets include_usage itself as it is', async () => {
      const { openai } = wrapped({ streamUsage: true });
      server.respond(sse(CHUNKS.slice(0, 4)));
      const request = {
        model: 'gpt-4o-mini',
        messages,
        stream: true as const,
        stream_options: { include_usage: false },
      };
      for await (const _ of await openai.chat.completions.create(request));
      expect(server.requests.at(-1)?.body).toEqual(request);
    });

    it('the stream() helper: one line for its request, final completion read by the helper', async () => {
      const { openai, single } = wrapped({ streamUsage: true });
      server.respond(sse(CHUNKS));
      const final = await trace({ correlationId: CORRELATION }, () =>
        openai.chat.completions.stream({ model: 'gpt-4o-mini', messages }).finalChatCompletion(),
      );
      expect(final.choices[0]?.message.content).toBe('Paris.');
      expect(server.requests.at(-1)?.body).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
      });
      const { line, event } = single();
      expect(line).toEqual({
        ...STREAM_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
      });
    });

    it('parse(): the parsed output as the SDK gives it, one line', async () => {
      const { openai, single } = wrapped();
      const content = '{"city":"Paris"}';
      server.respond({
        json: {
          ...COMPLETION,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content, refusal: null },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
        },
      });
      const parsed = await trace({ correlationId: CORRELATION }, () =>
        openai.chat.completions.parse({
          model: 'gpt-4o-mini',
          messages,
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: 'city',
              strict: true,
              schema: {
                type: 'object',
                properties: { city: { type: 'string' } },
                required: ['city'],
                additionalProperties: false,
              },
            },
          },
        }),
      );
      expect(parsed.choices[0]?.message.content).toBe(content);
      const { line, event } = single();
      expect(line).toEqual({
        ...COMPLETION_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
      });
    });

    it('withResponse(): data, raw response and request id as the SDK gives them, one line', async () => {
      const { openai, single } = wrapped();
      server.respond({ json: COMPLETION, headers: { 'x-request-id': 'req_123' } });
      const { data, response, request_id } = await trace({ correlationId: CORRELATION }, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse(),
      );
      expect(data).toEqual(COMPLETION);
      expect(response.status).toBe(200);
      expect(request_id).toBe('req_123');
      const { line, event } = single();
      expect(line).toEqual({
        ...COMPLETION_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
      });
    });

    it('withResponse() on a stream: data is the stream, observed', async () => {
      const { openai, single } = wrapped({ streamUsage: true });
      server.respond(sse(CHUNKS));
      await trace({ correlationId: CORRELATION }, async () => {
        const { data } = await openai.chat.completions
          .create({ model: 'gpt-4o-mini', messages, stream: true })
          .withResponse();
        for await (const _ of data);
      });
      const { line, event } = single();
      expect(line).toEqual({
        ...STREAM_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
      });
    });

    it('asResponse(): the body is left to the caller; the line has the call but no usage', async () => {
      const { openai, single } = wrapped();
      server.respond({ json: COMPLETION });
      const response = await trace({ correlationId: CORRELATION }, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages }).asResponse(),
      );
      expect(await response.json()).toEqual(COMPLETION);
      const { line, event } = single();
      expect(line).toEqual({
        level: 30,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: 'gpt-4o-mini',
        provider: 'openai',
        operation: 'chat',
        status: 'ok',
        latency_ms: event.latencyMs,
        tool_calls: [],
        msg: 'llm.call',
      });
    });

    it('429: an error line, the SDK error rethrown as the SDK threw it', async () => {
      const { openai, single } = wrapped();
      server.respond(RATE_LIMITED);
      const error = await trace({ correlationId: CORRELATION }, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages }).then(
          () => undefined,
          (thrown: unknown) => thrown,
        ),
      );
      expect(error).toBeInstanceOf(OpenAIClass.RateLimitError);
      expect((error as InstanceType<typeof OpenAIClass.RateLimitError>).status).toBe(429);
      const { line, event } = single();
      expect(line).toEqual({
        level: 50,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: 'gpt-4o-mini',
        provider: 'openai',
        operation: 'chat',
        status: 'error',
        error: {
          type: 'RateLimitError',
          message: '429 Rate limit reached for gpt-4o-mini on tokens per min (TPM): Limit 200000.',
          status: 429,
        },
        latency_ms: event.latencyMs,
        tool_calls: [],
        msg: 'llm.call',
      });
    });

    it('500 on a stream: an error line, InternalServerError rethrown', async () => {
      const { openai, single } = wrapped();
      server.respond({
        status: 500,
        json: { error: { message: 'The server had an error.', type: 'server_error' } },
      });
      await expect(
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }),
      ).rejects.toBeInstanceOf(OpenAIClass.InternalServerError);
      const { line } = single();
      expect(line).toMatchObject({
        level: 50,
        status: 'error',
        error: {
          type: 'InternalServerError',
          message: '500 The server had an error.',
          status: 500,
        },
      });
    });

    it('an aborted stream: the consumer aborts after the first chunk, the line says cancelled', async () => {
      const { openai, single } = wrapped({ streamUsage: true });
      server.respond({ ...sse(CHUNKS), delayMs: 20 });
      const received: unknown[] = [];
      await trace({ correlationId: CORRELATION }, async () => {
        const stream = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages,
          stream: true,
        });
        for await (const part of stream) {
          received.push(part);
          stream.controller.abort();
        }
      });
      expect(received).toEqual([CHUNKS[0]]);
      const { line, event } = single();
      expect(line).toEqual({
        level: 30,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: 'gpt-4o-mini',
        response_model: 'gpt-4o-mini-2024-07-18',
        provider: 'openai',
        operation: 'chat',
        status: 'cancelled',
        latency_ms: event.latencyMs,
        stream: true,
        tool_calls: [],
        msg: 'llm.call',
      });
    });

    it('runTools(): one line per request the runner makes, chained in the trace', async () => {
      const { openai, lines, events } = wrapped();
      const toolCall = {
        id: 'call_1',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      };
      server.respond({
        json: {
          ...COMPLETION,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: null, tool_calls: [toolCall] },
              finish_reason: 'tool_calls',
            },
          ],
        },
      });
      server.respond({ json: COMPLETION });
      const content = await trace({ correlationId: CORRELATION }, () =>
        openai.chat.completions
          .runTools({
            model: 'gpt-4o-mini',
            messages,
            tools: [
              {
                type: 'function',
                function: {
                  name: 'get_weather',
                  description: 'The weather in a city',
                  parameters: { type: 'object', properties: { city: { type: 'string' } } },
                  parse: JSON.parse,
                  function: (args: { city: string }) => `sunny in ${args.city}`,
                },
              },
            ],
          })
          .finalContent(),
      );
      expect(content).toBe('Paris.');
      expect(server.requests.at(-1)?.body).toMatchObject({
        messages: [
          ...messages,
          { role: 'assistant', content: null, tool_calls: [toolCall] },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny in Paris' },
        ],
      });
      expect(lines().map((line) => [line.tool_calls, line.parent_request_id])).toEqual([
        [[{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }], undefined],
        [[], events[0]?.eventId],
      ]);
    });

    it('an OpenAI-compatible provider: the line names it', async () => {
      const { openai, single } = wrapped({ provider: 'groq' });
      server.respond({ json: { ...COMPLETION, model: 'llama-3.3-70b-versatile' } });
      await openai.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages });
      expect(single().line).toMatchObject({ provider: 'groq', model: 'llama-3.3-70b-versatile' });
    });
  });

  describe(`wrapOpenAI (${label}): Responses API and embeddings`, () => {
    it('responses.create: usage with cached and reasoning details, function calls', async () => {
      const { openai, single } = wrapped();
      server.respond({ json: RESPONSE });
      const result = await trace({ correlationId: CORRELATION }, () =>
        openai.responses.create({ model: 'gpt-4.1', input: 'Weather in Paris?' }),
      );
      expect(result.id).toBe(RESPONSE.id);
      expect(server.requests.at(-1)?.path).toBe('/v1/responses');
      const { line, event } = single();
      expect(line).toEqual({
        ...RESPONSE_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
      });
    });

    it('responses.stream(): one line, from the response.completed event', async () => {
      const { openai, single } = wrapped();
      const inProgress = { ...RESPONSE, status: 'in_progress', output: [], usage: null };
      const events = [
        { type: 'response.created', sequence_number: 0, response: inProgress },
        {
          type: 'response.output_item.added',
          sequence_number: 1,
          output_index: 0,
          item: RESPONSE.output[1],
        },
        {
          type: 'response.output_text.delta',
          sequence_number: 2,
          item_id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6',
          output_index: 0,
          content_index: 0,
          delta: 'Checking the weather.',
        },
        { type: 'response.completed', sequence_number: 3, response: RESPONSE },
      ];
      server.respond({ sse: events.map((data) => ({ event: data.type, data })) });
      const final = await trace({ correlationId: CORRELATION }, () =>
        openai.responses.stream({ model: 'gpt-4.1', input: 'Weather?' }).finalResponse(),
      );
      expect(final.id).toBe(RESPONSE.id);
      const { line, event } = single();
      expect(line).toEqual({
        ...RESPONSE_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
        stream: true,
      });
    });

    it('responses.parse(): output_parsed as the SDK gives it, one line', async () => {
      const { openai, single } = wrapped();
      const [reasoning, message, functionCall] = RESPONSE.output as [object, object, object];
      const answer = { ...message, content: [{ type: 'output_text', text: '{"city":"Paris"}' }] };
      server.respond({ json: { ...RESPONSE, output: [reasoning, answer, functionCall] } });
      const parsed = await trace({ correlationId: CORRELATION }, () =>
        openai.responses.parse({
          model: 'gpt-4.1',
          input: 'Weather?',
          text: {
            format: {
              type: 'json_schema',
              name: 'city',
              strict: true,
              schema: {
                type: 'object',
                properties: { city: { type: 'string' } },
                required: ['city'],
                additionalProperties: false,
              },
            },
          },
        }),
      );
      expect(parsed.output_parsed).toEqual({ city: 'Paris' });
      const { line, event } = single();
      expect(line).toEqual({
        ...RESPONSE_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
      });
    });

    it('embeddings.create: operation embeddings, input tokens, no output', async () => {
      const { openai, single } = wrapped();
      const embeddings = {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.0023064255, -0.009327292] }],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 8, total_tokens: 8 },
      };
      server.respond({ json: embeddings });
      const result = await trace({ correlationId: CORRELATION }, () =>
        openai.embeddings.create({
          model: 'text-embedding-3-small',
          input: 'The food was delicious',
          encoding_format: 'float',
        }),
      );
      expect(result).toEqual(embeddings);
      const { line, event } = single();
      expect(line).toEqual({
        level: 30,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: 'text-embedding-3-small',
        provider: 'openai',
        operation: 'embeddings',
        status: 'ok',
        input_tokens: 8,
        output_tokens: 0,
        total_tokens: 8,
        cost: 0.00000016,
        cost_source: 'table',
        price_table: TABLE,
        latency_ms: event.latencyMs,
        tool_calls: [],
        msg: 'llm.call',
      });
    });
  });

  withOptionsSuite({
    caller: 'wrapOpenAI',
    label,
    server: () => server,
    raw: () => raw,
    wrap: wrapOpenAI,
    call: {
      make: (openai) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
      answer: { json: COMPLETION },
      line: COMPLETION_LINE,
    },
    helper: {
      make: (openai) =>
        openai.chat.completions.stream({ model: 'gpt-4o-mini', messages }).finalChatCompletion(),
      answer: sse(CHUNKS),
      line: STREAM_LINE,
      options: { streamUsage: true },
      body: { stream: true, stream_options: { include_usage: true } },
    },
    serverError: {
      status: 500,
      headers: { 'retry-after-ms': '1' },
      json: { error: { message: 'The server had an error.', type: 'server_error' } },
    },
    errorMessage: '500 The server had an error.',
  });

  describe(`wrapOpenAI (${label}): lineage, concurrency, isolation`, () => {
    it('nested: a wrapped call inside a tracked call is its child; calls in a trace chain', async () => {
      const { openai, options, lines, events } = wrapped();
      server.respond({ json: COMPLETION });
      server.respond({ json: COMPLETION });
      server.respond({ json: COMPLETION });
      await trace({ correlationId: CORRELATION }, async () => {
        const agent = { model: 'agent', provider: 'local', onEvent: options.onEvent };
        await trackLlmCall(options.logger, agent, async () => {
          await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
          await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
          return { inputTokens: 1, outputTokens: 1 };
        });
        await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
      });
      const [first, second, agent, after] = events;
      expect(lines().map((line) => [line.model, line.parent_request_id])).toEqual([
        ['gpt-4o-mini', agent?.eventId],
        ['gpt-4o-mini', agent?.eventId],
        ['agent', undefined],
        ['gpt-4o-mini', agent?.eventId],
      ]);
      expect(new Set(events.map((event) => event.correlationId))).toEqual(new Set([CORRELATION]));
      expect([first?.eventId, second?.eventId, after?.eventId]).not.toContain(undefined);
    });

    it('200 concurrent flows through one wrapped client: each line carries its own flow', async () => {
      const { openai, lines } = wrapped();
      server.respondWith((request) => {
        const flow = Number(
          (request.body as { messages: [{ content: string }] }).messages[0].content,
        );
        return {
          json: {
            ...COMPLETION,
            usage: { prompt_tokens: flow, completion_tokens: 1, total_tokens: flow + 1 },
          },
        };
      });
      try {
        await Promise.all(
          Array.from({ length: 200 }, (_, flow) =>
            withContext({ sessionId: `s-${flow}`, userId: `u-${flow}` }, () =>
              trace({ correlationId: `c-${flow}` }, () =>
                openai.chat.completions.create({
                  model: 'gpt-4o-mini',
                  messages: [{ role: 'user', content: String(flow) }],
                }),
              ),
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
        expect([line.session_id, line.user_id, line.correlation_id]).toEqual([
          `s-${flow}`,
          `u-${flow}`,
          `c-${flow}`,
        ]);
      }
      expect(new Set(written.map((line) => line.input_tokens)).size).toBe(200);
    });

    it('the client passed in, and the SDK, stay untouched: only the wrapped one logs', async () => {
      const { openai, lines } = wrapped();
      server.respond({ json: COMPLETION });
      server.respond({ json: COMPLETION });
      await raw.chat.completions.create({ model: 'gpt-4o-mini', messages });
      const other = new OpenAIClass({
        apiKey: 'sk-test',
        baseURL: `${server.url}/v1`,
        maxRetries: 0,
      });
      await other.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(lines()).toEqual([]);
      expect(openai).toBeInstanceOf(OpenAIClass);
      expect(openai.chat).toBe(openai.chat);
      expect(openai.chat.completions.create).toBe(openai.chat.completions.create);
      expect(openai.chat).not.toBe(raw.chat);
      expect(openai.models).toBe(raw.models);
      expect(openai.baseURL).toBe(raw.baseURL);
    });

    it('a logger that throws never fails the call', async () => {
      const failing = {
        info: () => {
          throw new Error('disk full');
        },
        error: () => {
          throw new Error('disk full');
        },
      };
      const openai = wrapOpenAI(raw, { logger: failing });
      server.respond({ json: COMPLETION });
      await expect(
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
      ).resolves.toEqual(COMPLETION);
    });
  });
}
