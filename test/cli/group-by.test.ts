import { describe, expect, it } from 'vitest';
import { checkBudgets } from '../../src/cli/budgets.js';
import {
  type GroupedCall,
  groupCalls,
  parseGroupBy,
  supersededCalls,
} from '../../src/cli/group-by.js';
import { UsageError } from '../../src/cli/usage-error.js';

const call = (fields: Partial<GroupedCall>): GroupedCall => ({
  correlationId: 'c-1',
  model: 'gpt-4o-mini',
  provider: 'openai',
  status: 'ok',
  section: undefined,
  cost: 0.01,
  totalTokens: 100,
  latencyMs: 500,
  endTime: 1000,
  ...fields,
});

describe('--group-by keys', () => {
  it('reads comma-separated names and tags', () => {
    expect(parseGroupBy('user,tag:team, model')).toEqual(['user', 'tag:team', 'model']);
  });

  it('names the option and the bad part', () => {
    expect(() => parseGroupBy('user,customer')).toThrow(
      new UsageError(
        "--group-by takes user, session, feature, environment, section, model, provider, correlation or tag:<key>, comma-separated (got 'customer')",
      ),
    );
    expect(() => parseGroupBy('tag:')).toThrow(/got 'tag:'/);
    expect(() => parseGroupBy('user,user')).toThrow(
      new UsageError("--group-by names 'user' twice"),
    );
  });
});

describe('groupCalls', () => {
  it('sums each group, missing keys under null, largest cost first', () => {
    const groups = groupCalls(
      [
        call({ userId: 'u-1', cost: 0.02, latencyMs: 100 }),
        call({
          userId: 'u-1',
          cost: undefined,
          totalTokens: undefined,
          latencyMs: 300,
          status: 'error',
        }),
        call({ userId: 'u-2', cost: 0.05, latencyMs: 200 }),
        call({ cost: 0.001, tags: { team: 'a' } }),
      ],
      ['user'],
    );
    expect(groups).toEqual([
      {
        key: { user: 'u-2' },
        calls: 1,
        errors: 0,
        cost: 0.05,
        costUnknownCalls: 0,
        tokens: 100,
        tokensUnknownCalls: 0,
        latencyMs: { p50: 200, p95: 200, max: 200 },
        wastedCost: 0,
      },
      {
        key: { user: 'u-1' },
        calls: 2,
        errors: 1,
        cost: 0.02,
        costUnknownCalls: 1,
        tokens: 100,
        tokensUnknownCalls: 1,
        latencyMs: { p50: 100, p95: 300, max: 300 },
        wastedCost: 0,
      },
      {
        key: { user: null },
        calls: 1,
        errors: 0,
        cost: 0.001,
        costUnknownCalls: 0,
        tokens: 100,
        tokensUnknownCalls: 0,
        latencyMs: { p50: 500, p95: 500, max: 500 },
        wastedCost: 0,
      },
    ]);
  });

  it('groups by several keys and by a tag; no key is one group of every call', () => {
    const calls = [
      call({ tags: { team: 'a' }, feature: 'search' }),
      call({ tags: { team: 'a' }, feature: 'chat', cost: 0.03 }),
      call({ feature: 'search', cost: undefined, totalTokens: undefined }),
    ];
    expect(groupCalls(calls, ['tag:team', 'feature']).map((group) => group.key)).toEqual([
      { 'tag:team': 'a', feature: 'chat' },
      { 'tag:team': 'a', feature: 'search' },
      { 'tag:team': null, feature: 'search' },
    ]);
    const [totals] = groupCalls(calls, []);
    expect(totals).toMatchObject({
      key: {},
      calls: 3,
      cost: 0.04,
      costUnknownCalls: 1,
      tokens: 200,
    });
    expect(groupCalls([], ['user'])).toEqual([]);
  });

  it('counts as wasted the cost of failed calls and of attempts a retry superseded', () => {
    const first = call({ section: 'step:plan', samplingIteration: 0, cost: 0.1, endTime: 1 });
    const second = call({ section: 'step:plan', samplingIteration: 1, cost: 0.2, endTime: 2 });
    const last = call({ section: 'step:plan', samplingIteration: 2, cost: 0.4, endTime: 3 });
    const elsewhere = call({ section: 'step:write', samplingIteration: 0, cost: 0.8 });
    const otherCorrelation = call({
      correlationId: 'c-2',
      section: 'step:plan',
      samplingIteration: 0,
    });
    const failed = call({ section: 'step:check', status: 'error', cost: 0.05 });
    const calls = [last, first, second, elsewhere, otherCorrelation, failed];
    expect(supersededCalls(calls)).toEqual(new Set([first, second]));
    const byCorrelation = groupCalls(calls, ['correlation']);
    expect(byCorrelation.map((group) => [group.key.correlation, group.wastedCost])).toEqual([
      ['c-1', 0.1 + 0.2 + 0.05],
      ['c-2', 0],
    ]);
  });
});

describe('budgets', () => {
  const groups = groupCalls(
    [
      call({ userId: 'u-1', cost: 1.2, latencyMs: 2500, status: 'error' }),
      call({ userId: 'u-1', cost: undefined, latencyMs: 900 }),
      call({ userId: 'u-2', cost: 0.5, latencyMs: 400 }),
    ],
    ['user'],
  );

  it('names each breach: cost (a lower bound when some are unknown), p95 latency, error rate', () => {
    expect(checkBudgets(groups, { maxCost: 1, maxP95LatencyMs: 1000, maxErrorRate: 0.25 })).toEqual(
      [
        'user=u-1: cost ≥$1.2000 is over --max-cost $1.0000',
        'user=u-1: p95 latency 2,500 ms is over --max-p95-latency 1,000 ms',
        'user=u-1: error rate 50% (1 of 2 calls) is over --max-error-rate 25%',
      ],
    );
  });

  it('finds nothing when every group is within, or no budget is given', () => {
    expect(checkBudgets(groups, { maxCost: 2, maxP95LatencyMs: 2500, maxErrorRate: 0.5 })).toEqual(
      [],
    );
    expect(
      checkBudgets(groups, {
        maxCost: undefined,
        maxP95LatencyMs: undefined,
        maxErrorRate: undefined,
      }),
    ).toEqual([]);
  });
});
