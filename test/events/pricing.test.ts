import { afterEach, describe, expect, it } from 'vitest';
import {
  BUILT_IN_PRICE_TABLE,
  ContextValidationError,
  configure,
  resetConfiguration,
} from '../../src/index.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';
import { pricedCall } from '../helpers/priced-call.js';

afterEach(() => resetConfiguration());

const TABLE = BUILT_IN_PRICES;
const costOf = pricedCall;

describe('cost from the built-in price table', () => {
  it('keeps a dated overlay, frozen, of the models genai-prices does not know yet', () => {
    expect(BUILT_IN_PRICE_TABLE.name).toBe('leanllm-2026-11-23');
    expect(Object.isFrozen(BUILT_IN_PRICE_TABLE.models)).toBe(true);
    expect(Object.isFrozen(BUILT_IN_PRICE_TABLE.models['gpt-6.1-sol'])).toBe(true);
    expect(Object.keys(BUILT_IN_PRICE_TABLE.models)).toEqual([
      'gpt-6.1-sol',
      'claude-mythos-5-1',
      'claude-mythos-5',
      'claude-haiku-5-5',
    ]);
  });

  it('prices input, output, cache reads and cache writes each once at their own price', () => {
    // gpt-4o: 1000 input of which 600 read from cache: 400 x $2.50 + 600 x $1.25 + 200 x $10.
    expect(costOf({ inputTokens: 1000, cacheReadTokens: 600, outputTokens: 200 })).toEqual({
      cost: 0.00375,
      costSource: 'table',
      priceTable: TABLE,
    });
    // claude-sonnet-4-6: 5000 input = 1000 uncached + 3000 read + 1000 written; 500 output.
    // 1000 x $3 + 3000 x $0.30 + 1000 x $3.75 + 500 x $15 = $0.01515
    expect(
      costOf({
        model: 'claude-sonnet-4-6',
        provider: 'anthropic',
        inputTokens: 5000,
        cacheReadTokens: 3000,
        cacheWriteTokens: 1000,
        outputTokens: 500,
      }).cost,
    ).toBe(0.01515);
    // Reasoning tokens are part of the output: not priced again.
    expect(costOf({ inputTokens: 0, outputTokens: 1000, reasoningTokens: 800 }).cost).toBe(0.01);
  });

  it('prices dated snapshots and -latest aliases as their model', () => {
    const tokens = { inputTokens: 1_000_000, outputTokens: 0 };
    expect(costOf({ model: 'gpt-4o-2024-08-06', ...tokens }).cost).toBe(2.5);
    const anthropic = { provider: 'anthropic', ...tokens };
    expect(costOf({ model: 'claude-haiku-4-5-20251001', ...anthropic }).cost).toBe(1);
    expect(costOf({ model: 'claude-3-7-sonnet-latest', ...anthropic }).cost).toBe(3);
    expect(costOf({ model: 'gpt-4o-2024-08-06-extra', ...tokens }).cost).toBeUndefined();
  });

  it('uses the response model when the requested one is unknown (an Azure deployment name)', () => {
    expect(
      costOf({
        model: 'my-azure-deployment',
        responseModel: 'gpt-4o-mini-2024-07-18',
        inputTokens: 1_000_000,
        outputTokens: 1_000_000,
      }).cost,
    ).toBe(0.75);
  });

  it('leaves the cost out when the model or a token count is unknown: unknown is not zero', () => {
    const unknown = { cost: undefined, costSource: undefined, priceTable: undefined };
    expect(costOf({ model: 'llama-3-70b', inputTokens: 10, outputTokens: 10 })).toEqual(unknown);
    expect(costOf({ inputTokens: 10 })).toEqual(unknown);
    expect(costOf({})).toEqual(unknown);
    expect(costOf({ model: 'constructor', inputTokens: 1, outputTokens: 1 })).toEqual(unknown);
  });

  it('a provider-reported cost wins over the table', () => {
    expect(costOf({ cost: 0.42, inputTokens: 10, outputTokens: 10 })).toEqual({
      cost: 0.42,
      costSource: 'provider',
      priceTable: undefined,
    });
    // OpenRouter reports usage.cost on an OpenAI-shaped response.
    expect(
      costOf({
        model: 'anthropic/claude-haiku-4.5',
        provider: 'openrouter',
        response: {
          object: 'chat.completion',
          model: 'anthropic/claude-haiku-4.5',
          choices: [],
          usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110, cost: 0.00015 },
        },
      }),
    ).toEqual({ cost: 0.00015, costSource: 'provider', priceTable: undefined });
  });
});

describe('configure({ pricing })', () => {
  it('extends the built-in table, and names the result', () => {
    configure({
      pricing: {
        models: {
          'acme-llm': { input: 1, output: 2 },
          'gpt-4o': { input: 2, cachedInput: 1, output: 8 },
        },
      },
    });
    const million = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(costOf({ model: 'acme-llm', ...million })).toEqual({
      cost: 3,
      costSource: 'table',
      priceTable: `${TABLE}+custom`,
    });
    expect(costOf({ model: 'gpt-4o', ...million }).cost).toBe(10);
    expect(costOf({ model: 'gpt-4o-mini', ...million }).cost).toBe(0.75);
    configure({ pricing: { name: 'acme-2026-12', models: {} } });
    expect(costOf({ model: 'gpt-4o', ...million }).priceTable).toBe('acme-2026-12');
  });

  it('replaces the table with replace: true', () => {
    configure({
      pricing: {
        replace: true,
        name: 'negotiated-2026',
        models: { 'gpt-4o': { input: 1, output: 4 } },
      },
    });
    const million = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(costOf({ model: 'gpt-4o', ...million })).toEqual({
      cost: 5,
      costSource: 'table',
      priceTable: 'negotiated-2026',
    });
    expect(costOf({ model: 'gpt-4o-mini', ...million }).cost).toBeUndefined();
    configure({ pricing: { replace: true, models: { x: { input: 1, output: 1 } } } });
    expect(costOf({ model: 'x', ...million }).priceTable).toBe('custom');
    expect(resetConfiguration().pricing).toBeUndefined();
    expect(costOf({ model: 'gpt-4o', ...million }).priceTable).toBe(TABLE);
  });

  it('rejects bad prices with a message naming the option', () => {
    const attempt = (pricing: unknown) => () => configure({ pricing: pricing as never });
    expect(attempt({ models: { m: { input: -1, output: 1 } } })).toThrow(
      new ContextValidationError(
        'pricing.models.m.input',
        'configure: pricing.models.m.input must be a number >= 0 (USD per million tokens), got number -1',
      ),
    );
    expect(attempt({ models: { m: { input: 1, output: '2' } } })).toThrow(
      'configure: pricing.models.m.output must be a number >= 0 (USD per million tokens), got string "2"',
    );
    expect(attempt({ models: { m: { input: 1, output: 2, cached: 1 } } })).toThrow(
      'configure: pricing.models.m has an unknown price "cached" (known: input, cachedInput, cacheWrite, cacheWrite1h, output)',
    );
    expect(attempt({ models: { m: { input: 1 } } })).toThrow(
      'configure: pricing.models.m.output must be a number >= 0 (USD per million tokens), got undefined',
    );
    expect(attempt({ models: {}, table: {} })).toThrow(
      'configure: pricing has an unknown key "table" (known: models, name, replace)',
    );
    expect(attempt({ name: 'mine' })).toThrow(
      'configure: pricing.models must map model names to prices, got undefined',
    );
    expect(attempt([])).toThrow(
      'configure: pricing must be { models, name?, replace? }, got an array',
    );
    expect(attempt({ models: { m: { input: Number.POSITIVE_INFINITY, output: 1 } } })).toThrow(
      'configure: pricing.models.m.input must be a number >= 0 (USD per million tokens), got number Infinity',
    );
  });
});
