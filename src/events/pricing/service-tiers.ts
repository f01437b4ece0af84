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

// OpenAI's priority prices of the GPT-5 and GPT-4.1 models exclude long context: a call of more
// than 128K prompt tokens is billed at the standard price. Prompt tokens are counted as
// `inputTokens` counts them, cached reads and writes included (OpenAI's `prompt_tokens`), so a
// priority call of more than this many input tokens costs what the standard tier would charge,
// its long-context tier included.
const PRIORITY_LONG_CONTEXT_ABOVE = 128_000;

// USD per million tokens, keyed by the model as genai-prices names it (snapshots and the aliases
// it prices as the model included: `gpt-5-codex` is `gpt-5`, `gpt-5.1-codex` is `gpt-5.1`).
// Priority prices up to PRIORITY_LONG_CONTEXT_ABOVE input tokens, the standard price above.
const OPENAI_PRIORITY_SHORT_CONTEXT: Readonly<Record<string, ModelPrice>> = {
  'gpt-5.5': { input: 12.5, cachedInput: 1.25, output: 75 },
  'gpt-5.4': { input: 5, cachedInput: 0.5, output: 30 },
  'gpt-5.4-mini': { input: 1.5, cachedInput: 0.15, output: 9 },
  'gpt-5.2': { input: 3.5, cachedInput: 0.35, output: 28 },
  'gpt-5.1': { input: 2.5, cachedInput: 0.25, output: 20 },
  'gpt-5': { input: 2.5, cachedInput: 0.25, output: 20 },
  'gpt-5-mini': { input: 0.45, cachedInput: 0.045, output: 3.6 },
  'gpt-4.1': { input: 3.5, cachedInput: 0.875, output: 14 },
  'gpt-4.1-mini': { input: 0.7, cachedInput: 0.175, output: 2.8 },
  'gpt-4.1-nano': { input: 0.2, cachedInput: 0.05, output: 0.8 },
};

// Priority prices of calls of any size.
const OPENAI_PRIORITY_ANY_CONTEXT: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o': { input: 4.25, cachedInput: 2.125, output: 17 },
  'gpt-4o-mini': { input: 0.25, cachedInput: 0.125, output: 1 },
  o3: { input: 3.5, cachedInput: 0.875, output: 14 },
  'o4-mini': { input: 2, cachedInput: 0.5, output: 8 },
};

/** A model's priority rates, and the input size above which its calls cost the standard price. */
interface PriorityRates {
  readonly rates: ModelRates;
  /** Input tokens (cached included) above which the standard price applies; Infinity: never. */
  readonly standardPriceAbove: number;
}

const priorityRatesOf = (
  prices: Readonly<Record<string, ModelPrice>>,
  standardPriceAbove: number,
): [string, PriorityRates][] =>
  Object.entries(prices).map(([id, price]) => [
    id,
    { rates: ratesOfModelPrice(id, price), standardPriceAbove },
  ]);

const priorityRates = new Map<string, PriorityRates>([
  ...priorityRatesOf(OPENAI_PRIORITY_SHORT_CONTEXT, PRIORITY_LONG_CONTEXT_ABOVE),
  ...priorityRatesOf(OPENAI_PRIORITY_ANY_CONTEXT, Number.POSITIVE_INFINITY),
]);

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
 * How a call of `inputTokens` (cached included) on a tier other than the standard one, of a
 * model priced `standard`, is billed, or undefined when the tier has no known price for it.
 * A priority call above its model's long-context threshold is billed at the standard rates.
 */
export function tierPricing(
  standard: ModelRates,
  serviceTier: string,
  inputTokens: number,
): TierPricing | undefined {
  const factor = DISCOUNTED_TIERS.get(serviceTier);
  if (factor !== undefined) return { rates: standard, factor };
  if (serviceTier !== 'priority') return undefined;
  const priority = priorityRates.get(standard.id);
  if (priority === undefined) return undefined;
  const rates = inputTokens > priority.standardPriceAbove ? standard : priority.rates;
  return { rates, factor: 1 };
}
