import packageJson from '../../package.json' with { type: 'json' };
import type { PricingOptions } from '../context/pricing-options.js';
import { activePrices } from '../events/pricing/active.js';
import type { LlmEvent } from '../events/schema.js';
import type { CallGraph } from '../graph/call-graph.js';
import { type CliOptions, parseCliArgs } from './args.js';
import { hasBudgets, reportBreaches } from './budgets.js';
import { CallDetails } from './call-details.js';
import { runDiff } from './diff-command.js';
import { followInput } from './follow-command.js';
import { formatCount } from './format.js';
import { groupCalls } from './group-by.js';
import { groupedCalls } from './grouped-calls.js';
import { HELP } from './help.js';
import { type Input, openInputs } from './inputs.js';
import { CLI_NAME, type CliIo, type TextOutput } from './io.js';
import { loadRun } from './load-run.js';
import { type OutputFile, openOutputFile } from './output-file.js';
import { OUTPUT_FORMATS } from './output-formats.js';
import { readPricesFile } from './prices-file.js';
import type { Grouping } from './render-groups.js';
import { Repricer } from './reprice.js';
import { focusOnEvents, sortGraphs } from './select.js';
import { styleFor } from './style.js';
import { UsageError, usageFailure } from './usage-error.js';

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
      io.stderr.write(`${CLI_NAME}: cannot write ${options.output}: ${(error as Error).message}\n`);
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
    io.stderr.write(`${CLI_NAME}: ${loaded}\n`);
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
      `${CLI_NAME}: ${formatCount(stats.malformedLines)} malformed line${stats.malformedLines === 1 ? '' : 's'}` +
        (first ? ` (first: ${first.file}:${first.line}: ${first.reason})\n` : '\n'),
    );
    status = 1;
  }
  if (hasBudgets(options.budgets)) {
    const budgeted =
      groupings.length > 0
        ? groupings.flatMap((grouping) => grouping.groups)
        : groupCalls(groupedCalls(shown), []);
    if (reportBreaches(budgeted, options.budgets, io.stderr)) status = 1;
  }
  return finish(out, output, status);
}

/** --event, --correlation notes, --sort and --top, in that order. */
function select(
  graphs: CallGraph[],
  events: readonly LlmEvent[],
  options: CliOptions,
  stderr: TextOutput,
): CallGraph[] {
  let shown = graphs;
  if (options.eventIds !== undefined) {
    const focus = focusOnEvents(graphs, events, options.eventIds);
    for (const id of focus.missing) stderr.write(`${CLI_NAME}: no llm.call event with id ${id}\n`);
    shown = focus.graphs;
  }
  if (options.correlations !== undefined) {
    const present = new Set(graphs.map((graph) => graph.correlationId));
    for (const id of options.correlations) {
      if (!present.has(id)) stderr.write(`${CLI_NAME}: no llm.call event in correlation ${id}\n`);
    }
  }
  if (!OUTPUT_FORMATS[options.format].sortsGraphs) return shown;
  const sorted = sortGraphs(shown, options.sort ?? 'time');
  return options.top === undefined ? sorted : sorted.slice(0, options.top);
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
