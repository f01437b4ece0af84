// The wrapGoogleGenAI behaviour, run against one major of the real `@google/genai` SDK (2 on
// Node 20, 3 in the Node 22/24 pass) pointed at a loopback server speaking the Gemini API's REST
// shape (`/v1beta/models/<model>:generateContent`, `:streamGenerateContent?alt=sse`; v1 in 3.x).
import type { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace, trackLlmCall, withContext, wrapGoogleGenAI } from '../../src/index.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';
import { CORRELATION, recorder } from '../helpers/wrapped.js';

const TABLE = BUILT_IN_PRICES;
const MODEL = 'gemini-2.5-flash';
const VERSION = 'gemini-2.5-flash-preview-05-20';

const USAGE = {
  promptTokenCount: 1200,
  candidatesTokenCount: 40,
  totalTokenCount: 1380,
  cachedContentTokenCount: 1024,
  thoughtsTokenCount: 120,
  traffic_type: 'ON_DEMAND',
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 1200 }],
};

const RESPONSE = {
  candidates: [
    {
      content: { parts: [{ text: 'Rayleigh scattering.' }], role: 'model' },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: USAGE,
  modelVersion: VERSION,
  responseId: 'mAitaLmkHPPlz7IPvtfUqQ4',
};

/** The line of RESPONSE, but for the event id and latency: thinking counted in output. */
const RESPONSE_LINE = {
  level: 30,
  event: 'llm.call',
  event_version: 1,
  correlation_id: CORRELATION,
  model: MODEL,
  response_model: VERSION,
  provider: 'google',
  operation: 'generate_content',
  status: 'ok',
  input_tokens: 1200,
  output_tokens: 160,
  total_tokens: 1380,
  cache_read_tokens: 1024,
  reasoning_tokens: 120,
  cost: 0.00048352,
  cost_source: 'table',
  price_table: TABLE,
  tool_calls: [],
  msg: 'llm.call',
};

const FUNCTION_CALL_RESPONSE = {
  candidates: [
    {
      content: {
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { id: 'call-2', name: 'get_time', args: { tz: 'Europe/Paris' } } },
        ],
        role: 'model',
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 60, candidatesTokenCount: 12, totalTokenCount: 72 },
  modelVersion: VERSION,
};

const textChunk = (text: string, usage: object) => ({
  candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0 }],
  usageMetadata: usage,
  modelVersion: VERSION,
  responseId: 'stream-1',
});

/** A streamed answer: usage so far on each chunk, the last one complete. */
const CHUNKS = [
  textChunk('Rayleigh', { promptTokenCount: 1200, totalTokenCount: 1200 }),
  textChunk(' scattering', {
    promptTokenCount: 1200,
    candidatesTokenCount: 20,
    totalTokenCount: 1220,
  }),
  {
    ...textChunk('.', USAGE),
    candidates: [
      {
        content: { parts: [{ text: '.' }], role: 'model' },
        finishReason: 'STOP',
        index: 0,
      },
    ],
  },
];

const contents = 'Why is the sky blue?';

/** Every test of wrapGoogleGenAI, against the `GoogleGenAI` class of one SDK major. */
export function wrapGoogleGenAISuite(label: string, load: () => Promise<typeof GoogleGenAI>) {
  let server: LlmServer;
  let raw: GoogleGenAI;

  beforeAll(async () => {
    const GoogleGenAIClass = await load();
    server = await startLlmServer();
    raw = new GoogleGenAIClass({ apiKey: 'test-key', httpOptions: { baseUrl: server.url } });
  });
  afterAll(() => server.close());

  function wrapped() {
    const record = recorder();
    return { ...record, ai: wrapGoogleGenAI(raw, record.options) };
  }

  describe(`wrapGoogleGenAI (${label}): models`, () => {
    it('generateContent: usageMetadata with cached content and thoughts, model version', async () => {
      const { ai, single } = wrapped();
      server.respond({ json: RESPONSE });
      const response = await trace({ correlationId: CORRELATION }, () =>
        ai.models.generateContent({ model: MODEL, contents }),
      );
      expect(response.text).toBe('Rayleigh scattering.');
      // v1beta by default in 2.x, v1 in 3.x
      expect(server.requests.at(-1)?.path).toMatch(
        /^\/v1(beta)?\/models\/gemini-2\.5-flash:generateContent$/,
      );
      const { line, event } = single();
      expect(line).toEqual({
        ...RESPONSE_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
      });
    });

    it('function calls: name and args as JSON text, the id when the API gives one', async () => {
      const { ai, single } = wrapped();
      server.respond({ json: FUNCTION_CALL_RESPONSE });
      const response = await trace({ correlationId: CORRELATION }, () =>
        ai.models.generateContent({
          model: MODEL,
          contents: 'Weather and time in Paris?',
          config: {
            tools: [
              {
                functionDeclarations: [
                  { name: 'get_weather', parametersJsonSchema: { type: 'object' } },
                  { name: 'get_time', parametersJsonSchema: { type: 'object' } },
                ],
              },
            ],
          },
        }),
      );
      expect(response.functionCalls?.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
      const { line, event } = single();
      expect(line).toEqual({
        level: 30,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: MODEL,
        response_model: VERSION,
        provider: 'google',
        operation: 'generate_content',
        status: 'ok',
        input_tokens: 60,
        output_tokens: 12,
        total_tokens: 72,
        cost: 0.000048,
        cost_source: 'table',
        price_table: TABLE,
        latency_ms: event.latencyMs,
        tool_calls: [
          { id: '', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call-2', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' },
        ],
        msg: 'llm.call',
      });
    });

    it('generateContentStream: chunks pass through, the last usage counts, ttft', async () => {
      const { ai, single } = wrapped();
      server.respond({ sse: CHUNKS.map((data) => ({ data })) });
      const texts: unknown[] = [];
      await trace({ correlationId: CORRELATION }, async () => {
        const stream = await ai.models.generateContentStream({ model: MODEL, contents });
        for await (const chunk of stream) texts.push(chunk.text);
      });
      expect(texts).toEqual(['Rayleigh', ' scattering', '.']);
      expect(server.requests.at(-1)?.path).toMatch(
        /^\/v1(beta)?\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/,
      );
      const { line, event } = single();
      expect(line).toEqual({
        ...RESPONSE_LINE,
        event_id: event.eventId,
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
        stream: true,
      });
    });

    it('a streamed function call', async () => {
      const { ai, single } = wrapped();
      server.respond({ sse: [{ data: FUNCTION_CALL_RESPONSE }] });
      await trace({ correlationId: CORRELATION }, async () => {
        for await (const _ of await ai.models.generateContentStream({ model: MODEL, contents }));
      });
      expect(single().line).toMatchObject({
        stream: true,
        tool_calls: [
          { id: '', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call-2', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' },
        ],
      });
    });

    it('a stream the consumer leaves after the first chunk: cancelled', async () => {
      const { ai, single } = wrapped();
      server.respond({ sse: CHUNKS.map((data) => ({ data })), delayMs: 20 });
      await trace({ correlationId: CORRELATION }, async () => {
        for await (const _ of await ai.models.generateContentStream({ model: MODEL, contents }))
          break;
      });
      const { line, event } = single();
      expect(line).toEqual({
        level: 30,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: MODEL,
        response_model: VERSION,
        provider: 'google',
        operation: 'generate_content',
        status: 'cancelled',
        input_tokens: 1200,
        total_tokens: 1200,
        latency_ms: event.latencyMs,
        ttft_ms: event.ttftMs,
        stream: true,
        tool_calls: [],
        msg: 'llm.call',
      });
    });

    it('429: an error line with the status, the ApiError rethrown as it is', async () => {
      const { ai, single } = wrapped();
      const body = {
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota).',
          status: 'RESOURCE_EXHAUSTED',
        },
      };
      server.respond({ status: 429, json: body });
      const error = await trace({ correlationId: CORRELATION }, () =>
        ai.models.generateContent({ model: MODEL, contents }).then(
          () => undefined,
          (thrown: unknown) => thrown,
        ),
      );
      expect(error).toMatchObject({ name: 'ApiError', status: 429 });
      const { line, event } = single();
      expect(line).toEqual({
        level: 50,
        event: 'llm.call',
        event_version: 1,
        event_id: event.eventId,
        correlation_id: CORRELATION,
        model: MODEL,
        provider: 'google',
        operation: 'generate_content',
        status: 'error',
        error: { type: 'ApiError', message: (error as Error).message, status: 429 },
        latency_ms: event.latencyMs,
        tool_calls: [],
        msg: 'llm.call',
      });
      expect((error as Error).message).toContain('Resource has been exhausted');
    });

    it('500 on a stream: an error line, the ApiError rethrown', async () => {
      const { ai, single } = wrapped();
      server.respond({
        status: 500,
        json: { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } },
      });
      await expect(
        ai.models.generateContentStream({ model: MODEL, contents }),
      ).rejects.toMatchObject({
        name: 'ApiError',
        status: 500,
      });
      expect(single().line).toMatchObject({
        level: 50,
        status: 'error',
        error: { type: 'ApiError', status: 500 },
      });
    });

    it('chats: each sendMessage and sendMessageStream is a call, through the wrapped models', async () => {
      const { ai, lines } = wrapped();
      server.respond({ json: RESPONSE });
      server.respond({ sse: CHUNKS.map((data) => ({ data })) });
      await trace({ correlationId: CORRELATION }, async () => {
        const chat = ai.chats.create({ model: MODEL });
        await chat.sendMessage({ message: 'Why is the sky blue?' });
        for await (const _ of await chat.sendMessageStream({ message: 'And sunsets red?' }));
      });
      const written = lines();
      expect(written).toHaveLength(2);
      expect(written[1]?.parent_request_id).toBe(written[0]?.event_id);
      expect(written.map((line) => [line.model, line.input_tokens, line.stream])).toEqual([
        [MODEL, 1200, undefined],
        [MODEL, 1200, true],
      ]);
    });
  });

  describe(`wrapGoogleGenAI (${label}): lineage and concurrency`, () => {
    it('nested: a call inside a tracked step is its child', async () => {
      const { ai, options, lines, events } = wrapped();
      server.respond({ json: RESPONSE });
      await trace({ correlationId: CORRELATION }, () =>
        trackLlmCall(
          options.logger,
          { model: 'router', provider: 'local', onEvent: options.onEvent },
          () => ai.models.generateContent({ model: MODEL, contents }),
        ),
      );
      expect(lines().map((line) => [line.model, line.parent_request_id])).toEqual([
        [MODEL, events.at(-1)?.eventId],
        ['router', undefined],
      ]);
    });

    it('200 concurrent flows: each line carries its own flow', async () => {
      const { ai, lines } = wrapped();
      server.respondWith((request) => {
        const flow = Number(
          (request.body as { contents: [{ parts: [{ text: string }] }] }).contents[0].parts[0].text,
        );
        return {
          json: { ...RESPONSE, usageMetadata: { promptTokenCount: flow, candidatesTokenCount: 1 } },
        };
      });
      try {
        await Promise.all(
          Array.from({ length: 200 }, (_, flow) =>
            withContext({ sessionId: `s-${flow}`, tags: { flow: String(flow) } }, () =>
              ai.models.generateContent({ model: MODEL, contents: String(flow) }),
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
        expect([line.session_id, line.tags]).toEqual([`s-${flow}`, { flow: String(flow) }]);
      }
      expect(new Set(written.map((line) => line.input_tokens)).size).toBe(200);
    });
  });
}
