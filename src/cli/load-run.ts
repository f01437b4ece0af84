import { availableParallelism } from 'node:os';
import { checkUsage } from '../events/pricing/usage-check.js';
import type { LlmEvent } from '../events/schema.js';
import { buildGraphsFromTable } from '../graph/build.js';
import type { CallGraph } from '../graph/call-graph.js';
import { CallTable } from '../graph/call-table.js';
import type { CliOptions } from './args.js';
import { CallDetails } from './call-details.js';
import { isExcluded } from './event-filter.js';
import type { Input } from './inputs.js';
import type { CliIo } from './io.js';
import { fieldsToKeep, OUTPUT_FORMATS } from './output-formats.js';
import { Progress } from './progress.js';
import { InputReading } from './read/input-reading.js';
import type { Repricer } from './reprice.js';
import { ANOMALY_STAT, emptyStats, type RunStats } from './stats.js';

/** The graphs of a run and what was read to build them. */
export interface LoadedRun {
  readonly graphs: CallGraph[];
  /** The kept events, when `--event` needs them to rebuild (else empty). */
  readonly events: readonly LlmEvent[];
  readonly stats: RunStats;
  /** Each call's whole event, for the outputs that show details. */
  readonly details: CallDetails | undefined;
}

/**
 * Reads the inputs and builds the graphs; a message when an input cannot be read.
 *
 * @example
 * ```ts
 * const loaded = await loadRun(inputs, options, io, Date.now);
 * if (typeof loaded !== 'string') console.log(loaded.graphs.length, loaded.stats.events);
 * ```
 */
export async function loadRun(
  inputs: Input[],
  options: CliOptions,
  io: CliIo,
  now: () => number,
  repricer?: Repricer,
): Promise<LoadedRun | string> {
  const stats = emptyStats();
  stats.files = inputs.map((input) => input.name);
  // the events go into the table's columns as they are read; --event rebuilds from them, so
  // keeps them too
  const table = new CallTable(options.eventIds !== undefined);
  const details = OUTPUT_FORMATS[options.format].details ? new CallDetails() : undefined;
  const failure = await readInputs(inputs, options, stats, table, details, io, now, repricer);
  if (failure !== undefined) return `cannot read ${failure}`;
  const graphs = buildGraphsFromTable(table, (anomaly) => {
    stats[ANOMALY_STAT[anomaly]]++;
  });
  stats.graphs = graphs.length;
  return { graphs, events: table.events, stats, details };
}

/** Reads every input through its line reader; returns a message when one cannot be read. */
async function readInputs(
  inputs: readonly Input[],
  options: CliOptions,
  stats: RunStats,
  table: CallTable,
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
      const refused = table.add(event);
      if (refused !== undefined) stats[ANOMALY_STAT[refused]]++;
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
      await reading.read(input, { stats, onEvent, progress });
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
