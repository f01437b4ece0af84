import { type CliOptions, parseCliArgs } from './args.js';
import { reportBreaches } from './budgets.js';
import { diffGroups, type GroupChange, renderDiff } from './diff.js';
import { type Group, type GroupKeyName, groupCalls } from './group-by.js';
import { groupedCalls } from './grouped-calls.js';
import { HELP } from './help.js';
import { type Input, openInputs } from './inputs.js';
import type { CliIo } from './io.js';
import { type LoadedRun, loadRun } from './load-run.js';
import { styleFor } from './style.js';
import { UsageError, usageFailure } from './usage-error.js';

const DEFAULT_GROUPING: readonly GroupKeyName[] = ['model'];

/** What `diff` refuses: the options that make no sense on two whole logs side by side. */
function checkDiffOptions(options: CliOptions): void {
  if (options.files.length !== 2) {
    throw new UsageError(
      `diff takes two logs, BEFORE and AFTER (got ${options.files.length}): leanllm-logs diff before.log after.log`,
    );
  }
  if (options.format !== 'tree' && options.format !== 'json') {
    throw new UsageError(`diff prints a table or --format json, not --format ${options.format}`);
  }
  const refused: [boolean, string][] = [
    [options.follow, '--follow'],
    [options.eventIds !== undefined, '--event'],
    [options.sort !== undefined, '--sort'],
    [options.top !== undefined, '--top'],
    [options.output !== undefined, '--output'],
    [options.reprice, '--reprice'],
  ];
  for (const [given, what] of refused) {
    if (given) throw new UsageError(`${what} cannot be used with diff`);
  }
}

/**
 * `leanllm-logs diff BEFORE AFTER [--group-by KEYS]`: reads both logs (each with the filters),
 * groups their calls (by model unless told), and prints per group the calls, cost, tokens, p95
 * latency and error rate before and after, with the change; `--format json` gives `{ groups:
 * [{ key, before, after }], totals: { before, after } }`. Budgets apply to AFTER. Returns the
 * exit status.
 */
export async function runDiff(
  argv: readonly string[],
  io: CliIo,
  now: () => number,
): Promise<number> {
  let options: CliOptions;
  let inputs: Input[];
  try {
    options = parseCliArgs(argv, now());
    if (options.help) {
      io.stdout.write(HELP);
      return 0;
    }
    checkDiffOptions(options);
    inputs = await openInputs(options.files, io.stdin);
  } catch (error) {
    return usageFailure(error, io.stderr);
  }
  const groupBy = options.groupBy.length > 0 ? options.groupBy : [DEFAULT_GROUPING];
  const sides: LoadedRun[] = [];
  for (const [index, input] of inputs.entries()) {
    const loaded = await loadRun([input], { ...options, groupBy }, io, now);
    if (typeof loaded === 'string') {
      await Promise.all(inputs.slice(index + 1).map((rest) => rest.close()));
      io.stderr.write(`leanllm-logs: ${loaded}\n`);
      return 2;
    }
    sides.push(loaded);
  }
  const [before, after] = sides as [LoadedRun, LoadedRun];
  const callsBefore = groupedCalls(before.graphs);
  const callsAfter = groupedCalls(after.graphs);
  const totalsAfter = groupCalls(callsAfter, []);
  const totals = pair(groupCalls(callsBefore, []), totalsAfter);
  const tables: string[] = [];
  const changes: GroupChange[] = [];
  const groupsAfter: Group[] = [];
  for (const by of groupBy) {
    const byAfter = groupCalls(callsAfter, by);
    groupsAfter.push(...byAfter);
    const changed = diffGroups(groupCalls(callsBefore, by), byAfter);
    changes.push(...changed);
    const style = styleFor(io.stdout, io.env ?? {});
    tables.push(
      renderDiff(
        [before.stats.files[0] ?? '', after.stats.files[0] ?? ''],
        by,
        changed,
        totals,
        style,
      ),
    );
  }
  let status = 0;
  const malformed = before.stats.malformedLines + after.stats.malformedLines;
  if (options.strict && malformed > 0) {
    io.stderr.write(
      `leanllm-logs: ${malformed} malformed line${malformed === 1 ? '' : 's'} in the two logs\n`,
    );
    status = 1;
  }
  if (
    reportBreaches(
      options.groupBy.length > 0 ? groupsAfter : totalsAfter,
      options.budgets,
      io.stderr,
    )
  )
    status = 1;
  io.stdout.write(
    options.format === 'json'
      ? `${JSON.stringify({ groups: changes, totals })}\n`
      : tables.join('\n'),
  );
  return status;
}

/** The totals of both sides as one change (no calls on a side: `null`). */
function pair(before: readonly Group[], after: readonly Group[]): GroupChange {
  const figures = (groups: readonly Group[]) => {
    const [all] = groups;
    if (all === undefined) return null;
    const { key: _key, ...rest } = all;
    return rest;
  };
  return { key: {}, before: figures(before), after: figures(after) };
}
