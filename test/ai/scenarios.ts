// The middleware's scenarios, run against one `ai` major and its OpenAI-compatible provider on a
// loopback server: `ai` 6 in the Node 20 suite, `ai` 7 on Node >= 22 (middleware.v7.test.ts).
import type * as OpenAICompatible from '@ai-sdk/openai-compatible';
import type * as Ai from 'ai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { leanllmMiddleware } from '../../src/ai/index.js';
import {
  ContextValidationError,
  type LlmEvent,
  trace,
  trackLlmCall,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';
import { CORRELATION } from '../helpers/tracked.js';
import {
  checkConcurrentFlows,
  lineOf,
  logged as loggedBy,
  USAGE_FIELDS,
  unansweredLineOf,
} from '../integrations/logged.js';
import {
  MODEL,
  rateLimited,
  serverError,
  streamed,
  TABLE,
  text,
  toolCall,
  WEATHER_CALL,
} from '../integrations/openai-fixtures.js';

/** The two packages a scenario needs, as one `ai` major ships them. */
export interface AiSdk {
  readonly ai: typeof Ai;
  readonly createOpenAICompatible: typeof OpenAICompatible.createOpenAICompatible;
}

/** The middleware over a capture logger, its events and its lines. */
const logged = () => {
  const { integration: middleware, ...rest } = loggedBy((options) => leanllmMiddleware(options));
  return { middleware, ...rest };
};

export function middlewareScenarios(load: () => Promise<AiSdk>): void {
  let server: LlmServer;
  let sdk: AiSdk;

  beforeAll(async () => {
    [server, sdk] = await Promise.all([startLlmServer(), load()]);
  });
  afterAll(() => server?.close());

  function modelWith(middleware: ReturnType<typeof leanllmMiddleware>) {
    const provider = sdk.createOpenAICompatible({
      name: 'openai',
      baseURL: `${server.url}/v1`,
      apiKey: 'sk-test',
      includeUsage: true,
      supportsStructuredOutputs: true,
    });
    return sdk.ai.wrapLanguageModel({ model: provider.chatModel(MODEL), middleware });
  }

  const weather = () =>
    sdk.ai.tool({
      description: 'The weather in a city',
      inputSchema: sdk.ai.jsonSchema<{ city: string }>({
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      }),
      execute: async ({ city }) => ({ city, sky: 'sunny' }),
    });

  it('generateText: one line, field by field, with the context of the caller', async () => {
    const { middleware, events, lines } = logged();
    server.respond(text('Paris.'));
    const result = await withContext({ userId: 'u-42', feature: 'qa' }, () =>
      trace({ correlationId: CORRELATION }, () =>
        sdk.ai.generateText({ model: modelWith(middleware), prompt: 'Capital of France?' }),
      ),
    );
    expect(result.text).toBe('Paris.');
    const [event] = events as [LlmEvent];
    expect(lines()).toEqual([
      {
        ...lineOf(event),
        correlation_id: CORRELATION,
        ...USAGE_FIELDS,
        tool_calls: [],
        user_id: 'u-42',
        feature: 'qa',
      },
    ]);
  });

  it('streamText: one line when the stream ends, with the time to the first token', async () => {
    const { middleware, events, lines } = logged();
    server.respond(streamed(['Pa', 'ris', '.']));
    const result = sdk.ai.streamText({ model: modelWith(middleware), prompt: 'Capital?' });
    let answer = '';
    for await (const part of result.textStream) answer += part;
    expect(answer).toBe('Paris.');
    const [event] = events as [LlmEvent];
    expect(event.ttftMs).toBeGreaterThanOrEqual(0);
    expect(event.ttftMs).toBeLessThanOrEqual(event.latencyMs);
    expect(lines()).toEqual([
      {
        ...lineOf(event),
        ...USAGE_FIELDS,
        ttft_ms: event.ttftMs,
        stream: true,
        tool_calls: [],
      },
    ]);
  });

  it('a multi-step tool loop in trace(): one line per step, the second chained to the first', async () => {
    const { middleware, events, lines } = logged();
    server.respond(toolCall());
    server.respond(text('Sunny in Paris.'));
    const result = await trace({ correlationId: CORRELATION }, () =>
      sdk.ai.generateText({
        model: modelWith(middleware),
        prompt: 'Weather in Paris?',
        tools: { get_weather: weather() },
        stopWhen: sdk.ai.stepCountIs(3),
      }),
    );
    expect(result.text).toBe('Sunny in Paris.');
    expect(result.steps).toHaveLength(2);
    const [first, second] = events as [LlmEvent, LlmEvent];
    expect(lines()).toEqual([
      {
        ...lineOf(first),
        input_tokens: 80,
        output_tokens: 20,
        total_tokens: 100,
        cache_read_tokens: 0,
        reasoning_tokens: 0,
        cost: 0.000024,
        cost_source: 'table',
        price_table: TABLE,
        tool_calls: [WEATHER_CALL],
      },
      {
        ...lineOf(second),
        parent_request_id: first.eventId,
        ...USAGE_FIELDS,
        tool_calls: [],
      },
    ]);
    expect([first.correlationId, second.correlationId]).toEqual([CORRELATION, CORRELATION]);
  });

  it('inside a tracked call, every step is a child of that call', async () => {
    const { middleware, events, lines } = logged();
    server.respond(toolCall());
    server.respond(text('Sunny.'));
    const outer = capture();
    let outerEvent: LlmEvent | undefined;
    await trace({ correlationId: CORRELATION }, () =>
      trackLlmCall(
        outer.logger,
        {
          model: 'planner',
          provider: 'internal',
          onEvent: (e) => {
            outerEvent = e;
          },
        },
        () =>
          sdk.ai.generateText({
            model: modelWith(middleware),
            prompt: 'Weather?',
            tools: { get_weather: weather() },
            stopWhen: sdk.ai.stepCountIs(3),
          }),
      ),
    );
    const parents = lines().map((line) => line.parent_request_id);
    expect(parents).toEqual([outerEvent?.eventId, outerEvent?.eventId]);
    expect(events.map((e) => e.correlationId)).toEqual([CORRELATION, CORRELATION]);
  });

  it('generateObject: the structured output call is one line', async () => {
    const { middleware, events, lines } = logged();
    server.respond(text('{"city":"Paris","country":"France"}'));
    const { object } = await sdk.ai.generateObject({
      model: modelWith(middleware),
      schema: sdk.ai.jsonSchema<{ city: string; country: string }>({
        type: 'object',
        properties: { city: { type: 'string' }, country: { type: 'string' } },
        required: ['city', 'country'],
      }),
      prompt: 'Where is the Eiffel tower?',
    });
    expect(object).toEqual({ city: 'Paris', country: 'France' });
    const [event] = events as [LlmEvent];
    expect(lines()).toEqual([{ ...lineOf(event), ...USAGE_FIELDS, tool_calls: [] }]);
  });

  it('streamObject: the streamed structured output is one line, when the stream ends', async () => {
    const { middleware, events, lines } = logged();
    server.respond(streamed(['{"city":', '"Paris"}']));
    const result = sdk.ai.streamObject({
      model: modelWith(middleware),
      schema: sdk.ai.jsonSchema<{ city: string }>({
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      }),
      prompt: 'Where is the Eiffel tower?',
    });
    const partials: unknown[] = [];
    for await (const partial of result.partialObjectStream) partials.push(partial);
    expect(partials.at(-1)).toEqual({ city: 'Paris' });
    const [event] = events as [LlmEvent];
    expect(lines()).toEqual([
      { ...lineOf(event), ...USAGE_FIELDS, ttft_ms: event.ttftMs, stream: true, tool_calls: [] },
    ]);
  });

  it.each([
    [429, rateLimited(), 'Rate limit reached for gpt-4o-mini'],
    [500, serverError(), 'The server had an error processing your request.'],
  ])(
    'a %i: an error line with the status, and the same error thrown',
    async (status, answer, message) => {
      const { middleware, events, lines } = logged();
      server.respond(answer);
      const thrown = await sdk.ai
        .generateText({ model: modelWith(middleware), prompt: 'Hi', maxRetries: 0 })
        .catch((error: unknown) => error);
      expect(thrown).toMatchObject({ name: 'AI_APICallError', statusCode: status, message });
      const [event] = events as [LlmEvent];
      expect(lines()).toEqual([
        {
          ...unansweredLineOf(event),
          level: 50,
          status: 'error',
          error: { type: 'AI_APICallError', message, status },
          tool_calls: [],
        },
      ]);
    },
  );

  it('a stream the caller aborts: one cancelled line (not an error), with what arrived', async () => {
    const { middleware, events, lines } = logged();
    server.respond(streamed(['Once upon'], true));
    const controller = new AbortController();
    const errors: unknown[] = [];
    const result = sdk.ai.streamText({
      model: modelWith(middleware),
      prompt: 'A long story',
      abortSignal: controller.signal,
      onError: ({ error }) => void errors.push(error),
    });
    const received: string[] = [];
    for await (const part of result.textStream) {
      received.push(part);
      controller.abort();
    }
    expect(received).toEqual(['Once upon']);
    await expect.poll(() => events.length).toBe(1);
    const [event] = events as [LlmEvent];
    expect(lines()).toEqual([
      {
        ...lineOf(event),
        status: 'cancelled',
        ttft_ms: event.ttftMs,
        stream: true,
        tool_calls: [],
      },
    ]);
  });

  it('a stream that fails midway (no finish from the provider): an error line', async () => {
    const { middleware, events, lines } = logged();
    const { sse } = streamed(['Half an answer'], true) as { sse: [] };
    server.respond({ sse: [...sse, { data: '[DONE]' }] });
    const result = sdk.ai.streamText({
      model: modelWith(middleware),
      prompt: 'Hi',
      onError: () => undefined,
    });
    for await (const _ of result.textStream);
    const [event] = events as [LlmEvent];
    expect(lines()).toEqual([
      {
        ...lineOf(event),
        level: 50,
        status: 'error',
        error: {
          type: 'AI_InvalidResponseDataError',
          message: 'Response stream ended without a finish reason.',
        },
        ttft_ms: event.ttftMs,
        stream: true,
        tool_calls: [],
      },
    ]);
  });

  it('200 concurrent flows through one wrapped model: each line carries its own flow context', async () => {
    const { middleware, lines } = logged();
    const model = modelWith(middleware);
    for (let i = 0; i < 200; i++) server.respond(text('ok'));
    await checkConcurrentFlows(
      (i) => sdk.ai.generateText({ model, prompt: `question ${i}` }),
      lines,
    );
  });
}

/** The middleware's options are checked when it is made: one error class, naming the option. */
export function optionScenarios(): void {
  it.each([
    [undefined, 'leanllmMiddleware: options must be an object, got undefined'],
    [{}, 'leanllmMiddleware: logger is required'],
    [
      { logger: console, loger: 1 },
      'leanllmMiddleware: options has an unknown key "loger": did you mean "logger"?',
    ],
    [
      { logger: { info() {} } },
      'leanllmMiddleware: logger must be a pino logger (with info and error methods), got an object',
    ],
    [
      { logger: console, provider: '' },
      'leanllmMiddleware: provider must be a string of 1-256 characters without control characters, got string ""',
    ],
  ])('%j is refused with a message naming the option', (options, message) => {
    const thrown = (() => {
      try {
        leanllmMiddleware(options as never);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ContextValidationError);
    expect((thrown as Error).message).toBe(message);
  });
}
