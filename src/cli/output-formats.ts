// The output formats: what each reads of the events, and how it is written.
import type { LlmEvent } from '../events/schema.js';
import { LINE_FIELDS } from '../fields/line-fields.js';
import type { CallGraph } from '../graph/call-graph.js';
import { LINE_CONTEXT_FIELDS } from '../graph/line-context.js';
import type { EventFieldSelection } from '../graph/parse-log-line.js';
import type { CliOptions } from './args.js';
import type { CallDetails } from './call-details.js';
import { formatCount } from './format.js';
import { GROUPING_FIELDS } from './grouped-calls.js';
import { type Grouping, renderGroupings } from './render-groups.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderOtlp } from './render-otlp.js';
import { renderSummary } from './render-summary.js';
import { renderTree } from './render-tree.js';
import { type Repricer, type Repricing, renderRepricing } from './reprice.js';
import type { RunStats } from './stats.js';
import type { Style } from './style.js';

/** The optional event fields each output needs (the reader keeps only those). */
const SUMMARY_FIELDS: EventFieldSelection = new Set([
  'parentRequestId',
  'operation',
  'sampledOut', // tells a sampled-out parent from an orphan
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'cost',
]);
const GRAPH_FIELDS: EventFieldSelection = new Set([...SUMMARY_FIELDS, 'section', 'toolCalls']);
/** What `--reprice` reads besides: everything a cost is computed from. */
const PRICED_FIELDS: readonly (keyof LlmEvent)[] = [
  'responseModel',
  'reasoningTokens',
  'serviceTier',
  'costSource',
];
/** JSON nodes also carry the line's context, so graphs can be sliced by user, feature, tag. */
const JSON_FIELDS: EventFieldSelection = new Set([...GRAPH_FIELDS, ...LINE_CONTEXT_FIELDS]);
/** The outputs that show a call's details (html, otlp) read every field. */
const ALL_FIELDS: EventFieldSelection = new Set(LINE_FIELDS.map((field) => field.name));

/** What a format's renderer is given. */
export interface RenderInput {
  readonly stats: RunStats;
  readonly options: CliOptions;
  readonly style: Style;
  /** Every kept call's details (for the formats that show them). */
  readonly details: CallDetails;
  readonly now: () => number;
  /** `--reprice`: logged against repriced totals. */
  readonly repricing: Repricing | undefined;
  /** The `--group-by` groupings (none without it). */
  readonly groupings: readonly Grouping[];
}

/** One output format: what the reader keeps for it, and how it is written. */
interface OutputFormat {
  /** The optional event fields the output needs. */
  readonly keep: EventFieldSelection;
  /** Whether the output shows each call's details (every field, the prompt and completion). */
  readonly details: boolean;
  /** Whether `--sort` and `--top` order and cut the graphs (the summary ranks its own table). */
  readonly sortsGraphs: boolean;
  render(graphs: CallGraph[], input: RenderInput): Iterable<string>;
}

/**
 * Every `--format`: the one place a new output format is added (besides its renderer).
 *
 * @example
 * ```ts
 * const pieces = OUTPUT_FORMATS[options.format].render(graphs, input);
 * ```
 */
export const OUTPUT_FORMATS: Readonly<Record<CliOptions['format'], OutputFormat>> = {
  tree: {
    keep: GRAPH_FIELDS,
    details: false,
    sortsGraphs: true,
    render: (graphs, { stats, style, repricing, groupings }) =>
      treeThenAccount(graphs, stats, style, repricing, groupings),
  },
  json: {
    keep: JSON_FIELDS,
    details: false,
    sortsGraphs: true,
    render: (graphs, { stats, repricing, groupings }) =>
      renderJson(
        graphs,
        stats,
        repricing,
        groupings.length === 0 ? undefined : groupings.flatMap((grouping) => grouping.groups),
      ),
  },
  summary: {
    keep: SUMMARY_FIELDS,
    details: false,
    sortsGraphs: false,
    render: (graphs, { stats, options, style, repricing, groupings }) => [
      renderSummary(graphs, stats, options, style),
      ...repricedText(repricing, style),
      ...groupTables(groupings, style),
    ],
  },
  html: {
    keep: ALL_FIELDS,
    details: true,
    sortsGraphs: true,
    render: (graphs, { stats, details, now, groupings }) =>
      renderHtml(graphs, stats, details, now(), groupings),
  },
  otlp: {
    keep: ALL_FIELDS,
    details: true,
    sortsGraphs: true,
    render: (graphs, { details }) => renderOtlp(graphs, details),
  },
};

function* treeThenAccount(
  graphs: CallGraph[],
  stats: RunStats,
  style: Style,
  repricing: Repricing | undefined,
  groupings: readonly Grouping[],
) {
  yield* renderTree(graphs, style);
  yield* repricedText(repricing, style, graphs.length > 0);
  const alone = graphs.length === 0 && repricing === undefined; // no blank line before it
  const tables = groupTables(groupings, style);
  if (alone && tables[0] !== undefined) tables[0] = tables[0].slice(1);
  yield* tables;
  const text = account(stats, style);
  yield alone && tables.length === 0 ? text.slice(1) : text;
}

/** `--reprice`'s table for the text formats, after a blank line (none when not repricing). */
function repricedText(repricing: Repricing | undefined, style: Style, after = true): string[] {
  if (repricing === undefined) return [];
  return [`${after ? '\n' : ''}${renderRepricing(repricing, style)}`];
}

/** The grouping tables, when `--group-by` is given. */
function groupTables(groupings: readonly Grouping[], style: Style): string[] {
  return groupings.length === 0 ? [] : [renderGroupings(groupings, style)];
}

/** The tree view's last lines: how every line read was accounted for. */
function account(stats: RunStats, style: Style): string {
  const counts: [number, string, string][] = [
    [stats.events, 'event', 'events'],
    [stats.otherLines, 'other', 'other'],
    [stats.malformedLines, 'malformed', 'malformed'],
    [stats.blankLines, 'blank', 'blank'],
    [stats.truncatedLines, 'truncated', 'truncated'],
    [stats.oversizedLines, 'oversized', 'oversized'],
    [stats.orphans, 'orphan', 'orphans'],
    [stats.sampledOutParents, 'sampled-out parent', 'sampled-out parents'],
    [stats.duplicates, 'duplicate', 'duplicates'],
    [stats.cycles, 'cycle cut', 'cycles cut'],
    [stats.suspectUsage, 'suspect usage', 'suspect usage'],
    [stats.excludedEvents, 'excluded by filters', 'excluded by filters'],
  ];
  const shown = counts
    .filter(([n], index) => n > 0 || index < 3)
    .map(([n, one, many]) => `${formatCount(n)} ${n === 1 ? one : many}`);
  const inputs =
    stats.files.length === 1 ? (stats.files[0] as string) : `${stats.files.length} inputs`;
  const lines = [
    '',
    style.dim(`${formatCount(stats.lines)} lines read from ${inputs}: ${shown.join(' · ')}`),
  ];
  for (const line of stats.malformed) {
    lines.push(style.dim(`  malformed ${line.file}:${line.line}: ${line.reason}`));
  }
  if (stats.malformedLines > stats.malformed.length) {
    lines.push(
      style.dim(`  (${formatCount(stats.malformedLines - stats.malformed.length)} more malformed)`),
    );
  }
  for (const line of stats.truncated)
    lines.push(style.dim(`  truncated ${line.file}:${line.line}`));
  return `${lines.join('\n')}\n`;
}

/**
 * The optional event fields the output (and repricing, grouping) need: the reader keeps only those.
 *
 * @example
 * ```ts
 * const keep = fieldsToKeep(options, repricer);
 * ```
 */
export function fieldsToKeep(options: CliOptions, repricer?: Repricer): EventFieldSelection {
  const keep: Set<keyof LlmEvent> = new Set(OUTPUT_FORMATS[options.format].keep);
  for (const field of repricer === undefined ? [] : PRICED_FIELDS) keep.add(field);
  for (const field of options.groupBy.length === 0 ? [] : GROUPING_FIELDS) keep.add(field);
  return keep;
}
