import type { ModelPrice } from '../../context/pricing-options.js';

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
