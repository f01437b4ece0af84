/**
 * The price of one model, in USD per million tokens. `cachedInput` prices input read from the
 * provider's prompt cache and `cacheWrite` input written to it; either defaults to `input`
 * when absent.
 *
 * @example
 * ```ts
 * const price: ModelPrice = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 };
 * ```
 */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cachedInput?: number;
  readonly cacheWrite?: number;
}

/**
 * A named, dated set of model prices. Its `name` is written as `price_table` on every line
 * whose cost it computed, so a cost can always be traced back to the prices used.
 *
 * @example
 * ```ts
 * const table: PriceTable = {
 *   name: 'acme-negotiated-2026-01',
 *   models: { 'gpt-4o': { input: 2, cachedInput: 1, output: 8 } },
 * };
 * ```
 */
export interface PriceTable {
  readonly name: string;
  readonly models: Readonly<Record<string, ModelPrice>>;
}

// Dated snapshots and aliases of a priced model: gpt-4o-2024-08-06, claude-sonnet-4-5-20250929,
// claude-3-7-sonnet-latest.
const SNAPSHOT_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/**
 * The price of `model` in `table`: its own entry, else the entry of the model it is a dated
 * snapshot or `-latest` alias of. Undefined when the table does not know it.
 */
export function priceOf(table: PriceTable, model: string): ModelPrice | undefined {
  const { models } = table;
  if (Object.hasOwn(models, model)) return models[model];
  const base = model.replace(SNAPSHOT_SUFFIX, '');
  return base !== model && Object.hasOwn(models, base) ? models[base] : undefined;
}

/**
 * `configure({ pricing })`: prices to add over the built-in table (the default), or a whole
 * table that replaces it (`replace: true`). `name` is what lines priced with it carry as
 * `price_table`: by default `"<built-in name>+custom"` when extending, `"custom"` when replacing.
 *
 * @example
 * ```ts
 * configure({ pricing: { models: { 'my-finetune': { input: 3, output: 12 } } } });
 * configure({ pricing: { replace: true, name: 'acme-2026-12', models: { 'gpt-4o': { input: 2, output: 8 } } } });
 * ```
 */
export interface PricingOptions {
  readonly models: Readonly<Record<string, ModelPrice>>;
  readonly name?: string;
  readonly replace?: boolean;
}
