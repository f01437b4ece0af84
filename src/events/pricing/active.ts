import type { PricingOptions } from '../../context/pricing-options.js';
import { BUILT_IN_PRICE_TABLE } from './builtin.js';
import { costOf, type TokenCounts } from './cost.js';
import { genaiPriceData } from './genai-prices.js';
import {
  bandsAt,
  type ModelRates,
  ratesFor,
  ratesOfGenaiModel,
  ratesOfModelPrice,
} from './rates.js';
import { isStandardTier, tierPricing } from './service-tiers.js';
import { type PriceTable, priceOf } from './table.js';

/** What a call's cost is computed from: who served it, when it ended, its tokens and tier. */
export interface PricedCall extends TokenCounts {
  readonly provider: string;
  readonly model: string;
  readonly responseModel?: string | undefined;
  readonly serviceTier?: string | undefined;
  /** When the call ended (epoch ms): prices that changed on a date apply from that date. */
  readonly time: number;
}

/** Prices in effect: the user's over the built-in data, or the user's alone. */
export interface Prices {
  /** The name lines priced with these prices carry as `price_table`. */
  name(): string;
  /** The cost of `call` in USD, or undefined when its model, a token count or its tier's price is unknown. */
  costOf(call: PricedCall): number | undefined;
}

/**
 * OpenTelemetry `gen_ai.provider.name` values genai-prices does not match to the right provider
 * itself (it does `aws.bedrock`, `gcp.gemini`, `gcp.vertex_ai`, `mistral_ai`).
 */
const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  x_ai: 'x-ai',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
};

const NO_USAGE = Object.freeze({});

/**
 * The model genai-prices prices `model` as, served by `provider` (or, for a provider it does not
 * know, by whichever provider's models match the name), compiled; undefined when unknown.
 */
function genaiRates(provider: string, model: string): ModelRates | undefined {
  const { calcPrice, findProvider } = genaiPriceData().library;
  const providerId = Object.hasOwn(PROVIDER_ALIASES, provider)
    ? PROVIDER_ALIASES[provider]
    : provider;
  try {
    const known = findProvider({ providerId }) !== undefined;
    const found = calcPrice(NO_USAGE, model, known ? { providerId } : {});
    return found === null ? undefined : ratesOfGenaiModel(found.model);
  } catch {
    // A price entry the library itself cannot use: the model stays unknown.
    return undefined;
  }
}

/** The name lines priced from the built-in data carry: genai-prices' version, and the overlay's. */
export function builtInPricesName(): string {
  const data = `genai-prices@${genaiPriceData().version}`;
  return Object.keys(BUILT_IN_PRICE_TABLE.models).length === 0
    ? data
    : `${data}+${BUILT_IN_PRICE_TABLE.name}`;
}

/** Most models remembered per `Prices` before the cache starts over: model names may be untrusted. */
const MAX_CACHED_MODELS = 10_000;

/**
 * Prices from `user` (its entries first, or alone with `replace`), then genai-prices, then the
 * built-in overlay, each model compiled once and kept (the lookup is off the per-call path).
 */
function createPrices(user: PricingOptions | undefined): Prices {
  const replace = user?.replace === true;
  const table: PriceTable | undefined =
    user === undefined ? undefined : { name: user.name ?? 'custom', models: user.models };
  let name: string | undefined;
  const nameOf = (): string => {
    name ??= replace
      ? (user?.name ?? 'custom')
      : (user?.name ??
        (user === undefined ? builtInPricesName() : `${builtInPricesName()}+custom`));
    return name;
  };
  const cache = new Map<string, Map<string, ModelRates | null>>();
  let cached = 0;
  const compile = (provider: string, model: string): ModelRates | undefined => {
    const own = table === undefined ? undefined : priceOf(table, model);
    if (own !== undefined) return ratesOfModelPrice(model, own);
    if (replace) return undefined;
    const known = genaiRates(provider, model);
    if (known !== undefined) return known;
    const overlay = priceOf(BUILT_IN_PRICE_TABLE, model);
    return overlay === undefined ? undefined : ratesOfModelPrice(model, overlay);
  };
  // The last model looked up, checked first: an application calls few models, often the same.
  let lastProvider: string | undefined;
  let lastModel: string | undefined;
  let lastRates: ModelRates | null = null;
  const rates = (provider: string, model: string): ModelRates | undefined => {
    if (provider === lastProvider && model === lastModel) return lastRates ?? undefined;
    let models = cache.get(provider);
    if (models === undefined) {
      models = new Map();
      cache.set(provider, models);
    }
    let found = models.get(model);
    if (found === undefined) {
      if (cached >= MAX_CACHED_MODELS) {
        cache.clear();
        cached = 0;
        models = new Map();
        cache.set(provider, models);
      }
      found = compile(provider, model) ?? null;
      models.set(model, found);
      cached++;
    }
    lastProvider = provider;
    lastModel = model;
    lastRates = found;
    return found ?? undefined;
  };
  return {
    name: nameOf,
    costOf(call) {
      const model =
        rates(call.provider, call.model) ??
        (call.responseModel === undefined ? undefined : rates(call.provider, call.responseModel));
      if (model === undefined || call.inputTokens === undefined) return undefined;
      if (isStandardTier(call.serviceTier))
        return costOf(ratesFor(bandsAt(model, call.time), call.inputTokens), call);
      const tier = tierPricing(model, call.serviceTier as string, call.inputTokens);
      if (tier === undefined) return undefined;
      const cost = costOf(ratesFor(bandsAt(tier.rates, call.time), call.inputTokens), call);
      return cost === undefined ? undefined : Math.round(cost * tier.factor * 1e10) / 1e10;
    },
  };
}

const resolved = new WeakMap<PricingOptions, Prices>();
let builtIn: Prices | undefined;

/** The prices in effect for `configure({ pricing })` (the built-in data when not set), made once per option. */
export function activePrices(options: PricingOptions | undefined): Prices {
  if (options === undefined) {
    builtIn ??= createPrices(undefined);
    return builtIn;
  }
  let prices = resolved.get(options);
  if (prices === undefined) {
    prices = createPrices(options);
    resolved.set(options, prices);
  }
  return prices;
}
