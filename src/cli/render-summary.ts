import type { CallGraph } from '../graph/call-graph.js';
import type { SORT_KEYS } from './args.js';
import { formatCount, formatDuration } from './format.js';
import { costText, modelRows, rollUpGraph, runTotals, tokensText } from './rendered-graph.js';
import { sortGraphs } from './select.js';
import type { RunStats } from './stats.js';
import type { Style } from './style.js';

/** How many correlations the summary lists without --top. */
export const SUMMARY_TOP = 10;

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** Lays rows out in columns (the first row is the heading); `right` columns align right. */
export function table(rows: string[][], right: ReadonlySet<number>, style: Style): string[] {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row, index) => {
    const line = row
      .map((cell, column) =>
        right.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
    return `  ${index === 0 ? style.dim(line) : line}`;
  });
}

/**
 * `--format summary`: one screen. What was read, the totals, the top correlations (by cost, or
 * by `--sort`), and the models by cost and tokens.
 */
export function renderSummary(
  graphs: readonly CallGraph[],
  stats: RunStats,
  options: {
    readonly sort: (typeof SORT_KEYS)[number] | undefined;
    readonly top: number | undefined;
  },
  style: Style,
): string {
  const models = modelRows(graphs);
  const totals = runTotals(graphs);
  const costUnknown = totals.cost.unknownCalls;
  const tokensUnknown = totals.tokens.unknownCalls;
  const read = [
    plural(stats.events, 'event'),
    `${formatCount(stats.otherLines)} other`,
    `${formatCount(stats.malformedLines)} malformed`,
    `${formatCount(stats.blankLines)} blank`,
    `${formatCount(stats.truncatedLines)} truncated`,
  ];
  if (stats.oversizedLines > 0) read.push(`${formatCount(stats.oversizedLines)} oversized`);
  const built = [
    plural(graphs.length, 'correlation'),
    plural(totals.calls, 'call'),
    plural(stats.orphans, 'orphan'),
    plural(stats.duplicates, 'duplicate'),
  ];
  if (stats.cycles > 0) built.push(plural(stats.cycles, 'cycle'));
  if (stats.suspectUsage > 0) built.push(`${formatCount(stats.suspectUsage)} suspect usage`);
  if (stats.excludedEvents > 0)
    built.push(`${formatCount(stats.excludedEvents)} excluded by filters`);
  const lines = [
    style.bold('leanllm-logs summary'),
    `  lines   ${formatCount(stats.lines)} in ${plural(stats.files.length, 'input')}: ${read.join(' · ')}`,
    `  graphs  ${built.join(' · ')}`,
    `  cost    ${costText(totals.cost)}${costUnknown > 0 ? ` (${plural(costUnknown, 'call')} without a cost)` : ''}`,
    `  work    ${formatDuration(totals.work)} of LLM latency`,
    `  tokens  ${tokensText(totals.tokens)}${tokensUnknown > 0 ? ` (${plural(tokensUnknown, 'call')} without a count)` : ''}`,
  ];
  const sort = options.sort ?? 'cost';
  const top = sortGraphs(graphs, sort).slice(0, options.top ?? SUMMARY_TOP);
  if (top.length > 0) {
    lines.push(
      '',
      style.bold(`top ${top.length} correlation${top.length === 1 ? '' : 's'} by ${sort}`),
    );
    const rows = top.map((graph) => {
      const rollUp = rollUpGraph(graph);
      return [
        costText(rollUp.cost),
        formatCount(rollUp.calls),
        formatDuration(rollUp.work),
        formatDuration(rollUp.wall),
        tokensText(rollUp.tokens),
        graph.correlationId,
      ];
    });
    lines.push(
      ...table(
        [['cost', 'calls', 'work', 'wall', 'tokens', 'correlation'], ...rows],
        new Set([0, 1, 2, 3, 4]),
        style,
      ),
    );
  }
  if (models.length > 0) {
    lines.push('', style.bold('models by cost and tokens'));
    const rows = models.map((row) => [
      row.model,
      row.provider,
      formatCount(row.calls),
      costText(row.cost),
      tokensText(row.tokens),
    ]);
    lines.push(
      ...table(
        [['model', 'provider', 'calls', 'cost', 'tokens'], ...rows],
        new Set([2, 3, 4]),
        style,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
