import { setTimeout as sleep } from 'node:timers/promises';
import type { LlmEvent } from '../events/schema.js';
import { buildCallGraphs } from '../graph/build.js';
import type { CallGraph } from '../graph/call-graph.js';
import type { ExecutionGraph } from '../graph/execution-graph.js';
import type { EventFieldSelection } from '../graph/parse-log-line.js';
import { isExcluded, type ReadFilters } from './event-filter.js';
import { formatCost, formatCount, formatTokens } from './format.js';
import { LineReader } from './line-reader.js';
import { OpenCorrelations } from './open-correlations.js';
import { renderGraphJson } from './render-json.js';
import { renderTree } from './render-tree.js';
import { ANOMALY_STAT, type RunStats } from './stats.js';
import type { Style } from './style.js';
import type { TailChunk } from './tail-file.js';

/** What `--follow` was asked for. */
export interface FollowOptions extends ReadFilters {
  readonly format: 'tree' | 'json';
  readonly idleMs: number;
  readonly strict: boolean;
  readonly keep: EventFieldSelection;
}

/** Where `--follow` writes, and its clock. */
export interface FollowIo {
  /** Writes a piece of output, resolving once the stream can take more. */
  write(text: string): Promise<void>;
  readonly now: () => number;
  readonly style: Style;
  /** Aborted on Ctrl-C: the open correlations and the totals are printed, then it ends. */
  readonly signal: AbortSignal;
}

/** The totals `--follow` prints at the end: over every correlation printed. */
interface FollowTotals {
  correlations: number;
  calls: number;
  errors: number;
  cost: number | undefined;
  costUnknownCalls: number;
  tokens: number | undefined;
}

const TICK: unique symbol = Symbol('tick');

/**
 * The chunks of `source`, with a `TICK` whenever none came for `tickMs` (so idle correlations
 * are printed while the input is quiet); ends with the source or when `signal` aborts.
 */
async function* withTicks<T>(
  source: AsyncIterable<T>,
  tickMs: number,
  signal: AbortSignal,
): AsyncGenerator<T | typeof TICK> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  while (!signal.aborted) {
    pending ??= iterator.next();
    const timer = new AbortController();
    const stop = () => timer.abort();
    signal.addEventListener('abort', stop, { once: true });
    const next = await Promise.race([
      pending,
      sleep(tickMs, undefined, { signal: timer.signal }).then(
        (): typeof TICK => TICK,
        (): typeof TICK => TICK,
      ),
    ]);
    timer.abort();
    signal.removeEventListener('abort', stop);
    if (next === TICK) {
      yield TICK;
      continue;
    }
    pending = undefined;
    if (next.done) return;
    yield next.value;
  }
  pending?.catch(() => undefined); // left unread on Ctrl-C
}

/**
 * `--follow`: reads `source` as it grows, keeps the events of the correlations still open only,
 * and prints each correlation (its tree, or one JSON line) once it has been idle for `idleMs`;
 * at the end of the input, or on Ctrl-C, prints the open ones and the totals. Returns 130 after
 * Ctrl-C, else 0 (1 with `--strict` and a malformed line).
 */
export async function follow(
  name: string,
  source: AsyncIterable<TailChunk>,
  options: FollowOptions,
  stats: RunStats,
  io: FollowIo,
): Promise<number> {
  const open = new OpenCorrelations(options.idleMs);
  const totals: FollowTotals = {
    correlations: 0,
    calls: 0,
    errors: 0,
    cost: undefined,
    costUnknownCalls: 0,
    tokens: undefined,
  };
  let printed = 0;
  const print = async (closed: LlmEvent[][]) => {
    for (const events of closed) {
      const graphs = buildCallGraphs(events, {
        onAnomaly: (anomaly) => {
          stats[ANOMALY_STAT[anomaly]]++;
        },
      });
      for (const graph of graphs) {
        count(graph, totals);
        stats.graphs++;
        const separator = printed++ > 0 && options.format === 'tree' ? '\n' : '';
        await io.write(separator);
        for (const piece of pieces(graph, options.format, io.style)) await io.write(piece);
      }
    }
  };
  const onEvent = (event: LlmEvent) => {
    if (isExcluded(event, options)) stats.excludedEvents++;
    else open.add(event, io.now());
  };
  const readerOptions = { strict: options.strict, keep: options.keep };
  let reader = new LineReader(name, stats, onEvent, readerOptions);
  const tickMs = Math.max(10, Math.min(250, options.idleMs / 2));
  for await (const chunk of withTicks(source, tickMs, io.signal)) {
    if (chunk === 'rotated' || chunk === 'truncated') {
      reader.end();
      reader = new LineReader(name, stats, onEvent, readerOptions);
    } else if (chunk !== TICK) {
      reader.push(chunk);
    }
    await print(open.closeIdle(io.now()));
  }
  if (!io.signal.aborted) reader.end();
  await print(open.closeAll());
  await io.write(
    options.format === 'json'
      ? `${JSON.stringify({ totals: { ...totals, cost: totals.cost ?? null, tokens: totals.tokens ?? null }, stats })}\n`
      : totalsLine(name, totals, stats, io.style),
  );
  if (io.signal.aborted) return 130;
  return options.strict && stats.malformedLines > 0 ? 1 : 0;
}

function* pieces(graph: CallGraph, format: 'tree' | 'json', style: Style) {
  if (format === 'tree') {
    yield* renderTree([graph], style);
    return;
  }
  yield* renderGraphJson(graph);
  yield '\n';
}

function count(graph: ExecutionGraph, totals: FollowTotals): void {
  totals.correlations++;
  for (const node of graph.flatten()) {
    totals.calls++;
    if (node.status === 'error') totals.errors++;
    if (node.cost === undefined) totals.costUnknownCalls++;
    else totals.cost = (totals.cost ?? 0) + node.cost;
    if (node.totalTokens !== undefined) totals.tokens = (totals.tokens ?? 0) + node.totalTokens;
  }
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** The tree view's last line in `--follow`: what was read and printed. */
function totalsLine(name: string, totals: FollowTotals, stats: RunStats, style: Style): string {
  const parts = [
    plural(totals.correlations, 'correlation'),
    plural(totals.calls, 'call'),
    formatCost(totals.cost, totals.costUnknownCalls > 0 && totals.cost !== undefined),
    formatTokens(totals.tokens),
    plural(totals.errors, 'error'),
  ];
  const read = `${formatCount(stats.lines)} lines read from ${name}: ${formatCount(stats.events)} events · ${formatCount(stats.otherLines)} other · ${formatCount(stats.malformedLines)} malformed`;
  return `${totals.correlations > 0 ? '\n' : ''}${style.dim(read)}\n${style.bold(`totals  ${parts.join(' · ')}`)}\n`;
}
