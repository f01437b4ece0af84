import { availableParallelism } from 'node:os';
import packageJson from '../../package.json' with { type: 'json' };
import type { PricingOptions } from '../context/pricing-options.js';
import { activePrices } from '../events/pricing/active.js';
import { checkUsage } from '../events/pricing/usage-check.js';
import type { LlmEvent } from '../events/schema.js';
import { LINE_FIELDS } from '../fields/line-fields.js';
import { buildExecutionGraphs } from '../graph/build.js';
import type { ExecutionGraph } from '../graph/execution-graph.js';
import { LINE_CONTEXT_FIELDS } from '../graph/line-context.js';
import type { EventFieldSelection } from '../graph/parse-log-line.js';
import { type CliOptions, parseCliArgs } from './args.js';
import { checkBudgets, hasBudgets } from './budgets.js';
import { CallDetails } from './call-details.js';
import { runDiff } from './diff-command.js';
import { isExcluded } from './event-filter.js';
import { followInput } from './follow-command.js';
import { formatCount } from './format.js';
import { type Group, groupCalls } from './group-by.js';
import { GROUPING_FIELDS, groupedCalls } from './grouped-calls.js';
import { HELP } from './help.js';
import { type Input, openInputs, type StdinSource } from './inputs.js';
import { EventKeeper } from './kept-event.js';
import { type OutputFile, openOutputFile } from './output-file.js';
import { readPricesFile } from './prices-file.js';
import { Progress } from './progress.js';
import { InputReading } from './read/input-reading.js';
import { type Grouping, renderGroupings } from './render-groups.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderOtlp } from './render-otlp.js';
import { renderSummary } from './render-summary.js';
import { renderTree } from './render-tree.js';
import { Repricer, type Repricing, renderRepricing } from './reprice.js';
import { focusOnEvents, sortGraphs } from './select.js';
import { ANOMALY_STAT, emptyStats, type RunStats } from './stats.js';
import { type Style, styleFor } from './style.js';
import { UsageError } from './usage-error.js';

/** Text output: a stream such as `process.stdout`, or anything with `write` in tests. */
export interface TextOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

/** What `run` reads and writes: the process's streams in the bin, stand-ins in tests. */
export interface CliIo {
  readonly stdin: StdinSource;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** The environment (`NO_COLOR`, `TERM`); none by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock, for `--since 2h` and the progress line; `Date.now` by default. */
  readonly now?: () => number;
  /**
   * Subscribes to Ctrl-C (SIGINT) while `--follow` runs, returning the unsubscribe: `--follow`
   * then prints what it has and its totals. Without it, Ctrl-C does what it does by default.
   */
  readonly interrupts?: (listener: () => void) => () => void;
}

const NAME = 'leanllm-logs';

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
interface RenderInput {
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
  render(graphs: ExecutionGraph[], input: RenderInput): Iterable<string>;
}

/** Every `--format`: the one place a new output format is added (besides its renderer). */
const OUTPUT_FORMATS: Readonly<Record<CliOptions['format'], OutputFormat>> = {
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

/**
 * `leanllm-logs [options] [files...]` as a function: reads the inputs, builds the graphs, writes
 * the output, and resolves to the exit status (0 done, 1 over a budget or `--strict` found a
 * malformed line, 2 bad arguments or an unreadable input, 130 `--follow` ended by Ctrl-C).
 * `leanllm-logs diff BEFORE AFTER` when the first argument is `diff`. Never throws for bad input;
 * messages go to `io.stderr`.
 *
 * @example
 * ```ts
 * const status = await run(['--format', 'json', 'app.log'], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const now = io.now ?? Date.now;
  if (argv[0] === 'diff') return runDiff(argv.slice(1), io, now);
  let options: CliOptions;
  let inputs: Input[];
  let pricing: PricingOptions | undefined;
  try {
    options = parseCliArgs(argv, now());
    if (options.help) return await finish(io.stdout, [HELP], 0);
    if (options.version) return await finish(io.stdout, [`${packageJson.version}\n`], 0);
    if (options.prices !== undefined) pricing = await readPricesFile(options.prices);
    if (options.files.length === 0 && io.stdin.isTTY === true) {
      throw new UsageError('no input: name log files, or pipe logs into stdin');
    }
    checkCombinations(argv, options);
    inputs = await openInputs(options.files.length === 0 ? ['-'] : options.files, io.stdin);
  } catch (error) {
    return usageFailure(error, io.stderr);
  }
  let file: OutputFile | undefined;
  if (options.output !== undefined) {
    try {
      file = await openOutputFile(options.output);
    } catch (error) {
      await Promise.all(inputs.map((input) => input.close()));
      io.stderr.write(`${NAME}: cannot write ${options.output}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  try {
    const out = file?.stream ?? io.stdout;
    if (options.follow) return await followInput(inputs[0] as Input, options, io, now, out);
    const repricer = options.reprice ? new Repricer(activePrices(pricing)) : undefined;
    return await runOn(inputs, options, io, now, out, repricer);
  } finally {
    await file?.close();
  }
}

/** Prints a usage error (and the hint) and returns 2; rethrows anything else. */
export function usageFailure(error: unknown, stderr: TextOutput): number {
  if (!(error instanceof UsageError)) throw error;
  stderr.write(`${NAME}: ${error.message}\nTry '${NAME} --help'.\n`);
  return 2;
}

/**
 * Options that do not go together: `--group-by` with the OTLP export, what `--follow` cannot do
 * (it never holds the whole log), and `--idle` without it.
 */
function checkCombinations(argv: readonly string[], options: CliOptions): void {
  if (options.format === 'otlp' && options.groupBy.length > 0) {
    throw new UsageError(
      '--group-by makes tables: use it with --format tree, summary, json or html',
    );
  }
  if (!options.follow) {
    if (argv.some((arg) => arg === '--idle' || arg.startsWith('--idle='))) {
      throw new UsageError('--idle is for --follow');
    }
    return;
  }
  if (options.format !== 'tree' && options.format !== 'json') {
    throw new UsageError(`--follow prints trees or --format json, not --format ${options.format}`);
  }
  if (options.files.length > 1) throw new UsageError('--follow reads one file, or stdin');
  const refused: [boolean, string][] = [
    [options.groupBy.length > 0, '--group-by'],
    [hasBudgets(options.budgets), 'budgets (--max-cost, --max-p95-latency, --max-error-rate)'],
    [options.eventIds !== undefined, '--event'],
    [options.sort !== undefined, '--sort'],
    [options.top !== undefined, '--top'],
    [options.reprice, '--reprice'],
  ];
  for (const [given, what] of refused) {
    if (given) throw new UsageError(`${what} cannot be used with --follow`);
  }
}

/** The graphs of a run and what was read to build them. */
export interface LoadedRun {
  readonly graphs: ExecutionGraph[];
  /** The kept events, when `--event` needs them to rebuild (else empty). */
  readonly events: readonly LlmEvent[];
  readonly stats: RunStats;
  /** Each call's whole event, for the outputs that show details. */
  readonly details: CallDetails | undefined;
}

/** Reads the inputs and builds the graphs; a message when an input cannot be read. */
export async function loadRun(
  inputs: Input[],
  options: CliOptions,
  io: CliIo,
  now: () => number,
  repricer?: Repricer,
): Promise<LoadedRun | string> {
  const stats = emptyStats();
  stats.files = inputs.map((input) => input.name);
  const keeper = new EventKeeper();
  const details = OUTPUT_FORMATS[options.format].details ? new CallDetails() : undefined;
  const failure = await readInputs(inputs, options, stats, keeper, details, io, now, repricer);
  if (failure !== undefined) return `cannot read ${failure}`;
  // --event rebuilds from the events; otherwise they are let go of while the graphs are built
  const events = options.eventIds === undefined ? [] : keeper.events;
  const graphs = buildExecutionGraphs(options.eventIds === undefined ? keeper.drain() : events, {
    onAnomaly: (anomaly) => {
      stats[ANOMALY_STAT[anomaly]]++;
    },
  });
  stats.graphs = graphs.length;
  return { graphs, events, stats, details };
}

/** Reads the inputs, builds the graphs, writes the output to `out`, and returns the status. */
async function runOn(
  inputs: Input[],
  options: CliOptions,
  io: CliIo,
  now: () => number,
  out: TextOutput,
  repricer: Repricer | undefined,
): Promise<number> {
  const loaded = await loadRun(inputs, options, io, now, repricer);
  if (typeof loaded === 'string') {
    io.stderr.write(`${NAME}: ${loaded}\n`);
    return 2;
  }
  const { graphs, events, stats, details } = loaded;
  const shown = select(graphs, events, options, io.stderr);
  const style = styleFor(out, io.env ?? {});
  const groupings: Grouping[] = [];
  if (options.groupBy.length > 0) {
    const calls = groupedCalls(shown);
    for (const by of options.groupBy) groupings.push({ by, groups: groupCalls(calls, by) });
  }
  const output = OUTPUT_FORMATS[options.format].render(shown, {
    stats,
    options,
    style,
    details: details ?? new CallDetails(),
    now,
    repricing: repricer?.result(),
    groupings,
  });
  let status = 0;
  if (options.strict && stats.malformedLines > 0) {
    const [first] = stats.malformed;
    io.stderr.write(
      `${NAME}: ${formatCount(stats.malformedLines)} malformed line${stats.malformedLines === 1 ? '' : 's'}` +
        (first ? ` (first: ${first.file}:${first.line}: ${first.reason})\n` : '\n'),
    );
    status = 1;
  }
  if (hasBudgets(options.budgets)) {
    const budgeted =
      groupings.length > 0
        ? groupings.flatMap((grouping) => grouping.groups)
        : groupCalls(groupedCalls(shown), []);
    if (reportBreaches(budgeted, options, io)) status = 1;
  }
  return finish(out, output, status);
}

/** Names each budget breach on stderr; whether there was one. */
export function reportBreaches(groups: readonly Group[], options: CliOptions, io: CliIo): boolean {
  if (!hasBudgets(options.budgets)) return false;
  const breaches = checkBudgets(groups, options.budgets);
  for (const breach of breaches) io.stderr.write(`${NAME}: over budget: ${breach}\n`);
  return breaches.length > 0;
}

/** Reads every input through its line reader; returns a message when one cannot be read. */
async function readInputs(
  inputs: readonly Input[],
  options: CliOptions,
  stats: RunStats,
  keeper: EventKeeper,
  details: CallDetails | undefined,
  io: CliIo,
  now: () => number,
  repricer: Repricer | undefined,
): Promise<string | undefined> {
  const progress = new Progress(io.stderr, now);
  const keep = fieldsToKeep(options, repricer);
  const onEvent = (event: LlmEvent) => {
    if (checkUsage(event) !== undefined) stats.suspectUsage++;
    if (isExcluded(event, options)) stats.excludedEvents++;
    else {
      repricer?.reprice(event);
      keeper.keep(event);
      details?.add(event);
    }
  };
  let current: Input | undefined;
  let reading: InputReading | undefined;
  try {
    reading = await InputReading.start(inputs, {
      jobs: options.jobs ?? availableParallelism(),
      explicit: options.jobs !== undefined,
      strict: options.strict,
      keep,
    });
    for (const input of inputs) {
      current = input;
      await reading.read(input, stats, onEvent, progress);
    }
  } catch (error) {
    return `${current?.name}: ${(error as Error).message}`;
  } finally {
    progress.done();
    await reading?.close();
    await Promise.all(inputs.map((input) => input.close()));
  }
  return undefined;
}

/** The optional event fields the output (and repricing, grouping) need: the reader keeps only those. */
export function fieldsToKeep(options: CliOptions, repricer?: Repricer): EventFieldSelection {
  const keep: Set<keyof LlmEvent> = new Set(OUTPUT_FORMATS[options.format].keep);
  for (const field of repricer === undefined ? [] : PRICED_FIELDS) keep.add(field);
  for (const field of options.groupBy.length === 0 ? [] : GROUPING_FIELDS) keep.add(field);
  return keep;
}

/** --event, --correlation notes, --sort and --top, in that order. */
function select(
  graphs: ExecutionGraph[],
  events: readonly LlmEvent[],
  options: CliOptions,
  stderr: TextOutput,
): ExecutionGraph[] {
  let shown = graphs;
  if (options.eventIds !== undefined) {
    const focus = focusOnEvents(graphs, events, options.eventIds);
    for (const id of focus.missing) stderr.write(`${NAME}: no llm.call event with id ${id}\n`);
    shown = focus.graphs;
  }
  if (options.correlations !== undefined) {
    const present = new Set(graphs.map((graph) => graph.correlationId));
    for (const id of options.correlations) {
      if (!present.has(id)) stderr.write(`${NAME}: no llm.call event in correlation ${id}\n`);
    }
  }
  if (!OUTPUT_FORMATS[options.format].sortsGraphs) return shown;
  const sorted = sortGraphs(shown, options.sort ?? 'time');
  return options.top === undefined ? sorted : sorted.slice(0, options.top);
}

function* treeThenAccount(
  graphs: ExecutionGraph[],
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

/** Writes the pieces, waiting for the stream to drain when it asks to, then returns `status`. */
async function finish(out: TextOutput, pieces: Iterable<string>, status: number): Promise<number> {
  for (const piece of pieces) {
    if (out.write(piece) === false && out.once !== undefined) {
      await new Promise<void>((resolve) => out.once?.('drain', resolve));
    }
  }
  return status;
}
