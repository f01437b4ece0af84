import { formatCost, formatCount, formatDuration, formatTokens } from './format.js';
import type { Group, GroupFigures, GroupKeyName } from './group-by.js';
import { table } from './render-summary.js';
import type { Style } from './style.js';

/** A grouping as computed: the keys it is by, and its groups, largest cost first. */
export interface Grouping {
  readonly by: readonly GroupKeyName[];
  readonly groups: readonly Group[];
}

/** How a missing key value is shown in the tables. */
export const NO_VALUE = '(none)';

const duration = (ms: number | null) => (ms === null ? '-' : formatDuration(ms));

/** A group's figures as table cells: calls, errors, cost, tokens, p50, p95, max, wasted. */
export function figureCells(figures: GroupFigures): string[] {
  return [
    formatCount(figures.calls),
    formatCount(figures.errors),
    formatCost(figures.cost ?? undefined, figures.costUnknownCalls > 0 && figures.cost !== null),
    formatTokens(
      figures.tokens ?? undefined,
      figures.tokensUnknownCalls > 0 && figures.tokens !== null,
    ),
    duration(figures.latencyMs.p50),
    duration(figures.latencyMs.p95),
    duration(figures.latencyMs.max),
    formatCost(figures.wastedCost),
  ];
}

/** The headings of `figureCells`. */
export const FIGURE_HEADINGS = ['calls', 'errors', 'cost', 'tokens', 'p50', 'p95', 'max', 'wasted'];

/**
 * The text table of each grouping (tree and summary): a heading naming the keys, then a row
 * per group, largest cost first; key columns on the left, figures right-aligned.
 */
export function renderGroupings(groupings: readonly Grouping[], style: Style): string {
  const lines: string[] = [];
  for (const { by, groups } of groupings) {
    lines.push('', style.bold(`calls by ${by.join(', ')}`));
    const rows = groups.map((group) => [
      ...by.map((name) => group.key[name] ?? NO_VALUE),
      ...figureCells(group),
    ]);
    const right = new Set(FIGURE_HEADINGS.map((_, index) => by.length + index));
    lines.push(...table([[...by, ...FIGURE_HEADINGS], ...rows], right, style));
  }
  return `${lines.join('\n')}\n`;
}
