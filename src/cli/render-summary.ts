import type { ExecutionGraph } from '../graph/execution-graph.js';
import type { SORT_KEYS } from './args.js';
import { formatCost, formatCount, formatDuration, formatTokens } from './format.js';
import { wallClockMs } from './render-tree.js';
import { sortGraphs } from './select.js';
import type { RunStats } from './stats.js';
import type { Style } from './style.js';

/** How many correlations the summary lists without --top. */
export const SUMMARY_TOP = 10;

export interface ModelRow {
  readonly model: string;
  readonly provider: string;
  calls: number;
  cost: number | undefined;
  costUnknown: number;
  tokens: number | undefined;
  tokensUnknown: number;
}

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

export function modelRows(graphs: readonly ExecutionGraph[]): ModelRow[] {
  const rows = new Map<string, ModelRow>();
  for (const graph of graphs) {
    for (const node of graph.flatten()) {
      const key = `${node.provider}\u0000${node.model}`;
      let row = rows.get(key);
      if (row === undefined) {
        row = {
          model: node.model,
          provider: node.provider,
          calls: 0,
          cost: undefined,
          costUnknown: 0,
          tokens: undefined,
          tokensUnknown: 0,
        };
        rows.set(key, row);
      }
      row.calls++;
      if (node.cost === undefined) row.costUnknown++;
      else row.cost = (row.cost ?? 0) + node.cost;
      if (node.totalTokens === undefined) row.tokensUnknown++;
      else row.tokens = (row.tokens ?? 0) + node.totalTokens;
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      (b.cost ?? -1) - (a.cost ?? -1) || (b.tokens ?? -1) - (a.tokens ?? -1) || b.calls - a.calls,
  );
}

/**
 * `--format summary`: one screen. What was read, the totals, the top correlations (by cost, or
 * by `--sort`), and the models by cost and tokens.
 */
export function renderSummary(
  graphs: readonly ExecutionGraph[],
  stats: RunStats,
  options: {
    readonly sort: (typeof SORT_KEYS)[number] | undefined;
    readonly top: number | undefined;
  },
  style: Style,
): string {
  const models = modelRows(graphs);
  const calls = models.reduce((sum, row) => sum + row.calls, 0);
  let cost: number | undefined;
  let tokens: number | undefined;
  let work = 0;
  for (const graph of graphs) {
    const graphCost = graph.totalCost();
    const graphTokens = graph.totalTokens();
    if (graphCost !== undefined) cost = (cost ?? 0) + graphCost;
    if (graphTokens !== undefined) tokens = (tokens ?? 0) + graphTokens;
    work += graph.totalLatencyMs();
  }
  const costUnknown = models.reduce((sum, row) => sum + row.costUnknown, 0);
  const tokensUnknown = models.reduce((sum, row) => sum + row.tokensUnknown, 0);
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
    plural(calls, 'call'),
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
    `  cost    ${formatCost(cost, costUnknown > 0 && cost !== undefined)}${costUnknown > 0 ? ` (${plural(costUnknown, 'call')} without a cost)` : ''}`,
    `  work    ${formatDuration(work)} of LLM latency`,
    `  tokens  ${formatTokens(tokens, tokensUnknown > 0 && tokens !== undefined)}${tokensUnknown > 0 ? ` (${plural(tokensUnknown, 'call')} without a count)` : ''}`,
  ];
  const sort = options.sort ?? 'cost';
  const top = sortGraphs(graphs, sort).slice(0, options.top ?? SUMMARY_TOP);
  if (top.length > 0) {
    lines.push(
      '',
      style.bold(`top ${top.length} correlation${top.length === 1 ? '' : 's'} by ${sort}`),
    );
    const rows = top.map((graph) => {
      const nodes = graph.flatten();
      const cost = graph.totalCost();
      const tokens = graph.totalTokens();
      const partialCost = cost !== undefined && nodes.some((node) => node.cost === undefined);
      const partialTokens =
        tokens !== undefined && nodes.some((node) => node.totalTokens === undefined);
      return [
        formatCost(cost, partialCost),
        formatCount(nodes.length),
        formatDuration(graph.totalLatencyMs()),
        formatDuration(wallClockMs(nodes)),
        formatTokens(tokens, partialTokens),
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
      formatCost(row.cost, row.costUnknown > 0 && row.cost !== undefined),
      formatTokens(row.tokens, row.tokensUnknown > 0 && row.tokens !== undefined),
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
