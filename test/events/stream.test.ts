import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Stream } from 'openai/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextMixin, type LlmEvent, trace, trackLlmCall, withContext } from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';

let server: LlmServer;
let openai: OpenAI;

beforeAll(async () => {
  server = await startLlmServer();
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

const call = { model: 'gpt-4o-mini', provider: 'openai' } as const;

const chunk = (content: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1731900000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
  usage: null,
});
const usageChunk = {
  ...chunk(''),
  choices: [],
  usage: { prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 },
};
const FIVE_CHUNKS = ['one', ' two', ' three', ' four', ' five'].map(chunk);

function serveChatStream(chunks: object[] = [...FIVE_CHUNKS, usageChunk]) {
  server.respond({ sse: [...chunks.map((data) => ({ data })), { data: '[DONE]' }] });
}

const openStream = (logger: Parameters<typeof trackLlmCall>[0], events: LlmEvent[] = []) =>
  trackLlmCall(logger, { ...call, onEvent: (e) => void events.push(e) }, () =>
    openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [],
      stream: true,
      stream_options: { include_usage: true },
    }),
  );

describe('tracked streams', () => {
  it('a consumer that breaks after 2 chunks: one line, status cancelled, the request aborted', async () => {
    serveChatStream();
    const { logger, lines } = capture();
    const stream = await openStream(logger);
    expect(lines()).toEqual([]); // nothing is written before the stream ends
    const received: string[] = [];
    for await (const part of stream) {
      received.push(part.choices[0]?.delta.content ?? '');
      if (received.length === 2) break;
    }
    expect(received).toEqual(['one', ' two']);
    expect(stream).toBeInstanceOf(Stream);
    expect(stream.controller.signal.aborted).toBe(true);
    expect(lines()).toHaveLength(1);
    const [line] = lines();
    expect(line).toMatchObject({ level: 30, status: 'cancelled', stream: true, tool_calls: [] });
    expect(line?.ttft_ms).toBeTypeOf('number');
    // The usage chunk was never read: the counts are unknown, not zero.
    expect(line).not.toHaveProperty('input_tokens');
    expect(line).not.toHaveProperty('cost');
    expect(line).not.toHaveProperty('error');
  });

  it('a plain async generator stopped early: cancelled, and its finally block runs', async () => {
    const { logger, lines } = capture();
    let closed = false;
    async function* tokens() {
      try {
        yield 'a';
        yield 'b';
        yield 'c';
      } finally {
        closed = true;
      }
    }
    const stream = await trackLlmCall(logger, call, () => tokens());
    for await (const token of stream) if (token === 'b') break;
    expect(closed).toBe(true);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ status: 'cancelled', stream: true });
  });

  it('a stream that fails midway: status error at level 50, the same error rethrown', async () => {
    const { logger, lines } = capture();
    const failure = new Error('connection reset');
    async function* broken() {
      yield { inputTokens: 3, outputTokens: 1 };
      throw failure;
    }
    const stream = await trackLlmCall(logger, call, () => broken());
    const caught = await (async () => {
      try {
        for await (const _ of stream);
      } catch (error) {
        return error;
      }
    })();
    expect(caught).toBe(failure);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      level: 50,
      status: 'error',
      error: { type: 'Error', message: 'connection reset' },
      input_tokens: 3,
      output_tokens: 1,
    });
  });

  it('never writes twice: a second return(), a second iteration', async () => {
    serveChatStream();
    const { logger, lines } = capture();
    const stream = await openStream(logger);
    const iterator = stream[Symbol.asyncIterator]();
    while (!(await iterator.next()).done);
    await iterator.return?.();
    await expect(async () => {
      for await (const _ of stream);
    }).rejects.toThrow('Cannot iterate over a consumed stream');
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ status: 'ok', input_tokens: 20, output_tokens: 4 });
  });

  it("aborting through the SDK's controller while reading is a cancellation", async () => {
    serveChatStream();
    const { logger, lines } = capture();
    const stream = await openStream(logger);
    let count = 0;
    for await (const _ of stream) if (++count === 1) stream.controller.abort();
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ status: 'cancelled' });
  });

  it('toReadableStream() reads through the tracking; tee() is refused with a way out', async () => {
    serveChatStream();
    const { logger, lines } = capture();
    const stream = await openStream(logger);
    expect(() => stream.tee()).toThrow(
      new TypeError(
        'trackLlmCall: tee() on a tracked stream would bypass tracking; call tee() inside the tracked function and return the branch you read',
      ),
    );
    const reader = stream.toReadableStream().getReader();
    const decoded: unknown[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      decoded.push(JSON.parse(new TextDecoder().decode(value)));
    }
    expect(decoded).toEqual([...FIVE_CHUNKS, usageChunk]);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ status: 'ok', input_tokens: 20, output_tokens: 4 });
  });

  it('a branch of tee() taken inside the tracked function is tracked', async () => {
    serveChatStream();
    const { logger, lines } = capture();
    let other: AsyncIterable<unknown> | undefined;
    const tracked = await trackLlmCall(logger, call, async () => {
      const [mine, theirs] = (
        await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [],
          stream: true,
          stream_options: { include_usage: true },
        })
      ).tee();
      other = theirs;
      return mine;
    });
    let count = 0;
    for await (const _ of tracked) count++;
    for await (const _ of other ?? []) count++;
    expect(count).toBe(12);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ status: 'ok', input_tokens: 20 });
  });

  it('the line carries the context the call was made in, wherever the stream is read', async () => {
    serveChatStream();
    const { logger, lines } = capture({ mixin: contextMixin() });
    const stream = await trace({ correlationId: 'flow-9' }, () =>
      withContext({ userId: 'u-1', feature: 'chat' }, () => openStream(logger)),
    );
    await withContext({ sessionId: 'reader-session' }, async () => {
      for await (const _ of stream);
    });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      user_id: 'u-1',
      feature: 'chat',
      correlation_id: 'flow-9',
      status: 'ok',
    });
    expect(lines()[0]).not.toHaveProperty('session_id');
  });

  it("keeps an SDK helper stream's own methods: Anthropic messages.stream() and finalMessage()", async () => {
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    server.respond({
      sse: [
        {
          event: 'message_start',
          data: {
            type: 'message_start',
            message: {
              id: 'msg_1',
              type: 'message',
              role: 'assistant',
              model: 'claude-haiku-4-5-20251001',
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: 30, output_tokens: 1 },
            },
          },
        },
        {
          event: 'content_block_start',
          data: {
            type: 'content_block_start',
            index: 0,
            content_block: { type: 'text', text: '' },
          },
        },
        {
          event: 'content_block_delta',
          data: {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text: 'Hi' },
          },
        },
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
        {
          event: 'message_delta',
          data: {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: 2 },
          },
        },
        { event: 'message_stop', data: { type: 'message_stop' } },
      ],
    });
    const { logger, lines } = capture();
    const stream = await trackLlmCall(
      logger,
      { model: 'claude-haiku-4-5', provider: 'anthropic' },
      () =>
        anthropic.messages.stream({
          model: 'claude-haiku-4-5',
          max_tokens: 100,
          messages: [{ role: 'user', content: 'Hi' }],
        }),
    );
    const texts: string[] = [];
    stream.on('text', (text) => void texts.push(text));
    for await (const _ of stream);
    const final = await stream.finalMessage();
    expect(final.content).toMatchObject([{ type: 'text', text: 'Hi' }]);
    expect(texts).toEqual(['Hi']);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      status: 'ok',
      stream: true,
      input_tokens: 30,
      output_tokens: 2,
      cost: 0.00004,
    });
  });
});
