import { type LatencySummary, summarizeLatencies } from './percentile.js';
import { UsageError } from './usage-error.js';

/** The context fields `--group-by` knows by a short name (`tag:<key>` reads a tag). */
const FIELD_OF_KEY = {
  user: 'userId',
  session: 'sessionId',
  feature: 'feature',
  environment: 'environment',
  section: 'section',
  model: 'model',
  provider: 'provider',
  correlation: 'correlationId',
} as const;

/** The names `--group-by` takes. */
export const GROUP_KEYS = Object.keys(FIELD_OF_KEY) as readonly (keyof typeof FIELD_OF_KEY)[];

/** One part of a grouping: a field name of `GROUP_KEYS`, or `tag:<key>`. */
export type GroupKeyName = (typeof GROUP_KEYS)[number] | `tag:${string}`;

/** A group's identity: each key of the grouping and its value, `null` where the call had none. */
export type GroupKey = Readonly<Record<string, string | null>>;

const TAG_KEY = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * Reads a `--group-by` value: comma-separated key names, each known and given once. A
 * `UsageError` names the option and the bad part.
 *
 * @example
 * ```ts
 * parseGroupBy('user,tag:team'); // ['user', 'tag:team']
 * ```
 */
export function parseGroupBy(value: string): GroupKeyName[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    const known =
      (GROUP_KEYS as readonly string[]).includes(name) ||
      (name.startsWith('tag:') && TAG_KEY.test(name.slice(4)));
    if (!known) {
      throw new UsageError(
        `--group-by takes ${GROUP_KEYS.join(', ')} or tag:<key>, comma-separated (got '${name}')`,
      );
    }
    if (names.indexOf(name) !== names.lastIndexOf(name)) {
      throw new UsageError(`--group-by names '${name}' twice`);
    }
  }
  return names as GroupKeyName[];
}

/**
 * What grouping reads of a call: an `ExecutionNode` with its line's context fields.
 *
 * @example
 * ```ts
 * const call: GroupedCall = { ...node, userId: 'u-1', feature: 'search' };
 * ```
 */
export interface GroupedCall {
  readonly correlationId: string;
  readonly model: string;
  readonly provider: string;
  readonly status: string;
  readonly section: string | undefined;
  readonly cost: number | undefined;
  readonly totalTokens: number | undefined;
  readonly latencyMs: number;
  readonly endTime: number;
  readonly sessionId?: string | undefined;
  readonly userId?: string | undefined;
  readonly feature?: string | undefined;
  readonly environment?: string | undefined;
  readonly samplingIteration?: number | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

/** A group's figures (`docs/cli.md`, "Grouping"). */
export interface GroupFigures {
  readonly calls: number;
  /** Calls whose status is `error`. */
  readonly errors: number;
  /** The known costs summed (USD); `null` when no call of the group has one. */
  readonly cost: number | null;
  /** Calls without a cost: when above 0, `cost` is a lower bound. */
  readonly costUnknownCalls: number;
  /** The known token counts summed; `null` when no call has one. */
  readonly tokens: number | null;
  /** Calls without a token count: when above 0, `tokens` is a lower bound. */
  readonly tokensUnknownCalls: number;
  /** Nearest-rank percentiles of the calls' latencies. */
  readonly latencyMs: LatencySummary;
  /** The known cost of failed calls and of attempts a retry superseded. */
  readonly wastedCost: number;
}

/** One group: its key and its figures. */
export interface Group extends GroupFigures {
  readonly key: GroupKey;
}

function keyValue(call: GroupedCall, name: GroupKeyName): string | null {
  if (name.startsWith('tag:')) return call.tags?.[name.slice(4)] ?? null;
  const value = call[FIELD_OF_KEY[name as keyof typeof FIELD_OF_KEY]];
  return value ?? null;
}

/**
 * The calls a retry superseded: among the calls of one correlation and one section that carry a
 * `samplingIteration`, when one of them is a retry (iteration above 0), every one but the last
 * (highest iteration, then latest end).
 *
 * @example
 * ```ts
 * supersededCalls([first, retry]); // Set { first }
 * ```
 */
export function supersededCalls<T extends GroupedCall>(calls: readonly T[]): Set<T> {
  const attempts = new Map<string, T[]>();
  for (const call of calls) {
    if (call.samplingIteration === undefined) continue;
    const place = `${call.correlationId}\u0000${call.section ?? ''}`;
    const list = attempts.get(place);
    if (list === undefined) attempts.set(place, [call]);
    else list.push(call);
  }
  const superseded = new Set<T>();
  for (const list of attempts.values()) {
    let last = list[0] as T;
    for (const call of list) {
      const later =
        (call.samplingIteration as number) - (last.samplingIteration as number) ||
        call.endTime - last.endTime;
      if (later > 0) last = call;
    }
    if ((last.samplingIteration as number) === 0) continue;
    for (const call of list) if (call !== last) superseded.add(call);
  }
  return superseded;
}

class Accumulator {
  calls = 0;
  errors = 0;
  cost: number | null = null;
  costUnknownCalls = 0;
  tokens: number | null = null;
  tokensUnknownCalls = 0;
  wastedCost = 0;
  readonly latencies: number[] = [];

  constructor(readonly key: GroupKey) {}

  add(call: GroupedCall, wasted: boolean): void {
    this.calls++;
    if (call.status === 'error') this.errors++;
    if (call.cost === undefined) this.costUnknownCalls++;
    else {
      this.cost = (this.cost ?? 0) + call.cost;
      if (wasted) this.wastedCost += call.cost;
    }
    if (call.totalTokens === undefined) this.tokensUnknownCalls++;
    else this.tokens = (this.tokens ?? 0) + call.totalTokens;
    this.latencies.push(call.latencyMs);
  }

  group(): Group {
    return {
      key: this.key,
      calls: this.calls,
      errors: this.errors,
      cost: this.cost,
      costUnknownCalls: this.costUnknownCalls,
      tokens: this.tokens,
      tokensUnknownCalls: this.tokensUnknownCalls,
      latencyMs: summarizeLatencies(this.latencies),
      wastedCost: this.wastedCost,
    };
  }
}

/** Orders groups by cost, largest first (unknown last), then by calls, then by key. */
export function byCost(a: Group, b: Group): number {
  return (
    (b.cost ?? -1) - (a.cost ?? -1) ||
    b.calls - a.calls ||
    (keyText(a.key) < keyText(b.key) ? -1 : keyText(a.key) > keyText(b.key) ? 1 : 0)
  );
}

/** A key as one line of text: `user=u-1 feature=(none)`; `all calls` for the empty key. */
export function keyText(key: GroupKey): string {
  const parts = Object.entries(key).map(([name, value]) => `${name}=${value ?? '(none)'}`);
  return parts.length === 0 ? 'all calls' : parts.join(' ');
}

/**
 * Groups calls by the named keys and sums each group (`docs/cli.md`, "Grouping"), largest cost
 * first. With no key, one group of every call (the totals); no calls, no group.
 *
 * @example
 * ```ts
 * groupCalls(nodes, ['user']);
 * // [{ key: { user: 'u-1' }, calls: 3, errors: 0, cost: 0.012, costUnknownCalls: 0, tokens: 900,
 * //    latencyMs: { p50: 800, p95: 1200, max: 1200 }, wastedCost: 0 }, ...]
 * ```
 */
export function groupCalls(calls: readonly GroupedCall[], keys: readonly GroupKeyName[]): Group[] {
  const superseded = supersededCalls(calls);
  const groups = new Map<string, Accumulator>();
  for (const call of calls) {
    const key: Record<string, string | null> = {};
    for (const name of keys) key[name] = keyValue(call, name);
    const id = JSON.stringify(keys.map((name) => key[name]));
    let group = groups.get(id);
    if (group === undefined) {
      group = new Accumulator(key);
      groups.set(id, group);
    }
    group.add(call, call.status === 'error' || superseded.has(call));
  }
  return [...groups.values()].map((group) => group.group()).sort(byCost);
}
