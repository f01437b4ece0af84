// What a model costs, compiled once per model into the shape the cost arithmetic reads on every
// call: for each period (a price change on a date, an off-peak window), bands by input size
// (long-context tiers), each band one rate per kind of token. Compiled from genai-prices'
// model prices or from a `ModelPrice` of ours.
import type {
  ModelPrice as GenaiModelPrice,
  ModelInfo,
  TieredPrices,
} from '@pydantic/genai-prices';
import type { ModelPrice } from '../../context/pricing-options.js';

/** USD per million tokens of each kind, and USD per call. */
export interface Rates {
  readonly input: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  readonly cacheWrite1h: number;
  readonly output: number;
  readonly reasoning: number;
  readonly perCall: number;
}

/** Rates that apply to a call whose input tokens (all of them, cached included) exceed `above`. */
export interface Band {
  readonly above: number;
  readonly rates: Rates;
}

/** The bands in effect over a span of time; `applies` is absent for the default period. */
export interface Period {
  readonly applies?: (time: number) => boolean;
  /** Ascending by `above`; the first is the base band (`above: -1`). */
  readonly bands: readonly Band[];
}

/** A model's compiled prices: the periods, the first that applies (from the last) wins. */
export interface ModelRates {
  /** The price entry's id (the model it is priced as). */
  readonly id: string;
  readonly periods: readonly Period[];
}

const flat = (rates: Rates): readonly Band[] => [{ above: -1, rates }];

/** Compiles one of our `ModelPrice` entries: one period, one band. */
export function ratesOfModelPrice(id: string, price: ModelPrice): ModelRates {
  const cacheWrite = price.cacheWrite ?? price.input;
  return {
    id,
    periods: [
      {
        bands: flat({
          input: price.input,
          cacheRead: price.cachedInput ?? price.input,
          cacheWrite,
          cacheWrite1h: price.cacheWrite1h ?? cacheWrite,
          output: price.output,
          reasoning: price.output,
          perCall: 0,
        }),
      },
    ],
  };
}

type Price = number | TieredPrices | undefined;

const isTiered = (price: Price): price is TieredPrices => typeof price === 'object';

/**
 * A price for calls of more than `above` input tokens: the price of its last tier whose start
 * is at most `above` (genai-prices applies a tier when the input exceeds its start).
 */
function priceAt(price: Price, above: number): number | undefined {
  if (!isTiered(price)) return price;
  let value = price.base;
  for (const tier of price.tiers) if (above >= tier.start) value = tier.price;
  return value;
}

/**
 * genai-prices' prices as bands: a key it does not price falls back to its parent, as the
 * library decomposes usage (a cache read without `cache_read_mtok` is input, a 1-hour write
 * without `cache_write_1h_mtok` is a cache write, reasoning without `output_reasoning_mtok` is
 * output). Tier starts are the union of every key's, each key priced by its own tiers.
 */
function bandsOfGenaiPrice(price: GenaiModelPrice): readonly Band[] {
  const starts = new Set<number>([-1]);
  for (const value of Object.values(price))
    if (isTiered(value)) for (const tier of value.tiers) starts.add(tier.start);
  return [...starts]
    .sort((a, b) => a - b)
    .map((above) => {
      const at = (key: string) => priceAt(price[key], above);
      const input = at('input_mtok') ?? 0;
      const cacheWrite = at('cache_write_mtok') ?? input;
      const output = at('output_mtok') ?? 0;
      return {
        above,
        rates: {
          input,
          cacheRead: at('cache_read_mtok') ?? input,
          cacheWrite,
          cacheWrite1h: at('cache_write_1h_mtok') ?? cacheWrite,
          output,
          reasoning: at('output_reasoning_mtok') ?? output,
          perCall: (at('requests_kcount') ?? 0) / 1000,
        },
      };
    });
}

function timeOfDaySeconds(text: string): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (match === null) return Number.NaN;
  const [, h, m, s, zone, sign, zh = '0', zm = '0'] = match;
  const offset = zone === 'Z' ? 0 : (sign === '+' ? 1 : -1) * (Number(zh) * 60 + Number(zm)) * 60;
  return (Number(h) * 3600 + Number(m) * 60 + Number(s) - offset + 86_400) % 86_400;
}

/** When a conditional price of genai-prices applies: from a start date, or in a daily UTC window. */
function applicability(constraint: unknown): ((time: number) => boolean) | undefined {
  const rule = constraint as
    | { type?: string; start_date?: string; start_time?: string; end_time?: string }
    | undefined;
  if (rule === undefined) return undefined;
  if (
    rule.type === 'time_of_date' &&
    rule.start_time !== undefined &&
    rule.end_time !== undefined
  ) {
    const start = timeOfDaySeconds(rule.start_time);
    const end = timeOfDaySeconds(rule.end_time);
    return (time) => {
      const seconds = (time % 86_400_000) / 1000;
      return end < start ? seconds >= start || seconds < end : seconds >= start && seconds < end;
    };
  }
  const from = Date.parse(`${rule.start_date}T00:00:00Z`);
  return (time) => time >= from;
}

/** Compiles a genai-prices model: its conditional prices (by date or time of day) and tiers. */
export function ratesOfGenaiModel(model: ModelInfo): ModelRates {
  const { prices } = model;
  if (!Array.isArray(prices))
    return { id: model.id, periods: [{ bands: bandsOfGenaiPrice(prices) }] };
  return {
    id: model.id,
    periods: prices.map((conditional, index) => {
      const bands = bandsOfGenaiPrice(conditional.prices);
      // genai-prices falls back to the first entry when none applies: it never needs a test.
      const applies = index === 0 ? undefined : applicability(conditional.constraint);
      return applies === undefined ? { bands } : { applies, bands };
    }),
  };
}

/** The bands in effect at `time` (epoch ms): the last period that applies, else the first. */
export function bandsAt(rates: ModelRates, time: number): readonly Band[] {
  const { periods } = rates;
  for (let index = periods.length - 1; index > 0; index--) {
    const period = periods[index] as Period;
    if (period.applies === undefined || period.applies(time)) return period.bands;
  }
  return (periods[0] as Period).bands;
}

/** The rates of the band a call with `inputTokens` falls in. */
export function ratesFor(bands: readonly Band[], inputTokens: number): Rates {
  let rates = (bands[0] as Band).rates;
  for (let index = 1; index < bands.length; index++) {
    const band = bands[index] as Band;
    if (inputTokens > band.above) rates = band.rates;
  }
  return rates;
}
