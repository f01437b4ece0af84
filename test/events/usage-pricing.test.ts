// One test per row of the table in docs/events.md ("What each provider reports, and its price"):
// the provider's usage field, the line field it becomes, and the cost computed by hand from
// genai-prices' published prices (USD per million tokens).
import { describe, expect, it } from 'vitest';
import { type LlmCall, logLlmCall } from '../../src/index.js';
import { capture } from '../helpers/capture.js';

/** The line `logLlmCall` writes for `call`. */
function lineOf(call: Partial<LlmCall>): Record<string, unknown> {
  const { logger, lines } = capture();
  logLlmCall(logger, { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 1, ...call });
  return lines()[0] ?? {};
}

const pick = (line: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, line[key]]));

const chat = (model: string, usage: object, extra: object = {}) => ({
  object: 'chat.completion',
  model,
  choices: [],
  usage,
  ...extra,
});

const responsesApi = (model: string, usage: object, extra: object = {}) => ({
  object: 'response',
  model,
  output: [],
  usage,
  ...extra,
});

const message = (model: string, usage: object) => ({
  type: 'message',
  role: 'assistant',
  model,
  content: [],
  usage,
});

describe('OpenAI chat completions', () => {
  it('prompt_tokens, prompt_tokens_details.cached_tokens, completion_tokens', () => {
    const line = lineOf({
      response: chat('gpt-4o-mini', {
        prompt_tokens: 2000,
        completion_tokens: 100,
        total_tokens: 2100,
        prompt_tokens_details: { cached_tokens: 1500 },
      }),
    });
    expect(pick(line, ['input_tokens', 'cache_read_tokens', 'output_tokens', 'cost'])).toEqual({
      input_tokens: 2000,
      cache_read_tokens: 1500,
      output_tokens: 100,
      // gpt-4o-mini: 500 uncached x $0.15 + 1500 cached x $0.075 + 100 output x $0.60
      cost: (500 * 0.15 + 1500 * 0.075 + 100 * 0.6) / 1e6,
    });
  });

  it('completion_tokens_details.reasoning_tokens: inside the output, priced once', () => {
    const line = lineOf({
      model: 'o3',
      response: chat('o3', {
        prompt_tokens: 100,
        completion_tokens: 1000,
        completion_tokens_details: { reasoning_tokens: 800 },
      }),
    });
    expect(pick(line, ['output_tokens', 'reasoning_tokens', 'cost'])).toEqual({
      output_tokens: 1000,
      reasoning_tokens: 800,
      // o3: 100 input x $2 + 1000 output (800 of them reasoning) x $8
      cost: (100 * 2 + 1000 * 8) / 1e6,
    });
  });

  it('service_tier: default at the standard price, flex at half, priority at its own price', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 100 };
    const tier = (serviceTier: string) =>
      pick(
        lineOf({ model: 'gpt-5', response: chat('gpt-5', usage, { service_tier: serviceTier }) }),
        ['service_tier', 'cost'],
      );
    // gpt-5 standard: 1000 x $1.25 + 100 x $10 = $0.00225
    expect(tier('default')).toEqual({
      service_tier: 'default',
      cost: (1000 * 1.25 + 100 * 10) / 1e6,
    });
    // flex: half of it
    expect(tier('flex')).toEqual({
      service_tier: 'flex',
      cost: (1000 * 1.25 + 100 * 10) / 2 / 1e6,
    });
    // priority: 1000 x $2.50 + 100 x $20
    expect(tier('priority')).toEqual({
      service_tier: 'priority',
      cost: (1000 * 2.5 + 100 * 20) / 1e6,
    });
    // scale: a contract, no list price: unknown, not the standard price
    expect(tier('scale')).toEqual({ service_tier: 'scale', cost: undefined });
  });

  it('priority above 128,000 input tokens (cached included): the standard price', () => {
    const priority = (model: string, prompt: number, cached: number, completion: number) =>
      lineOf({
        model,
        response: chat(
          model,
          {
            prompt_tokens: prompt,
            completion_tokens: completion,
            prompt_tokens_details: { cached_tokens: cached },
          },
          { service_tier: 'priority' },
        ),
      }).cost;
    // gpt-5, 128,000 input (100,000 cached), at the threshold: priority, $2.50 / $0.25 / $20
    // 28,000 x $2.50 + 100,000 x $0.25 + 1,000 x $20 = $70,000 + $25,000 + $20,000 per 1M = $0.115
    expect(priority('gpt-5', 128_000, 100_000, 1000)).toBe(0.115);
    // gpt-5, 128,001 input (100,000 cached), above it: standard, $1.25 / $0.125 / $10
    // 28,001 x $1.25 + 100,000 x $0.125 + 1,000 x $10 = $35,001.25 + $12,500 + $10,000 per 1M
    // = $0.05750125
    expect(priority('gpt-5', 128_001, 100_000, 1000)).toBe(0.05750125);
    // gpt-5.4, 300,000 input (100,000 cached): above its 272K standard long-context threshold too,
    // so the standard long-context price, $5 / $0.50 / $22.50 (priority would be $5 / $0.50 / $30)
    // 200,000 x $5 + 100,000 x $0.50 + 10,000 x $22.50 = $1,000,000 + $50,000 + $225,000 per 1M
    // = $1.275
    expect(priority('gpt-5.4', 300_000, 100_000, 10_000)).toBe(1.275);
    // gpt-4o's priority price has no long-context exclusion: 200,000 x $4.25 + 1,000 x $17 per 1M
    // = $0.867
    expect(priority('gpt-4o', 200_000, 0, 1000)).toBe(0.867);
  });

  it('priority prices of gpt-5.5, gpt-5.4-mini and the codex aliases', () => {
    const priority = (model: string) =>
      lineOf({
        model,
        response: chat(
          model,
          {
            prompt_tokens: 10_000,
            completion_tokens: 500,
            prompt_tokens_details: { cached_tokens: 4000 },
          },
          { service_tier: 'priority' },
        ),
      }).cost;
    // 6,000 uncached input, 4,000 cached, 500 output, per 1M:
    // gpt-5.5 at $12.50 / $1.25 / $75: $75,000 + $5,000 + $37,500 = $0.1175
    expect(priority('gpt-5.5')).toBe(0.1175);
    // gpt-5.4-mini at $1.50 / $0.15 / $9: $9,000 + $600 + $4,500 = $0.0141
    expect(priority('gpt-5.4-mini')).toBe(0.0141);
    // gpt-5-codex and gpt-5.1-codex, priced as gpt-5 and gpt-5.1, at $2.50 / $0.25 / $20:
    // $15,000 + $1,000 + $10,000 = $0.026
    expect(priority('gpt-5-codex')).toBe(0.026);
    expect(priority('gpt-5.1-codex')).toBe(0.026);
  });

  it('long context: gpt-5.4 above 272K input tokens, every token at the higher price', () => {
    const cost = (prompt: number) =>
      lineOf({
        model: 'gpt-5.4',
        response: chat('gpt-5.4', { prompt_tokens: prompt, completion_tokens: 1000 }),
      }).cost;
    // up to 272K: $2.50 input, $15 output
    expect(cost(200_000)).toBe((200_000 * 2.5 + 1000 * 15) / 1e6);
    // above: $5 input, $22.50 output
    expect(cost(300_000)).toBe((300_000 * 5 + 1000 * 22.5) / 1e6);
  });
});

describe('OpenAI Responses API', () => {
  it('input_tokens, input_tokens_details.cached_tokens, output_tokens, output_tokens_details.reasoning_tokens, service_tier', () => {
    const line = lineOf({
      model: 'gpt-5',
      response: responsesApi(
        'gpt-5',
        {
          input_tokens: 1000,
          input_tokens_details: { cached_tokens: 400 },
          output_tokens: 200,
          output_tokens_details: { reasoning_tokens: 150 },
          total_tokens: 1200,
        },
        { service_tier: 'default' },
      ),
    });
    expect(
      pick(line, [
        'input_tokens',
        'cache_read_tokens',
        'output_tokens',
        'reasoning_tokens',
        'service_tier',
        'cost',
      ]),
    ).toEqual({
      input_tokens: 1000,
      cache_read_tokens: 400,
      output_tokens: 200,
      reasoning_tokens: 150,
      service_tier: 'default',
      // gpt-5: 600 uncached x $1.25 + 400 cached x $0.125 + 200 output x $10
      cost: (600 * 1.25 + 400 * 0.125 + 200 * 10) / 1e6,
    });
  });
});

describe('Anthropic messages', () => {
  it('input_tokens, cache_read_input_tokens, cache_creation_input_tokens and its 1-hour part, output_tokens, service_tier', () => {
    const line = lineOf({
      model: 'claude-sonnet-4-0',
      provider: 'anthropic',
      response: message('claude-sonnet-4-0', {
        input_tokens: 100,
        cache_read_input_tokens: 2000,
        cache_creation_input_tokens: 1000,
        cache_creation: { ephemeral_5m_input_tokens: 400, ephemeral_1h_input_tokens: 600 },
        output_tokens: 50,
        service_tier: 'standard',
      }),
    });
    expect(
      pick(line, [
        'input_tokens',
        'cache_read_tokens',
        'cache_write_tokens',
        'cache_write_1h_tokens',
        'output_tokens',
        'service_tier',
        'cost',
      ]),
    ).toEqual({
      input_tokens: 3100,
      cache_read_tokens: 2000,
      cache_write_tokens: 1000,
      cache_write_1h_tokens: 600,
      output_tokens: 50,
      service_tier: 'standard',
      // claude-sonnet-4-0: 100 x $3 + 2000 read x $0.30 + 400 written for 5 min x $3.75
      // + 600 written for 1 hour x $6 + 50 output x $15
      cost: (100 * 3 + 2000 * 0.3 + 400 * 3.75 + 600 * 6 + 50 * 15) / 1e6,
    });
  });

  it('long context: claude-sonnet-4-5 above 200K input tokens', () => {
    const cost = (input: number) =>
      lineOf({
        model: 'claude-sonnet-4-5',
        provider: 'anthropic',
        response: message('claude-sonnet-4-5', { input_tokens: input, output_tokens: 2000 }),
      }).cost;
    // up to 200K: $3 input, $15 output; above: $6 and $22.50
    expect(cost(150_000)).toBe((150_000 * 3 + 2000 * 15) / 1e6);
    expect(cost(250_000)).toBe((250_000 * 6 + 2000 * 22.5) / 1e6);
  });

  it('service_tier priority (a contract): the cost is unknown', () => {
    const line = lineOf({
      model: 'claude-sonnet-4-0',
      provider: 'anthropic',
      response: message('claude-sonnet-4-0', {
        input_tokens: 10,
        output_tokens: 5,
        service_tier: 'priority',
      }),
    });
    expect(pick(line, ['service_tier', 'cost', 'cost_source'])).toEqual({
      service_tier: 'priority',
      cost: undefined,
      cost_source: undefined,
    });
  });
});

describe('Google Gemini (counts as the Google reader gives them)', () => {
  it('promptTokenCount, cachedContentTokenCount, candidatesTokenCount + thoughtsTokenCount', () => {
    // promptTokenCount 10000 of which cachedContentTokenCount 8000; candidatesTokenCount 500
    // and thoughtsTokenCount 1500 (Google bills thoughts as output).
    const line = lineOf({
      model: 'gemini-2.5-flash',
      provider: 'google',
      inputTokens: 10_000,
      cacheReadTokens: 8000,
      outputTokens: 500 + 1500,
      reasoningTokens: 1500,
    });
    // gemini-2.5-flash: 2000 uncached x $0.30 + 8000 cached x $0.03 + 2000 output x $2.50
    expect(line.cost).toBe((2000 * 0.3 + 8000 * 0.03 + 2000 * 2.5) / 1e6);
  });

  it('long context: gemini-2.5-pro above 200K prompt tokens', () => {
    const cost = (input: number) =>
      lineOf({
        model: 'gemini-2.5-pro',
        provider: 'google',
        inputTokens: input,
        outputTokens: 1000,
      }).cost;
    // up to 200K: $1.25 input, $10 output; above: $2.50 and $15
    expect(cost(200_000)).toBe((200_000 * 1.25 + 1000 * 10) / 1e6);
    expect(cost(300_000)).toBe((300_000 * 2.5 + 1000 * 15) / 1e6);
  });
});
