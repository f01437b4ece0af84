import type { PricingOptions } from '../../context/pricing-options.js';
import { BUILT_IN_PRICE_TABLE } from './builtin.js';
import type { PriceTable } from './table.js';

const resolved = new WeakMap<PricingOptions, PriceTable>();

function resolve(options: PricingOptions): PriceTable {
  if (options.replace === true) {
    return Object.freeze({ name: options.name ?? 'custom', models: options.models });
  }
  return Object.freeze({
    name: options.name ?? `${BUILT_IN_PRICE_TABLE.name}+custom`,
    models: Object.freeze({ ...BUILT_IN_PRICE_TABLE.models, ...options.models }),
  });
}

/** The price table in effect for `configure({ pricing })` (the built-in one when not set). */
export function activePriceTable(options: PricingOptions | undefined): PriceTable {
  if (options === undefined) return BUILT_IN_PRICE_TABLE;
  let table = resolved.get(options);
  if (table === undefined) {
    table = resolve(options);
    resolved.set(options, table);
  }
  return table;
}
