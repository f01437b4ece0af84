// The AI SDK's own mock model, in addition to the loopback server: usage a provider rarely
// sends (cache writes, reasoning), and a model whose id cannot be a line's `model`.
import { generateText, simulateReadableStream, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { leanllmMiddleware } from '../../src/ai/index.js';
import { capture } from '../helpers/capture.js';

const generated = (usage: object) => ({
  content: [{ type: 'text' as const, text: 'done' }],
  finishReason: { unified: 'stop' as const, raw: 'stop' },
  usage: usage as never,
  warnings: [],
});

describe('leanllmMiddleware with MockLanguageModelV3', () => {
  it('cache reads, cache writes and reasoning tokens, each on the line', async () => {
    const { logger, lines } = capture();
    const model = wrapLanguageModel({
      model: new MockLanguageModelV3({
        provider: 'anthropic.messages',
        modelId: 'claude-sonnet-4-5',
        doGenerate: generated({
          inputTokens: { total: 3000, noCache: 400, cacheRead: 2000, cacheWrite: 600 },
          outputTokens: { total: 500, text: 180, reasoning: 320 },
        }),
      }),
      middleware: leanllmMiddleware({ logger }),
    });
    await generateText({ model, prompt: 'p' });
    expect(lines()[0]).toMatchObject({
      model: 'claude-sonnet-4-5',
      provider: 'anthropic',
      input_tokens: 3000,
      output_tokens: 500,
      total_tokens: 3500,
      cache_read_tokens: 2000,
      cache_write_tokens: 600,
      reasoning_tokens: 320,
    });
  });

  it('a streamed tool call: the tool-call part on the line, reasoning as the first output', async () => {
    const { logger, lines } = capture();
    const usage = {
      inputTokens: { total: 90, noCache: 90, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 30, text: 10, reasoning: 20 },
    };
    const model = wrapLanguageModel({
      model: new MockLanguageModelV3({
        provider: 'openai.responses',
        modelId: 'gpt-5-mini',
        doStream: {
          stream: simulateReadableStream({
            chunks: [
              { type: 'stream-start', warnings: [] },
              { type: 'response-metadata', id: 'r1', modelId: 'gpt-5-mini-2025-08-07' },
              { type: 'reasoning-start', id: 'r' },
              { type: 'reasoning-delta', id: 'r', delta: 'thinking' },
              { type: 'reasoning-end', id: 'r' },
              { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
              { type: 'tool-input-delta', id: 'call_1', delta: '{"city":"Paris"}' },
              { type: 'tool-input-end', id: 'call_1' },
              {
                type: 'tool-call',
                toolCallId: 'call_1',
                toolName: 'get_weather',
                input: '{"city":"Paris"}',
              },
              { type: 'finish', usage, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
            ],
          }),
        },
      }),
      middleware: leanllmMiddleware({ logger }),
    });
    const result = streamText({ model, prompt: 'Weather?' });
    await result.consumeStream();
    expect(lines()[0]).toMatchObject({
      model: 'gpt-5-mini',
      response_model: 'gpt-5-mini-2025-08-07',
      provider: 'openai',
      status: 'ok',
      input_tokens: 90,
      output_tokens: 30,
      reasoning_tokens: 20,
      stream: true,
      tool_calls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
    expect(lines()[0]?.ttft_ms).toBeTypeOf('number');
  });

  it('a model whose id cannot be a line (empty): the call runs untracked, one process warning', async () => {
    const { logger, lines } = capture();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const model = wrapLanguageModel({
        model: new MockLanguageModelV3({
          modelId: '',
          doGenerate: generated({ inputTokens: { total: 1 }, outputTokens: { total: 1 } }),
        }),
        middleware: leanllmMiddleware({ logger }),
      });
      const { text } = await generateText({ model, prompt: 'p' });
      expect(text).toBe('done');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(lines()).toEqual([]);
    expect(warnings.map((w) => [w.name, (w as { code?: string }).code, w.message])).toEqual([
      [
        'Warning',
        'LEANLLM_TRACKING_FAILED',
        'leanllm-context: an LLM call could not be recorded (leanllmMiddleware: model must be a string of 1-256 characters without control characters, got string ""); the call is not affected',
      ],
    ]);
  });
});
