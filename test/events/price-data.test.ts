import { calcPrice } from '@pydantic/genai-prices';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { activePrices } from '../../src/events/pricing/active.js';
import {
  BUILT_IN_PRICE_TABLE,
  configure,
  type LlmCall,
  resetConfiguration,
} from '../../src/index.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';
import { pricedCall } from '../helpers/priced-call.js';

afterEach(() => resetConfiguration());

/** The cost `logLlmCall` writes on the line (and returns), and the prices it names. */
const lineCost = (call: Partial<LlmCall>) => {
  const { cost, priceTable } = pricedCall(call);
  return { cost, priceTable };
};

const providerOf = (model: string) => (model.startsWith('claude') ? 'anthropic' : 'openai');

describe('the built-in overlay', () => {
  it('holds only models genai-prices does not know: drop an entry once it does', () => {
    for (const model of Object.keys(BUILT_IN_PRICE_TABLE.models)) {
      const known = calcPrice({}, model, { providerId: providerOf(model) });
      expect({ model, knownToGenaiPrices: known?.model.id }).toEqual({
        model,
        knownToGenaiPrices: undefined,
      });
    }
  });

  it('prices its models, and lines name both genai-prices and the overlay', () => {
    // claude-mythos-5: 1000 uncached x $10 + 100 output x $50 = $0.015
    expect(
      lineCost({
        model: 'claude-mythos-5',
        provider: 'anthropic',
        inputTokens: 1000,
        outputTokens: 100,
      }),
    ).toEqual({ cost: 0.015, priceTable: BUILT_IN_PRICES });
    expect(BUILT_IN_PRICES).toMatch(/^genai-prices@\d+\.\d+\.\d+\+leanllm-2026-11-23$/);
  });
});

describe('prices from genai-prices', () => {
  it('prices models of every major provider, offline', () => {
    const million = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    // gpt-4o-mini: $0.15 input + $0.60 output per million
    expect(lineCost({ model: 'gpt-4o-mini', ...million })).toEqual({
      cost: 0.75,
      priceTable: BUILT_IN_PRICES,
    });
    // gemini-2.5-flash: $0.30 + $2.50
    expect(lineCost({ model: 'gemini-2.5-flash', provider: 'google', ...million }).cost).toBe(2.8);
    // grok-3: $3 + $15
    expect(lineCost({ model: 'grok-3', provider: 'x-ai', ...million }).cost).toBe(18);
  });

  it('prices the long-context tier on the whole call above its threshold', () => {
    // gemini-2.5-pro, 200,000 input tokens or fewer: $1.25 in, $10 out per million
    // 200,000 x 1.25 / 1e6 + 1000 x 10 / 1e6 = 0.25 + 0.01
    expect(
      lineCost({
        model: 'gemini-2.5-pro',
        provider: 'google',
        inputTokens: 200_000,
        outputTokens: 1000,
      }).cost,
    ).toBe(0.26);
    // above 200,000: $2.50 in, $15 out, for every token of the call
    // 300,000 x 2.5 / 1e6 + 1000 x 15 / 1e6 = 0.75 + 0.015
    expect(
      lineCost({
        model: 'gemini-2.5-pro',
        provider: 'google',
        inputTokens: 300_000,
        outputTokens: 1000,
      }).cost,
    ).toBe(0.765);
  });

  it('uses the price in force when the call ended (a price changed on a date)', () => {
    const prices = activePrices(undefined);
    // claude-sonnet-4-6 had a long-context tier ($6 above 200,000 input) until 2026-03-13.
    const call = {
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      inputTokens: 300_000,
      outputTokens: 0,
    };
    expect(prices.costOf({ ...call, time: Date.parse('2026-03-01T00:00:00Z') })).toBe(1.8);
    expect(prices.costOf({ ...call, time: Date.parse('2026-03-13T00:00:00Z') })).toBe(0.9);
  });

  it('matches genai-prices own arithmetic, for any usage of any OpenAI, Anthropic or Google model', () => {
    const models = ['openai', 'anthropic', 'google'].flatMap((provider) =>
      [
        'gpt-5',
        'gpt-5.4',
        'gpt-4o-mini',
        'o3',
        'claude-sonnet-4-5',
        'claude-sonnet-4-6',
        'claude-opus-4-1',
        'claude-haiku-4-5',
        'gemini-2.5-pro',
        'gemini-2.5-flash',
        'gemini-3-pro-preview',
      ]
        .filter((model) => calcPrice({}, model, { providerId: provider }) !== null)
        .map((model) => ({ provider, model })),
    );
    expect(models.length).toBeGreaterThanOrEqual(10);
    const usage = fc
      .record({
        uncached: fc.nat(400_000),
        cacheRead: fc.nat(200_000),
        cacheWrite5m: fc.nat(100_000),
        cacheWrite1h: fc.nat(100_000),
        visible: fc.nat(50_000),
        reasoning: fc.nat(50_000),
        time: fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-06-01') }),
      })
      .map((u) => ({
        ...u,
        inputTokens: u.uncached + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h,
        cacheWriteTokens: u.cacheWrite5m + u.cacheWrite1h,
        outputTokens: u.visible + u.reasoning,
      }));
    fc.assert(
      fc.property(fc.constantFrom(...models), usage, ({ provider, model }, u) => {
        const expected = calcPrice(
          {
            input_tokens: u.inputTokens,
            cache_read_tokens: u.cacheRead,
            cache_write_tokens: u.cacheWriteTokens,
            cache_write_1h_tokens: u.cacheWrite1h,
            output_tokens: u.outputTokens,
            output_reasoning_tokens: u.reasoning,
          },
          model,
          { providerId: provider, timestamp: new Date(u.time) },
        );
        const ours = activePrices(undefined).costOf({
          provider,
          model,
          time: u.time,
          inputTokens: u.inputTokens,
          outputTokens: u.outputTokens,
          cacheReadTokens: u.cacheRead,
          cacheWriteTokens: u.cacheWriteTokens,
          cacheWrite1hTokens: u.cacheWrite1h,
          reasoningTokens: u.reasoning,
        });
        expect(ours).toBeCloseTo(expected?.total_price ?? Number.NaN, 9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('configure({ pricing }) over genai-prices', () => {
  it('prices a custom model the user priced; an unknown model stays unknown, never $0', () => {
    configure({ pricing: { models: { 'acme-llm-2': { input: 4, output: 16 } } } });
    // 2000 x 4 / 1e6 + 500 x 16 / 1e6 = 0.008 + 0.008
    expect(
      lineCost({ model: 'acme-llm-2', provider: 'acme', inputTokens: 2000, outputTokens: 500 }),
    ).toEqual({
      cost: 0.016,
      priceTable: `${BUILT_IN_PRICES}+custom`,
    });
    expect(
      lineCost({ model: 'acme-llm-3', provider: 'acme', inputTokens: 2000, outputTokens: 500 }),
    ).toEqual({
      cost: undefined,
      priceTable: undefined,
    });
  });

  it('overrides genai-prices for a model it knows', () => {
    configure({
      pricing: { name: 'negotiated', models: { 'gpt-4o-mini': { input: 0.1, output: 0.4 } } },
    });
    expect(
      lineCost({ model: 'gpt-4o-mini', inputTokens: 1_000_000, outputTokens: 1_000_000 }),
    ).toEqual({
      cost: 0.5,
      priceTable: 'negotiated',
    });
  });

  it('a provider genai-prices knows prices only its own models; an unknown one goes by the model name', () => {
    const tokens = { inputTokens: 1_000_000, outputTokens: 0 };
    expect(
      lineCost({ model: 'claude-haiku-4-5', provider: 'openai', ...tokens }).cost,
    ).toBeUndefined();
    expect(lineCost({ model: 'claude-haiku-4-5', provider: 'my-gateway', ...tokens }).cost).toBe(1);
  });
});
