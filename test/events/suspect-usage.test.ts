import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LlmCall, logLlmCall } from '../../src/index.js';
import { capture } from '../helpers/capture.js';

afterEach(() => vi.restoreAllMocks());

const CODE = { code: 'LEANLLM_SUSPECT_USAGE' };

/** Logs `call` twice; returns the first line and the warnings both calls emitted. */
function logTwice(call: Partial<LlmCall>) {
  const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  const { logger, lines } = capture();
  const full = { model: 'gpt-4o', provider: 'openai', latencyMs: 1, ...call } as LlmCall;
  logLlmCall(logger, full);
  logLlmCall(logger, full);
  expect(lines()).toHaveLength(2);
  return { line: lines()[0] ?? {}, warnings: warning.mock.calls };
}

describe('usage that cannot be true is written, and warned once per kind', () => {
  it('cache tokens above the input tokens', () => {
    const { line, warnings } = logTwice({
      inputTokens: 1000,
      cacheReadTokens: 900,
      cacheWriteTokens: 200,
      outputTokens: 10,
    });
    expect([line.input_tokens, line.cache_read_tokens, line.cache_write_tokens]).toEqual([
      1000, 900, 200,
    ]);
    expect(warnings).toEqual([
      [
        'leanllm-context: an llm.call has more cache tokens (read plus written) than input tokens; the line is written as reported',
        CODE,
      ],
    ]);
  });

  it('output tokens on an embeddings call', () => {
    const { line, warnings } = logTwice({
      model: 'text-embedding-3-small',
      operation: 'embeddings',
      inputTokens: 8,
      outputTokens: 3,
    });
    expect([line.operation, line.output_tokens]).toEqual(['embeddings', 3]);
    expect(warnings).toEqual([
      [
        'leanllm-context: an embeddings llm.call has output tokens; the line is written as reported',
        CODE,
      ],
    ]);
  });

  it('a negative or fractional count in a provider response: logged as unknown', () => {
    const response = (usage: object) => ({
      object: 'chat.completion',
      model: 'gpt-4o',
      choices: [],
      usage,
    });
    const { line, warnings } = logTwice({
      response: response({ prompt_tokens: -3, completion_tokens: 1.5, total_tokens: 7 }),
    });
    expect([line.input_tokens, line.output_tokens, line.total_tokens, line.cost]).toEqual([
      undefined,
      undefined,
      7,
      undefined,
    ]);
    expect(warnings).toEqual([
      [
        'leanllm-context: a provider reported a token count that is negative or not an integer; it is logged as unknown',
        CODE,
      ],
    ]);
  });

  it('1-hour cache writes above the cache writes', () => {
    const { line, warnings } = logTwice({
      model: 'claude-sonnet-4-0',
      provider: 'anthropic',
      response: {
        type: 'message',
        model: 'claude-sonnet-4-0',
        content: [],
        usage: {
          input_tokens: 5,
          cache_creation_input_tokens: 10,
          cache_creation: { ephemeral_1h_input_tokens: 50 },
          output_tokens: 1,
        },
      },
    });
    expect([line.cache_write_tokens, line.cache_write_1h_tokens]).toEqual([10, 50]);
    expect(warnings).toEqual([
      [
        'leanllm-context: an llm.call has more 1-hour cache writes than cache writes; the line is written as reported',
        CODE,
      ],
    ]);
  });

  it('usage that adds up warns nothing', () => {
    const { warnings } = logTwice({
      inputTokens: 1000,
      cacheReadTokens: 800,
      cacheWriteTokens: 200,
      outputTokens: 10,
      operation: 'chat',
    });
    expect(warnings).toEqual([]);
  });
});
