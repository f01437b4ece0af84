import { z } from 'zod';
import { contextString, describeValue } from './schema.js';

// The pricing option of `configure()`, once: the schema that checks it and the types inferred
// from it. It sits in context/ because `configure()` checks it; events/pricing/ prices calls with it.

const priceMessage = (issue: { input: unknown }) =>
  `must be a number >= 0 (USD per million tokens), got ${describeValue(issue.input)}`;

const usdPerMillionTokens = z.number({ error: priceMessage }).min(0, { error: priceMessage });

const ModelPriceSchema = z.strictObject(
  {
    input: usdPerMillionTokens,
    output: usdPerMillionTokens,
    cachedInput: usdPerMillionTokens.optional(),
    cacheWrite: usdPerMillionTokens.optional(),
    cacheWrite1h: usdPerMillionTokens.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has an unknown price ${JSON.stringify(String(issue.keys[0]))} (known: input, cachedInput, cacheWrite, cacheWrite1h, output)`
        : `must be { input, output, cachedInput?, cacheWrite?, cacheWrite1h? }, got ${describeValue(issue.input)}`,
  },
);

/** What `configure({ pricing })` accepts; the messages name what is wrong. */
export const PricingOptionsSchema = z.strictObject(
  {
    models: z.record(z.string().min(1).max(256), ModelPriceSchema, {
      error: (issue) => `must map model names to prices, got ${describeValue(issue.input)}`,
    }),
    name: contextString.optional(),
    replace: z
      .boolean({ error: (issue) => `must be a boolean, got ${describeValue(issue.input)}` })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has an unknown key ${JSON.stringify(String(issue.keys[0]))} (known: models, name, replace)`
        : `must be { models, name?, replace? }, got ${describeValue(issue.input)}`,
  },
);

/**
 * The price of one model, in USD per million tokens. `cachedInput` prices input read from the
 * provider's prompt cache and `cacheWrite` input written to it (for 5 minutes, Anthropic's
 * default); either defaults to `input` when absent. `cacheWrite1h` prices input written to the
 * cache for 1 hour (defaults to `cacheWrite`). Reasoning tokens are output.
 *
 * @example
 * ```ts
 * const price: ModelPrice = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, cacheWrite1h: 6, output: 15 };
 * ```
 */
export type ModelPrice = Readonly<z.infer<typeof ModelPriceSchema>>;

/**
 * `configure({ pricing })`: prices to add over the built-in price data (the default), or a
 * whole table that replaces it (`replace: true`). `name` is what lines priced with it carry as
 * `price_table`: by default `"<built-in name>+custom"` when extending, `"custom"` when replacing.
 *
 * @example
 * ```ts
 * configure({ pricing: { models: { 'my-finetune': { input: 3, output: 12 } } } });
 * configure({ pricing: { replace: true, name: 'acme-2026-12', models: { 'gpt-4o': { input: 2, output: 8 } } } });
 * ```
 */
export type PricingOptions = Readonly<
  Omit<z.infer<typeof PricingOptionsSchema>, 'models'> & {
    readonly models: Readonly<Record<string, ModelPrice>>;
  }
>;
