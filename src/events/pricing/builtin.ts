import type { ModelPrice } from '../../context/pricing-options.js';
import type { PriceTable } from './table.js';

// Models genai-prices does not know yet, at their standard-tier list prices in USD per million
// tokens as the providers' own pages gave them on 2026-11-23
// (developers.openai.com/api/docs/pricing, platform.claude.com/docs/en/about-claude/pricing).
// An entry leaves as soon as genai-prices knows the model (a test fails until it does).
const OVERLAY: Record<string, ModelPrice> = {
  'gpt-6.1-sol': { input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 },
  'claude-mythos-5-1': {
    input: 10,
    cachedInput: 0.25,
    cacheWrite: 12.5,
    cacheWrite1h: 20,
    output: 50,
  },
  'claude-mythos-5': { input: 10, cachedInput: 1, cacheWrite: 12.5, cacheWrite1h: 20, output: 50 },
  'claude-haiku-5-5': {
    input: 0.1,
    cachedInput: 0.01,
    cacheWrite: 0.125,
    cacheWrite1h: 0.2,
    output: 0.5,
  },
};

for (const price of Object.values(OVERLAY)) Object.freeze(price);

/**
 * Prices for the models the bundled `@pydantic/genai-prices` data does not know yet: a small
 * dated overlay (standard tier, USD per million tokens) that shrinks as that data catches up.
 * Every other model is priced from genai-prices; lines priced with the built-in data carry
 * `price_table: "genai-prices@<version>+leanllm-2026-11-23"` (only `genai-prices@<version>`
 * once the overlay is empty). Dated snapshots and `-latest` aliases are priced as their model.
 *
 * @example
 * ```ts
 * import { BUILT_IN_PRICE_TABLE, configure } from 'leanllm-context';
 *
 * BUILT_IN_PRICE_TABLE.models['gpt-6.1-sol']; // { input: 2, cachedInput: 0.1, cacheWrite: 2.5, output: 10 }
 * configure({ pricing: { name: 'acme-2026-12', models: { 'acme-llm': { input: 1, output: 2 } } } });
 * ```
 */
export const BUILT_IN_PRICE_TABLE: PriceTable = Object.freeze({
  name: 'leanllm-2026-11-23',
  models: Object.freeze(OVERLAY),
});
