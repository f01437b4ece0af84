import { parseArgs } from 'node:util';
import { type Budgets, parseBudget } from './budgets.js';
import { parseDuration } from './duration.js';
import { type GroupKeyName, parseGroupBy } from './group-by.js';
import { parseTimeBound } from './time-bound.js';
import { UsageError } from './usage-error.js';

export const FORMATS = ['tree', 'json', 'summary', 'html', 'otlp'] as const;
export const SORT_KEYS = ['time', 'cost', 'latency', 'tokens'] as const;

/** What the command line asked for, checked. */
export interface CliOptions {
  readonly format: (typeof FORMATS)[number];
  readonly files: readonly string[];
  /** `-o FILE`: where the output goes instead of stdout. */
  readonly output: string | undefined;
  readonly correlations: ReadonlySet<string> | undefined;
  readonly eventIds: ReadonlySet<string> | undefined;
  readonly sort: (typeof SORT_KEYS)[number] | undefined;
  readonly top: number | undefined;
  readonly since: number | undefined;
  readonly until: number | undefined;
  readonly strict: boolean;
  /** `--reprice` (or `--prices FILE`): costs recomputed with the installed price data or the file's. */
  readonly reprice: boolean;
  /** `--prices FILE`: prices in the `configure({ pricing })` shape, as JSON. */
  readonly prices: string | undefined;
  /** `--jobs N`: how many threads read plain files (one per core when not given). */
  readonly jobs: number | undefined;
  /** `--group-by`, once per grouping asked for (none when not given). */
  readonly groupBy: readonly (readonly GroupKeyName[])[];
  readonly budgets: Budgets;
  /** `--follow`: keep reading as the input grows, print correlations as they go idle. */
  readonly follow: boolean;
  /** `--idle`: how long a correlation is quiet before `--follow` prints it, in ms. */
  readonly idleMs: number;
  readonly help: boolean;
  readonly version: boolean;
}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  correlation: { type: 'string', short: 'c', multiple: true },
  event: { type: 'string', short: 'e', multiple: true },
  sort: { type: 'string', short: 's' },
  top: { type: 'string', short: 'n' },
  since: { type: 'string' },
  until: { type: 'string' },
  strict: { type: 'boolean' },
  reprice: { type: 'boolean' },
  prices: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  'group-by': { type: 'string', multiple: true },
  'max-cost': { type: 'string' },
  'max-p95-latency': { type: 'string' },
  'max-error-rate': { type: 'string' },
  follow: { type: 'boolean', short: 'F' },
  idle: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got '${value}')`);
}

function positiveInteger(option: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${option} must be a whole number of at least 1 (got '${value}')`);
  }
  return n;
}

/** Most reading threads `--jobs` may ask for (each costs a V8 heap). */
export const MAX_JOBS = 64;

function jobCount(value: string): number {
  const jobs = positiveInteger('--jobs', value);
  if (jobs > MAX_JOBS) throw new UsageError(`--jobs must be at most ${MAX_JOBS} (got '${value}')`);
  return jobs;
}
/** How long `--follow` waits on a quiet correlation by default. */
export const DEFAULT_IDLE_MS = 5000;

const budget = (option: string, value: string | undefined, max?: number) =>
  value === undefined ? undefined : parseBudget(option, value, max);

const setOf = (values: string[] | undefined) =>
  values === undefined ? undefined : new Set(values);

/** Parses `leanllm-logs` arguments; a `UsageError` says what is wrong. */
export function parseCliArgs(argv: readonly string[], now: number): CliOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('. To specify')[0] as string);
  }
  const { values, positionals } = parsed;
  if (positionals.filter((file) => file === '-').length > 1) {
    throw new UsageError("stdin ('-') can be read only once");
  }
  const since =
    values.since === undefined ? undefined : parseTimeBound('--since', values.since, now);
  const until =
    values.until === undefined ? undefined : parseTimeBound('--until', values.until, now);
  if (since !== undefined && until !== undefined && since > until) {
    throw new UsageError('--since is after --until: no call can be in that window');
  }
  return {
    format: oneOf('--format', values.format ?? 'tree', FORMATS),
    files: positionals,
    output: values.output,
    correlations: setOf(values.correlation),
    eventIds: setOf(values.event),
    sort: values.sort === undefined ? undefined : oneOf('--sort', values.sort, SORT_KEYS),
    top: values.top === undefined ? undefined : positiveInteger('--top', values.top),
    since,
    until,
    strict: values.strict ?? false,
    reprice: (values.reprice ?? false) || values.prices !== undefined,
    prices: values.prices,
    jobs: values.jobs === undefined ? undefined : jobCount(values.jobs),
    groupBy: (values['group-by'] ?? []).map(parseGroupBy),
    budgets: {
      maxCost: budget('--max-cost', values['max-cost']),
      maxP95LatencyMs: budget('--max-p95-latency', values['max-p95-latency']),
      maxErrorRate: budget('--max-error-rate', values['max-error-rate'], 1),
    },
    follow: values.follow ?? false,
    idleMs: values.idle === undefined ? DEFAULT_IDLE_MS : parseDuration('--idle', values.idle),
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
