import { formatCost, formatCount } from './format.js';
import { type Group, keyText } from './group-by.js';
import { CLI_NAME, type TextOutput } from './io.js';
import { UsageError } from './usage-error.js';

/** `--max-cost`, `--max-p95-latency`, `--max-error-rate`: each undefined when not given. */
export interface Budgets {
  /** USD per group (or in total). */
  readonly maxCost: number | undefined;
  /** ms, against the nearest-rank p95 of the latencies. */
  readonly maxP95LatencyMs: number | undefined;
  /** A fraction of the calls, 0 to 1. */
  readonly maxErrorRate: number | undefined;
}

/**
 * Reads a budget's value: a plain non-negative decimal number (`0.5`, `1200`), at most `max`.
 * A `UsageError` names the option.
 *
 * @example
 * ```ts
 * parseBudget('--max-error-rate', '0.05', 1); // 0.05
 * ```
 */
export function parseBudget(option: string, value: string, max = Number.POSITIVE_INFINITY) {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n > max) {
    const range =
      max === Number.POSITIVE_INFINITY ? 'a number of 0 or more' : `a number from 0 to ${max}`;
    throw new UsageError(`${option} must be ${range} (got '${value}')`);
  }
  return n;
}

const percent = (fraction: number) => `${Number((fraction * 100).toFixed(2))}%`;
const ms = (value: number) => `${formatCount(value)} ms`;

/**
 * The breaches of the budgets, one sentence each, by group in the order given then by budget.
 * A cost over budget counts the known costs only (a group with unknown costs breaches when
 * what is known is already over).
 *
 * @example
 * ```ts
 * checkBudgets(groups, { maxCost: 1, maxP95LatencyMs: undefined, maxErrorRate: undefined });
 * // ['user=u-1: cost $1.2000 is over --max-cost $1.0000']
 * ```
 */
export function checkBudgets(groups: readonly Group[], budgets: Budgets): string[] {
  const breaches: string[] = [];
  for (const group of groups) {
    const where = keyText(group.key);
    const { maxCost, maxP95LatencyMs, maxErrorRate } = budgets;
    if (maxCost !== undefined && group.cost !== null && group.cost > maxCost) {
      const cost = formatCost(group.cost, group.costUnknownCalls > 0);
      breaches.push(`${where}: cost ${cost} is over --max-cost ${formatCost(maxCost)}`);
    }
    const p95 = group.latencyMs.p95;
    if (maxP95LatencyMs !== undefined && p95 !== null && p95 > maxP95LatencyMs) {
      breaches.push(
        `${where}: p95 latency ${ms(p95)} is over --max-p95-latency ${ms(maxP95LatencyMs)}`,
      );
    }
    const rate = group.calls === 0 ? 0 : group.errors / group.calls;
    if (maxErrorRate !== undefined && rate > maxErrorRate) {
      breaches.push(
        `${where}: error rate ${percent(rate)} (${formatCount(group.errors)} of ${formatCount(group.calls)} calls) is over --max-error-rate ${percent(maxErrorRate)}`,
      );
    }
  }
  return breaches;
}

/** Whether any budget was given. */
export const hasBudgets = (budgets: Budgets) =>
  budgets.maxCost !== undefined ||
  budgets.maxP95LatencyMs !== undefined ||
  budgets.maxErrorRate !== undefined;

/**
 * Names each budget breach on stderr; whether there was one.
 *
 * @example
 * ```ts
 * if (reportBreaches(groups, options.budgets, io.stderr)) status = 1;
 * ```
 */
export function reportBreaches(
  groups: readonly Group[],
  budgets: Budgets,
  stderr: TextOutput,
): boolean {
  if (!hasBudgets(budgets)) return false;
  const breaches = checkBudgets(groups, budgets);
  for (const breach of breaches) stderr.write(`${CLI_NAME}: over budget: ${breach}\n`);
  return breaches.length > 0;
}
