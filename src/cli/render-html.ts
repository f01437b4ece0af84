import type { LlmEvent } from '../events/schema.js';
import { CONTEXT_FIELDS } from '../fields/context-fields.js';
import { USAGE_FIELD_NAMES } from '../fields/event-fields.js';
import type { FieldSpec } from '../fields/field.js';
import {
  LINE_FIELD_BY_NAME,
  LINE_FIELDS,
  type LineField,
  type LineFieldName,
} from '../fields/line-fields.js';
import type { CallGraph } from '../graph/call-graph.js';
import type { ExecutionNode } from '../graph/execution-graph.js';
import { sha256 } from '../util/sha256.js';
import { type CallDetails, callField } from './call-details.js';
import { criticalPath, ttftShare } from './critical-path.js';
import { formatCost, formatCount, formatDuration } from './format.js';
import { REPORT_SCRIPT } from './html/report-script.js';
import { REPORT_STYLE } from './html/report-style.js';
import { FIGURE_HEADINGS, figureCells, type Grouping, NO_VALUE } from './render-groups.js';
import { costText, modelRows, rollUpGraph, runTotals, tokensText } from './rendered-graph.js';
import type { RunStats } from './stats.js';

/** How many model colours the report has (`--m0` … in the style); more models reuse them. */
export const MODEL_COLOURS = 10;

/**
 * JSON that is safe inside a `<script type="application/json">` element: every `<`, `>` and `&`
 * (and the line separators JavaScript once rejected) as `\u` escapes, so no text from the log can
 * close the element or open a comment, whatever it holds.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** One call as the page draws it: the bar's place, the label, and the details, formatted. */
interface ReportCall {
  readonly id: string;
  readonly depth: number;
  readonly model: string;
  readonly colour: number;
  readonly status: LlmEvent['status'];
  readonly section: string | null;
  /** ms after the correlation's first start. */
  readonly start: number;
  readonly latency: number;
  readonly latencyText: string;
  /** On the critical path: one of the calls that set the correlation's wall-clock time. */
  readonly critical: boolean;
  readonly fields: readonly (readonly [string, string])[];
  readonly toolCalls: readonly { id: string; name: string; arguments: string }[];
  readonly error: { type: string; message: string; status: number | null } | null;
}

/** The numbers the correlations table sorts by, and their text. */
function rollUps(graph: CallGraph, nodes: readonly ExecutionNode[]) {
  const rollUp = rollUpGraph(graph, nodes);
  return {
    start: rollUp.start,
    startText: rollUp.calls === 0 ? '' : new Date(rollUp.start).toISOString(),
    calls: rollUp.calls,
    cost: rollUp.cost.value ?? null,
    costText: costText(rollUp.cost),
    tokens: rollUp.tokens.value ?? null,
    tokensText: tokensText(rollUp.tokens),
    work: rollUp.work,
    workText: formatDuration(rollUp.work),
    wall: rollUp.wall,
    wallText: formatDuration(rollUp.wall),
    errors: rollUp.errors,
  };
}

/** A value as the details panel shows it, by the field's kind. */
function detailText(spec: FieldSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'money':
      return value === undefined ? 'unknown' : formatCost(value as number);
    case 'count':
      return value === undefined ? undefined : formatCount(value as number);
    case 'duration':
      return value === undefined ? undefined : formatDuration(value as number);
    default:
      return value === undefined ? undefined : String(value);
  }
}

/** Where the row of the call's start goes (it is the node's, not a field of the line). */
const STARTED = 'started';

/**
 * The details panel's order; a field of the registry not listed here (and not drawn elsewhere,
 * `detailRow: false`) follows, in registry order, then a row per tag.
 */
const DETAIL_ORDER: readonly (LineFieldName | typeof STARTED)[] = [
  'eventId',
  'parentRequestId',
  'provider',
  'operation',
  'responseModel',
  'status',
  'section',
  STARTED,
  'latencyMs',
  'ttftMs',
  'stream',
  ...USAGE_FIELD_NAMES,
  'cost',
  'costSource',
  'priceTable',
  'sampleRate',
  'sessionId',
  'userId',
  'feature',
  'environment',
  'requestId',
  'samplingIteration',
];

/** The detail rows' fields in order (`undefined`: the start row). */
const DETAIL_FIELDS: readonly (LineField | undefined)[] = [
  ...DETAIL_ORDER.map((name) => (name === STARTED ? undefined : LINE_FIELD_BY_NAME.get(name))),
  ...LINE_FIELDS.filter((field) => !DETAIL_ORDER.includes(field.name)),
].filter(
  (field) => field === undefined || ((field.spec.detailRow ?? true) && field.spec.kind !== 'map'),
);

/** The details panel's rows: every field the line had, formatted, unknown ones left out. */
function detailFields(node: ExecutionNode, event: LlmEvent | undefined): [string, string][] {
  const rows: [string, string][] = [];
  for (const field of DETAIL_FIELDS) {
    const text =
      field === undefined
        ? new Date(node.startTime).toISOString()
        : detailText(field.spec, callField(node, event, field.name));
    if (text !== undefined) rows.push([field === undefined ? 'Started' : field.spec.label, text]);
  }
  for (const [name, value] of Object.entries(event?.tags ?? {})) {
    rows.push([`${CONTEXT_FIELDS.tags.label} ${name}`, value]);
  }
  return rows;
}

function reportCall(
  node: ExecutionNode,
  depth: number,
  origin: number,
  colour: number,
  event: LlmEvent | undefined,
  critical: boolean,
): ReportCall {
  return {
    id: node.eventId,
    depth,
    model: node.model,
    colour,
    status: node.status,
    section: node.section ?? null,
    start: node.startTime - origin,
    latency: node.latencyMs,
    latencyText: formatDuration(node.latencyMs),
    critical,
    fields: detailFields(node, event),
    toolCalls: node.toolCalls.map((call) => ({
      id: call.id,
      name: call.name,
      arguments:
        call.rawArguments !== undefined
          ? call.rawArguments
          : call.arguments === undefined
            ? ''
            : JSON.stringify(call.arguments, null, 2),
    })),
    error:
      event?.error === undefined
        ? null
        : {
            type: event.error.type,
            message: event.error.message,
            status: event.error.status ?? null,
          },
  };
}

/** A correlation as the page draws it: its roll-ups, axis ticks, and calls in tree order. */
function reportGraph(graph: CallGraph, colours: ReadonlyMap<string, number>, details: CallDetails) {
  const nodes = graph.flatten(); // depth-first pre-order: each call right above its children
  const totals = rollUps(graph, nodes);
  const path = criticalPath(graph);
  const depths = new Map<ExecutionNode, number>();
  const calls = nodes.map((node) => {
    const depth = depths.get(node) ?? 0;
    for (const child of node.children) depths.set(child, depth + 1);
    return reportCall(
      node,
      depth,
      totals.start,
      colours.get(node.model) ?? 0,
      details.get(node.correlationId, node.eventId),
      path.has(node),
    );
  });
  const ttft = ttftShare(
    path,
    totals.wall,
    (node) => details.get(node.correlationId, node.eventId)?.ttftMs,
  );
  const critical = {
    criticalCalls: path.size,
    ttftShare: ttft,
    ttftText: ttft === null ? null : `${Math.round(ttft * 100)}%`,
  };
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((at) => ({
    at: at * 100,
    text: formatDuration(at * totals.wall),
  }));
  return { id: graph.correlationId, ...totals, ...critical, ticks, nodes: calls };
}

/** A grouping as the page's sortable table draws it: headings, and per row its cells and sort values. */
function reportGrouping({ by, groups }: Grouping) {
  return {
    by,
    headings: [...by, ...FIGURE_HEADINGS],
    rows: groups.map((group) => ({
      cells: [...by.map((name) => group.key[name] ?? NO_VALUE), ...figureCells(group)],
      values: [
        ...by.map((name) => group.key[name]),
        group.calls,
        group.errors,
        group.cost,
        group.tokens,
        group.latencyMs.p50,
        group.latencyMs.p95,
        group.latencyMs.max,
        group.wastedCost,
      ],
    })),
  };
}

/**
 * `--format html`: one self-contained HTML page (inline style and script, no font, image or
 * request from the network; a Content-Security-Policy forbids any) with a summary of the run, the
 * cost/latency/token roll-ups by model, a sortable table per `--group-by` grouping, a sortable
 * table of correlations, and a waterfall per correlation whose calls expand to their details,
 * its critical path highlighted, with the share of its time spent waiting on first tokens. Every text from the log reaches the page as
 * JSON data, set as text by the script: nothing in a log line becomes markup.
 */
export function* renderHtml(
  graphs: readonly CallGraph[],
  stats: RunStats,
  details: CallDetails,
  generatedAt: number,
  groupings: readonly Grouping[] = [],
): Generator<string> {
  const models = modelRows(graphs);
  const colours = new Map<string, number>();
  for (const row of models) {
    if (!colours.has(row.model)) colours.set(row.model, colours.size % MODEL_COLOURS);
  }
  const totals = runTotals(graphs);
  const header = {
    generatedAt: new Date(generatedAt).toISOString(),
    stats,
    totals: {
      correlations: formatCount(graphs.length),
      calls: formatCount(totals.calls),
      cost: costText(totals.cost),
      tokens: tokensText(totals.tokens),
      work: formatDuration(totals.work),
      errors: formatCount(totals.errors),
    },
    models: models.map((row) => ({
      model: row.model,
      provider: row.provider,
      colour: colours.get(row.model) ?? 0,
      calls: formatCount(row.calls),
      cost: costText(row.cost),
      tokens: tokensText(row.tokens),
    })),
    groupings: groupings.map(reportGrouping),
  };
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${sha256(REPORT_STYLE, 'base64')}'; script-src 'sha256-${sha256(REPORT_SCRIPT, 'base64')}'">
<title>LLM calls · leanllm-logs</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main id="app"><noscript>This report draws itself with JavaScript.</noscript></main>
<script type="application/json" id="report-data">{"header":${scriptSafeJson(header)},"graphs":[`;
  for (const [index, graph] of graphs.entries()) {
    yield `${index === 0 ? '' : ','}${scriptSafeJson(reportGraph(graph, colours, details))}`;
  }
  yield `]}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
