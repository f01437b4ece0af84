// What a call costs on a service tier other than the standard one. genai-prices has standard
// prices only, so the tiers are ours: OpenAI bills `flex` at its Batch rate, half the standard
// price of every token (long-context tiers included), and `priority` at a price of its own per
// model, published for the models below (developers.openai.com/api/docs/pricing, Priority tab);
// Anthropic and OpenAI bill `batch` at half. Any other tier (`scale`, Anthropic's `priority`,
// which is a contract) has no list price: the call's cost is then unknown, never the standard one.

import type { ModelPrice } from '../../context/pricing-options.js';
import { type ModelRates, ratesOfModelPrice } from './rates.js';

/** The tiers billed at the standard price: what OpenAI and Anthropic report for ordinary calls. */
const STANDARD_TIERS = new Set(['default', 'standard']);

/** Tiers billed at a share of the standard price. */
const DISCOUNTED_TIERS: ReadonlyMap<string, number> = new Map([
  ['flex', 0.5],
  ['batch', 0.5],
]);

// USD per million tokens, keyed by the model as genai-prices names it (snapshots included).
const OPENAI_PRIORITY: Readonly<Record<string, ModelPrice>> = {
  'gpt-5.2': { input: 3.5, cachedInput: 0.35, output: 28 },
  'gpt-5.1': { input: 2.5, cachedInput: 0.25, output: 20 },
  'gpt-5': { input: 2.5, cachedInput: 0.25, output: 20 },
  'gpt-5-mini': { input: 0.45, cachedInput: 0.045, output: 3.6 },
  'gpt-4.1': { input: 3.5, cachedInput: 0.875, output: 14 },
  'gpt-4.1-mini': { input: 0.7, cachedInput: 0.175, output: 2.8 },
  'gpt-4.1-nano': { input: 0.2, cachedInput: 0.05, output: 0.8 },
  'gpt-4o': { input: 4.25, cachedInput: 2.125, output: 17 },
  'gpt-4o-mini': { input: 0.25, cachedInput: 0.125, output: 1 },
  o3: { input: 3.5, cachedInput: 0.875, output: 14 },
  'o4-mini': { input: 2, cachedInput: 0.5, output: 8 },
};

const priorityRates = new Map<string, ModelRates>(
  Object.entries(OPENAI_PRIORITY).map(([id, price]) => [id, ratesOfModelPrice(id, price)]),
);

/** How a tier prices a call: the standard rates times `factor`, or rates of its own. */
export interface TierPricing {
  readonly rates: ModelRates;
  readonly factor: number;
}

/** Whether calls on `serviceTier` (as the provider reported it; absent: standard) cost the standard price. */
export function isStandardTier(serviceTier: string | undefined): boolean {
  return serviceTier === undefined || STANDARD_TIERS.has(serviceTier);
}

/**
 * How a call on a tier other than the standard one, of a model priced `standard`, is billed, or
 * undefined when the tier has no known price for it.
 */
export function tierPricing(standard: ModelRates, serviceTier: string): TierPricing | undefined {
  const factor = DISCOUNTED_TIERS.get(serviceTier);
  if (factor !== undefined) return { rates: standard, factor };
  if (serviceTier !== 'priority') return undefined;
  const rates = priorityRates.get(standard.id);
  return rates === undefined ? undefined : { rates, factor: 1 };
}
