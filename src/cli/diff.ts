import { formatCost, formatCount, formatDuration, formatTokens } from './format.js';
import { type Group, type GroupFigures, type GroupKeyName, keyText } from './group-by.js';
import { NO_VALUE } from './render-groups.js';
import { table } from './render-summary.js';
import type { Style } from './style.js';

/** One group before and after: `null` on the side where it has no call. */
export interface GroupChange {
  readonly key: Group['key'];
  readonly before: GroupFigures | null;
  readonly after: GroupFigures | null;
}

const figures = ({ key: _key, ...rest }: Group): GroupFigures => rest;

/**
 * Pairs the groups of two runs by key, the largest change of cost first (then the larger cost
 * after, then by key), so a reviewer reads what moved most at the top.
 *
 * @example
 * ```ts
 * diffGroups(groupCalls(before, ['model']), groupCalls(after, ['model']));
 * // [{ key: { model: 'gpt-4o' }, before: { calls: 10, ... }, after: { calls: 12, ... } }, ...]
 * ```
 */
export function diffGroups(before: readonly Group[], after: readonly Group[]): GroupChange[] {
  const changes = new Map<
    string,
    { key: Group['key']; before: GroupFigures | null; after: GroupFigures | null }
  >();
  for (const group of before) {
    changes.set(keyText(group.key), { key: group.key, before: figures(group), after: null });
  }
  for (const group of after) {
    const id = keyText(group.key);
    const change = changes.get(id);
    if (change === undefined)
      changes.set(id, { key: group.key, before: null, after: figures(group) });
    else change.after = figures(group);
  }
  const cost = (side: GroupFigures | null) => side?.cost ?? 0;
  return [...changes.entries()]
    .sort(
      ([idA, a], [idB, b]) =>
        Math.abs(cost(b.after) - cost(b.before)) - Math.abs(cost(a.after) - cost(a.before)) ||
        cost(b.after) - cost(a.after) ||
        (idA < idB ? -1 : idA > idB ? 1 : 0),
    )
    .map(([, change]) => change);
}

const errorRate = (side: GroupFigures) => (side.calls === 0 ? 0 : side.errors / side.calls);
const signed = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? `-${text}` : text);

/** `+50%`, `-12.5%`, `new` from nothing; `=` when unchanged. */
function relative(before: number | null, after: number | null): string {
  if (before === after) return '=';
  if (before === null || before === 0) return after === null ? '=' : 'new';
  if (after === null) return 'gone';
  const change = ((after - before) / before) * 100;
  return signed(change, `${Number(Math.abs(change).toFixed(1))}%`);
}

/** A metric before and after, and its change: `$0.1000 → $0.1500 (+50%)`. */
function cell<T>(
  change: GroupChange,
  read: (side: GroupFigures) => T,
  show: (value: T, side: GroupFigures) => string,
  delta: (before: T, after: T) => string,
): string {
  const { before, after } = change;
  if (before === null) return after === null ? '' : `- → ${show(read(after), after)} (new)`;
  if (after === null) return `${show(read(before), before)} → - (gone)`;
  const [b, a] = [read(before), read(after)];
  return `${show(b, before)} → ${show(a, after)} (${delta(b, a)})`;
}

/** The metric cells of a change: calls, cost, tokens, p95 latency, error rate. */
export function changeCells(change: GroupChange): string[] {
  return [
    cell(
      change,
      (side) => side.calls,
      (n) => formatCount(n),
      (b, a) => (a === b ? '=' : signed(a - b, formatCount(Math.abs(a - b)))),
    ),
    cell(
      change,
      (side) => side.cost,
      (cost, side) => formatCost(cost ?? undefined, cost !== null && side.costUnknownCalls > 0),
      relative,
    ),
    cell(
      change,
      (side) => side.tokens,
      (tokens, side) =>
        formatTokens(tokens ?? undefined, tokens !== null && side.tokensUnknownCalls > 0),
      relative,
    ),
    cell(
      change,
      (side) => side.latencyMs.p95,
      (ms) => (ms === null ? '-' : formatDuration(ms)),
      relative,
    ),
    cell(
      change,
      errorRate,
      (rate) => `${Number((rate * 100).toFixed(1))}%`,
      (b, a) => (a === b ? '=' : signed(a - b, `${Number(Math.abs((a - b) * 100).toFixed(1))} pt`)),
    ),
  ];
}

/**
 * `leanllm-logs diff`'s table: a heading naming both inputs and the grouping, a row per group
 * (largest change of cost first), then the totals.
 */
export function renderDiff(
  names: readonly [string, string],
  by: readonly GroupKeyName[],
  changes: readonly GroupChange[],
  totals: GroupChange,
  style: Style,
): string {
  const rows = changes.map((change) => [
    ...by.map((name) => change.key[name] ?? NO_VALUE),
    ...changeCells(change),
  ]);
  const total = ['all calls', ...by.slice(1).map(() => ''), ...changeCells(totals)];
  const lines = [
    style.bold(`leanllm-logs diff ${names[0]} → ${names[1]}, by ${by.join(', ')}`),
    ...table(
      [[...by, 'calls', 'cost', 'tokens', 'p95 latency', 'error rate'], ...rows, total],
      new Set(),
      style,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
