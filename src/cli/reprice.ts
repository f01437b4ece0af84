import type { Prices } from '../events/pricing/active.js';
import type { LlmEvent } from '../events/schema.js';
import { formatCost, formatCount } from './format.js';
import { table } from './render-summary.js';
import type { Style } from './style.js';

/** Logged against repriced costs of one model's calls. */
export interface ModelRepricing {
  readonly model: string;
  calls: number;
  /** The sum of the costs the lines carry; `null` when none had one. */
  loggedCost: number | null;
  /** Calls logged without a cost. */
  loggedUnknownCalls: number;
  /** The sum of the costs recomputed now; `null` when none has one. */
  repricedCost: number | null;
  /** Calls that still have no cost. */
  repricedUnknownCalls: number;
}

/** `--reprice`: the prices used, and logged against repriced totals per model and overall. */
export interface Repricing {
  /** The name of the prices used (`genai-prices@0.1.8+leanllm-2026-11-23`, or the file's). */
  readonly prices: string;
  /** By repriced cost, largest first. */
  readonly models: ModelRepricing[];
  readonly total: ModelRepricing;
}

const add = (sum: number | null, cost: number | undefined) =>
  cost === undefined ? sum : (sum ?? 0) + cost;

function tally(row: ModelRepricing, logged: number | undefined, repriced: number | undefined) {
  row.calls++;
  row.loggedCost = add(row.loggedCost, logged);
  if (logged === undefined) row.loggedUnknownCalls++;
  row.repricedCost = add(row.repricedCost, repriced);
  if (repriced === undefined) row.repricedUnknownCalls++;
}

const emptyRow = (model: string): ModelRepricing => ({
  model,
  calls: 0,
  loggedCost: null,
  loggedUnknownCalls: 0,
  repricedCost: null,
  repricedUnknownCalls: 0,
});

/**
 * Recomputes each event's cost with `prices` as it is read, and keeps the logged and the new
 * totals per model. A cost the provider reported stays as logged; any other is replaced (or
 * gained, when the prices now know the model, or lost, when they no longer do).
 */
export class Repricer {
  readonly #prices: Prices;
  readonly #models = new Map<string, ModelRepricing>();
  readonly #total = emptyRow('(all models)');

  constructor(prices: Prices) {
    this.#prices = prices;
  }

  /** Reprices `event` in place (its `cost`, `costSource`, `priceTable`) and counts it. */
  reprice(event: LlmEvent): void {
    const logged = event.cost;
    if (event.costSource !== 'provider') {
      const cost = this.#prices.costOf(event);
      event.cost = cost;
      event.costSource = cost === undefined ? undefined : 'table';
      event.priceTable = cost === undefined ? undefined : this.#prices.name();
    }
    let row = this.#models.get(event.model);
    if (row === undefined) {
      row = emptyRow(event.model);
      this.#models.set(event.model, row);
    }
    tally(row, logged, event.cost);
    tally(this.#total, logged, event.cost);
  }

  result(): Repricing {
    const models = [...this.#models.values()].sort(
      (a, b) =>
        (b.repricedCost ?? -1) - (a.repricedCost ?? -1) ||
        b.calls - a.calls ||
        a.model.localeCompare(b.model),
    );
    return { prices: this.#prices.name(), models, total: this.#total };
  }
}

/** A change of cost: `+$0.1490`, `-$0.0010`, `$0`; empty when either side is unknown. */
function change(row: ModelRepricing): string {
  if (row.loggedCost === null || row.repricedCost === null) return '';
  const delta = Math.round((row.repricedCost - row.loggedCost) * 1e10) / 1e10;
  if (delta === 0) return '$0';
  return `${delta > 0 ? '+' : '-'}${formatCost(Math.abs(delta))}`;
}

/** What a row's change column says: the change, and the calls the prices now know. */
function changeCell(row: ModelRepricing): string {
  const gained = row.loggedUnknownCalls - row.repricedUnknownCalls;
  const newly = gained > 0 ? `${formatCount(gained)} newly priced` : '';
  if (row.loggedCost === null) return newly;
  return [change(row), newly].filter((text) => text !== '').join(' · ');
}

const costCell = (cost: number | null, unknownCalls: number) =>
  formatCost(cost ?? undefined, cost !== null && unknownCalls > 0);

/**
 * `--reprice` in the text formats: the prices used, then logged against repriced cost per
 * model and for all models (`≥` marks a sum that leaves out calls without a cost).
 */
export function renderRepricing(repricing: Repricing, style: Style): string {
  const rows = [...repricing.models, { ...repricing.total, model: 'all models' }].map((row) => [
    row.model,
    formatCount(row.calls),
    costCell(row.loggedCost, row.loggedUnknownCalls),
    costCell(row.repricedCost, row.repricedUnknownCalls),
    changeCell(row),
  ]);
  const lines = [
    style.bold(`repriced with ${repricing.prices}`),
    ...table(
      [['model', 'calls', 'logged', 'repriced', 'change'], ...rows],
      new Set([1, 2, 3]),
      style,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
