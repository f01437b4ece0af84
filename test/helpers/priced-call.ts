import { expect } from 'vitest';
import { type LlmCall, logLlmCall } from '../../src/index.js';
import { capture } from './capture.js';

/**
 * Logs `call` (a `gpt-4o` call to `openai` unless it says otherwise) and returns the cost, its
 * source and price table, after checking the line says exactly what the event does.
 */
export function pricedCall(call: Partial<LlmCall>) {
  const { logger, lines } = capture();
  const event = logLlmCall(logger, { model: 'gpt-4o', provider: 'openai', latencyMs: 1, ...call });
  const line = lines()[0] ?? {};
  expect([line.cost, line.cost_source, line.price_table]).toEqual([
    event.cost,
    event.costSource,
    event.priceTable,
  ]);
  return { cost: event.cost, costSource: event.costSource, priceTable: event.priceTable };
}
