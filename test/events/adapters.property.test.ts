import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLangChainResult } from '../../src/events/adapters/langchain.js';
import { readResponse } from '../../src/events/adapters/read-response.js';
import { streamReader } from '../../src/events/adapters/read-stream.js';
import type { ResponseFacts } from '../../src/events/adapters/response-facts.js';
import { type LlmEvent, LlmEventSchema, trackLlmCall } from '../../src/index.js';
import { capture } from '../helpers/capture.js';

const COUNT_KEYS = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'reasoningTokens',
] as const;

function expectSane(reading: ResponseFacts): void {
  for (const key of COUNT_KEYS) {
    const value = reading[key];
    if (value !== undefined) expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
  }
  for (const call of reading.toolCalls ?? []) {
    expect([typeof call.id, typeof call.name, typeof call.arguments]).toEqual([
      'string',
      'string',
      'string',
    ]);
  }
}

/** Anything a provider might send where a count is expected. */
const junk = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);

/** A Google `GenerateContentResponse`, with junk in any field. */
const googleResponse = fc.record({
  candidates: fc.oneof(
    junk,
    fc.array(
      fc.record({
        content: fc.oneof(
          junk,
          fc.record({
            parts: fc.oneof(
              junk,
              fc.array(
                fc.record({
                  text: junk,
                  thought: junk,
                  functionCall: fc.oneof(
                    junk,
                    fc.record({ id: junk, name: junk, args: fc.anything() }),
                  ),
                }),
              ),
            ),
          }),
        ),
      }),
    ),
  ),
  usageMetadata: fc.oneof(
    junk,
    fc.record({
      promptTokenCount: junk,
      candidatesTokenCount: junk,
      totalTokenCount: junk,
      cachedContentTokenCount: junk,
      thoughtsTokenCount: junk,
      toolUsePromptTokenCount: junk,
    }),
  ),
  modelVersion: junk,
});

/** Responses of every supported shape, with junk in any field. */
const shapedResponse = fc.oneof(
  fc.record({
    object: fc.constant('chat.completion'),
    model: junk,
    choices: fc.oneof(
      junk,
      fc.array(
        fc.record({
          message: fc.record({
            tool_calls: fc.oneof(
              junk,
              fc.array(
                fc.record({ id: junk, function: fc.record({ name: junk, arguments: junk }) }),
              ),
            ),
          }),
        }),
      ),
    ),
    usage: fc.oneof(
      junk,
      fc.record({
        prompt_tokens: junk,
        completion_tokens: junk,
        total_tokens: junk,
        prompt_tokens_details: fc.oneof(junk, fc.record({ cached_tokens: junk })),
        cost: junk,
      }),
    ),
  }),
  fc.record({
    object: fc.constant('response'),
    output: fc.oneof(
      junk,
      fc.array(
        fc.record({
          type: fc.constantFrom('function_call', 'message', 'custom_tool_call'),
          call_id: junk,
          name: junk,
          arguments: junk,
          input: junk,
          content: junk,
        }),
      ),
    ),
    usage: fc.oneof(
      junk,
      fc.record({ input_tokens: junk, output_tokens: junk, input_tokens_details: junk }),
    ),
  }),
  fc.record({
    type: fc.constant('message'),
    content: fc.array(
      fc.record({
        type: fc.constantFrom('text', 'tool_use'),
        id: junk,
        name: junk,
        input: fc.anything(),
        text: junk,
      }),
    ),
    usage: fc.oneof(
      junk,
      fc.record({
        input_tokens: junk,
        output_tokens: junk,
        cache_read_input_tokens: junk,
        cache_creation_input_tokens: junk,
      }),
    ),
  }),
  fc.record({
    object: fc.constant('list'),
    data: fc.oneof(junk, fc.array(fc.record({ object: fc.constant('embedding') }))),
    model: junk,
    usage: fc.oneof(junk, fc.record({ prompt_tokens: junk, total_tokens: junk, cost: junk })),
  }),
  googleResponse,
  fc.record({ inputTokens: junk, outputTokens: junk, usage: junk }),
  fc.record({
    content: fc.oneof(
      junk,
      fc.array(
        fc.record({
          type: fc.constantFrom('text', 'tool-call', 'reasoning'),
          text: junk,
          toolCallId: junk,
          toolName: junk,
          input: junk,
        }),
      ),
    ),
    finishReason: junk,
    usage: fc.oneof(
      junk,
      fc.record({
        inputTokens: fc.oneof(
          junk,
          fc.record({ total: junk, noCache: junk, cacheRead: junk, cacheWrite: junk }),
        ),
        outputTokens: fc.oneof(junk, fc.record({ total: junk, text: junk, reasoning: junk })),
        raw: fc.oneof(junk, fc.record({ cost: junk })),
      }),
    ),
    response: fc.oneof(junk, fc.record({ modelId: junk })),
  }),
);

const streamChunk = fc.oneof(
  fc.anything(),
  googleResponse,
  fc.record({
    type: fc.constantFrom(
      'stream-start',
      'response-metadata',
      'text-delta',
      'tool-input-delta',
      'tool-call',
      'finish',
      'error',
    ),
    modelId: junk,
    delta: junk,
    toolCallId: junk,
    toolName: junk,
    input: junk,
    usage: fc.oneof(
      junk,
      fc.record({ inputTokens: fc.record({ total: junk }), outputTokens: junk }),
    ),
    error: fc.anything(),
  }),
  fc.record({
    object: fc.constant('chat.completion.chunk'),
    choices: fc.oneof(
      junk,
      fc.array(
        fc.record({
          index: junk,
          delta: fc.record({
            content: junk,
            tool_calls: fc.oneof(
              junk,
              fc.array(
                fc.record({
                  index: junk,
                  id: junk,
                  function: fc.record({ name: junk, arguments: junk }),
                }),
              ),
            ),
          }),
        }),
      ),
    ),
    usage: junk,
  }),
  fc.record({
    type: fc.constantFrom(
      'message_start',
      'message_delta',
      'content_block_start',
      'content_block_delta',
    ),
    index: junk,
    message: fc.record({ usage: junk, model: junk }),
    usage: junk,
    delta: fc.record({
      type: fc.constantFrom('text_delta', 'input_json_delta'),
      partial_json: junk,
      text: junk,
    }),
    content_block: fc.record({
      type: fc.constant('tool_use'),
      id: junk,
      name: junk,
      input: fc.anything(),
    }),
  }),
  fc.record({
    type: fc.constantFrom('response.created', 'response.output_text.delta', 'response.completed'),
    response: fc.oneof(
      junk,
      fc.record({ object: fc.constant('response'), usage: junk, output: junk, model: junk }),
    ),
  }),
);

describe('reading provider data (untrusted input)', () => {
  it('readResponse never throws and yields only valid counts and string tool calls', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), shapedResponse), fc.boolean(), (value, captureText) => {
        expectSane(readResponse(value, captureText));
      }),
      { numRuns: 2000 },
    );
  });

  it('readLangChainResult never throws and yields only valid counts and string tool calls', () => {
    const message = fc.record({
      usage_metadata: fc.oneof(
        junk,
        fc.record({
          input_tokens: junk,
          output_tokens: junk,
          input_token_details: fc.oneof(junk, fc.record({ cache_read: junk })),
        }),
      ),
      tool_calls: fc.oneof(
        junk,
        fc.array(fc.record({ id: junk, name: junk, args: fc.anything() })),
      ),
      additional_kwargs: fc.oneof(junk, fc.record({ tool_calls: fc.anything() })),
      response_metadata: junk,
    });
    const result = fc.record({
      generations: fc.oneof(junk, fc.array(fc.array(fc.record({ text: junk, message })))),
      llmOutput: fc.oneof(junk, fc.record({ tokenUsage: junk })),
    });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), result), fc.boolean(), (value, captureText) => {
        expectSane(readLangChainResult(value, captureText));
      }),
      { numRuns: 1000 },
    );
  });

  it('stream readers never throw, whatever the chunks, in any order', () => {
    fc.assert(
      fc.property(fc.array(streamChunk, { maxLength: 12 }), fc.boolean(), (chunks, captureText) => {
        const reader = streamReader(captureText);
        for (const chunk of chunks) expect(typeof reader.read(chunk)).toBe('boolean');
        expectSane(reader.result());
      }),
      { numRuns: 1000 },
    );
  });

  it('trackLlmCall writes exactly one valid line for any response or stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.anything(), shapedResponse),
        fc.option(fc.array(streamChunk, { maxLength: 6 }), { nil: undefined }),
        async (response, chunks) => {
          const { logger, lines } = capture();
          let event: LlmEvent | undefined;
          const options = {
            model: 'gpt-4o',
            provider: 'openai',
            onEvent: (e: LlmEvent) => {
              event = e;
            },
          };
          if (chunks === undefined) {
            await expect(trackLlmCall(logger, options, () => response)).resolves.toBe(response);
          } else {
            const stream = await trackLlmCall(logger, options, async function* () {
              yield* chunks;
            });
            const seen: unknown[] = [];
            for await (const chunk of stream) seen.push(chunk);
            expect(seen).toEqual(chunks);
          }
          expect(lines()).toHaveLength(1);
          expect(LlmEventSchema.safeParse(event).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('token partition (Anthropic cache tokens outside input_tokens, OpenAI inside)', () => {
  it('normalizes both to the same counts and the same cost', () => {
    const count = fc.integer({ min: 0, max: 5_000_000 });
    fc.assert(
      fc.property(count, count, count, count, (uncached, cacheRead, cacheWrite, output) => {
        const anthropic = readResponse(
          {
            type: 'message',
            content: [],
            usage: {
              input_tokens: uncached,
              cache_read_input_tokens: cacheRead,
              cache_creation_input_tokens: cacheWrite,
              output_tokens: output,
            },
          },
          false,
        );
        const openai = readResponse(
          {
            object: 'chat.completion',
            choices: [],
            usage: {
              prompt_tokens: uncached + cacheRead,
              completion_tokens: output,
              prompt_tokens_details: { cached_tokens: cacheRead },
            },
          },
          false,
        );
        expect(anthropic.inputTokens).toBe(uncached + cacheRead + cacheWrite);
        expect(anthropic.cacheReadTokens).toBe(cacheRead);
        expect(anthropic.cacheWriteTokens).toBe(cacheWrite);
        expect(openai.inputTokens).toBe(uncached + cacheRead);
        expect(openai.cacheReadTokens).toBe(cacheRead);
      }),
    );
  });
});
