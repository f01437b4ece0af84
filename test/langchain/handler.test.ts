import { AIMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { FakeListChatModel, FakeStreamingLLM } from '@langchain/core/utils/testing';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LlmEvent, trace, trackLlmCall, withContext } from '../../src/index.js';
import { LeanLLMCallbackHandler } from '../../src/langchain/index.js';
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

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer();
});
afterAll(() => server.close());

/** A handler over a capture logger, its events and its lines. */
const logged = () => {
  const { integration: handler, ...rest } = loggedBy(
    (options) => new LeanLLMCallbackHandler(options),
  );
  return { handler, ...rest };
};

/** A real `ChatOpenAI` on the loopback server, logged by `handler`. */
const chat = (handler: LeanLLMCallbackHandler) =>
  new ChatOpenAI({
    model: MODEL,
    apiKey: 'sk-test',
    configuration: { baseURL: `${server.url}/v1` },
    maxRetries: 0,
    callbacks: [handler],
  });

describe('LeanLLMCallbackHandler with @langchain/openai ChatOpenAI on a loopback server', () => {
  it('invoke: one line, field by field, with the context of the caller', async () => {
    const { handler, events, lines } = logged();
    server.respond(text('Paris.'));
    const answer = await withContext({ userId: 'u-42', feature: 'qa' }, () =>
      trace({ correlationId: CORRELATION }, () => chat(handler).invoke('Capital of France?')),
    );
    expect(answer.content).toBe('Paris.');
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

  it('stream: one line at the end, usage from the last chunk, time to the first token', async () => {
    const { handler, events, lines } = logged();
    server.respond(streamed(['Pa', 'ris', '.']));
    let answer = '';
    for await (const chunk of await chat(handler).stream('Capital?')) answer += chunk.content;
    expect(answer).toBe('Paris.');
    const [event] = events as [LlmEvent];
    expect(event.ttftMs).toBeLessThanOrEqual(event.latencyMs);
    expect(lines()).toEqual([
      { ...lineOf(event), ...USAGE_FIELDS, ttft_ms: event.ttftMs, stream: true, tool_calls: [] },
    ]);
  });

  it('tool calls: each with its id, name and the argument text the provider sent', async () => {
    const { handler, events, lines } = logged();
    server.respond(toolCall());
    const weather = tool(async ({ city }: { city: string }) => `sunny in ${city}`, {
      name: 'get_weather',
      description: 'The weather in a city',
      schema: z.object({ city: z.string() }),
    });
    const reply = await chat(handler).bindTools([weather]).invoke('Weather in Paris?');
    expect(reply.tool_calls).toEqual([
      { id: WEATHER_CALL.id, name: 'get_weather', args: { city: 'Paris' }, type: 'tool_call' },
    ]);
    const [event] = events as [LlmEvent];
    expect(lines()).toEqual([
      {
        ...lineOf(event),
        input_tokens: 80,
        output_tokens: 20,
        total_tokens: 100,
        cost: 0.000024,
        cost_source: 'table',
        price_table: TABLE,
        tool_calls: [WEATHER_CALL],
      },
    ]);
  });

  it.each([
    [429, rateLimited(), 'RateLimitCapacityError', '429 Rate limit reached for gpt-4o-mini'],
    [
      500,
      serverError(),
      'InternalServerError',
      '500 The server had an error processing your request.',
    ],
  ])(
    'a %i: an error line with the status, and the same error thrown',
    async (status, answer, type, message) => {
      const { handler, events, lines } = logged();
      server.respond(answer);
      const thrown = await chat(handler)
        .invoke('Hi')
        .catch((error: unknown) => error);
      expect(thrown).toMatchObject({ status });
      const [event] = events as [LlmEvent];
      const [line] = lines() as [Record<string, unknown>];
      expect(line).toEqual({
        ...unansweredLineOf(event),
        level: 50,
        status: 'error',
        error: { type, message: (thrown as Error).message, status },
        tool_calls: [],
      });
      expect((line.error as { message: string }).message.startsWith(message)).toBe(true);
    },
  );

  it('a stream the caller aborts: one cancelled line, not an error (LangChain reports no end: the signal does)', async () => {
    const { handler, events, lines } = logged();
    server.respond(streamed(['Once upon'], true));
    const controller = new AbortController();
    const received: unknown[] = [];
    const stopped = await (async () => {
      for await (const chunk of await chat(handler).stream('A long story', {
        signal: controller.signal,
      })) {
        received.push(chunk.content);
        // LangChain tells its handlers of a token once the stream pulls the next chunk
        await new Promise((resolve) => setTimeout(resolve, 20));
        controller.abort();
      }
    })().catch((error: unknown) => error);
    expect(stopped).toMatchObject({ name: 'AbortError' });
    expect(received).toEqual(['Once upon']);
    const [event] = events as [LlmEvent];
    // nothing said yet which model answered: the end LangChain never reported would have
    expect(lines()).toEqual([
      {
        ...unansweredLineOf(event),
        status: 'cancelled',
        ttft_ms: event.ttftMs,
        stream: true,
        tool_calls: [],
      },
    ]);
  });

  it('a chain: its model calls share one correlation and chain one after the other; the chain writes no line', async () => {
    const { handler, events, lines } = logged();
    server.respond(toolCall());
    server.respond(text('A summary.'));
    server.respond(text('Sunny in Paris.'));
    const model = chat(handler);
    const summarize = tool(
      async ({ city }: { city: string }, config) =>
        (await model.invoke(`Summarize the weather of ${city}`, config)).content,
      {
        name: 'get_weather',
        schema: z.object({ city: z.string() }),
      },
    );
    const agent = RunnableLambda.from(async (question: string, config) => {
      const ask = await model.bindTools([summarize]).invoke(question, config);
      const call = ask.tool_calls?.[0];
      const observation = await summarize.invoke({ city: String(call?.args.city) }, config);
      return model.invoke(`${question} ${observation}`, config);
    });
    const answer = await agent.invoke('Weather in Paris?', { callbacks: [handler] });
    expect(answer.content).toBe('Sunny in Paris.');
    const [ask, inner, final] = events as [LlmEvent, LlmEvent, LlmEvent];
    expect(lines().map((line) => [line.event_id, line.parent_request_id])).toEqual([
      [ask.eventId, undefined],
      [inner.eventId, ask.eventId],
      [final.eventId, inner.eventId],
    ]);
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);
  });

  it('a chain inside a tracked call and a trace: its first model call is the child of that call', async () => {
    const { handler, events, lines } = logged();
    server.respond(text('one'));
    server.respond(text('two'));
    const model = chat(handler);
    const chain = RunnableLambda.from(async (question: string, config) => {
      await model.invoke(question, config);
      return model.invoke('again', config);
    });
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
        () => chain.invoke('q', { callbacks: [handler] }),
      ),
    );
    const [first] = events as [LlmEvent];
    expect(lines().map((line) => [line.correlation_id, line.parent_request_id])).toEqual([
      [CORRELATION, outerEvent?.eventId],
      [CORRELATION, first.eventId],
    ]);
  });

  it('200 concurrent flows through one handler: each line carries its own flow context', async () => {
    const { handler, lines } = logged();
    const model = chat(handler);
    for (let i = 0; i < 200; i++) server.respond(text('ok'));
    await checkConcurrentFlows((i) => model.invoke(`question ${i}`), lines);
  });
});

describe("LeanLLMCallbackHandler with LangChain's fake models (in addition)", () => {
  it('a text LLM run is a "completion" call; its streamed tokens make it a stream', async () => {
    const { handler, events, lines } = logged();
    const llm = new FakeStreamingLLM({ responses: ['fake answer'] });
    let answer = '';
    for await (const token of await llm.stream('p', { callbacks: [handler] })) answer += token;
    expect(answer).toBe('fake answer');
    const [event] = events as [LlmEvent];
    expect(lines()).toEqual([
      {
        level: 30,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: event.correlationId,
        model: 'FakeStreamingLLM',
        // the model names no provider (`ls_provider`)
        provider: 'langchain',
        operation: 'completion',
        status: 'ok',
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
        stream: true,
        tool_calls: [],
        msg: 'llm.call',
      },
    ]);
  });

  it('usage metadata with cache writes and reasoning tokens', async () => {
    const { handler, lines } = logged();
    const model = new FakeListChatModel({ responses: ['unused'] });
    // A chat model whose message reports the detailed usage LangChain defines.
    model._generate = async () => ({
      generations: [
        {
          text: 'done',
          message: new AIMessage({
            content: 'done',
            usage_metadata: {
              input_tokens: 3000,
              output_tokens: 500,
              total_tokens: 3500,
              input_token_details: { cache_read: 2000, cache_creation: 600 },
              output_token_details: { reasoning: 320 },
            },
            response_metadata: { model_name: 'claude-sonnet-4-5-20250929' },
          }),
        },
      ],
    });
    await model.invoke('p', { callbacks: [handler] });
    expect(lines()[0]).toMatchObject({
      model: 'FakeListChatModel',
      response_model: 'claude-sonnet-4-5-20250929',
      input_tokens: 3000,
      output_tokens: 500,
      total_tokens: 3500,
      cache_read_tokens: 2000,
      cache_write_tokens: 600,
      reasoning_tokens: 320,
    });
  });
});

describe('LeanLLMCallbackHandler options', () => {
  it.each([
    [{}, 'LeanLLMCallbackHandler: logger is required'],
    [
      { logger: console, operation: 7 },
      'LeanLLMCallbackHandler: operation must be a string of 1-256 characters without control characters, got number 7',
    ],
  ])('%j is refused with a message naming the option', (options, message) => {
    expect(() => new LeanLLMCallbackHandler(options as never)).toThrow(
      expect.objectContaining({ name: 'ContextValidationError', message }),
    );
  });
});
