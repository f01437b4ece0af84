import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const BEFORE = 'test/cli/fixtures/diff-before.ndjson';
const AFTER = 'test/cli/fixtures/diff-after.ndjson';

const figures = (
  calls: number,
  errors: number,
  cost: number | null,
  costUnknownCalls: number,
  tokens: number,
  tokensUnknownCalls: number,
  [p50, p95, max]: [number, number, number],
  wastedCost: number,
) => ({
  calls,
  errors,
  cost,
  costUnknownCalls,
  tokens,
  tokensUnknownCalls,
  latencyMs: { p50, p95, max },
  wastedCost,
});

describe('leanllm-logs diff BEFORE AFTER', () => {
  it('prints per model what changed, the largest change of cost first, then the totals', async () => {
    const result = await runCli(['diff', BEFORE, AFTER]);
    expect(result).toEqual({
      status: 0,
      stderr: '',
      stdout: `leanllm-logs diff ${BEFORE} → ${AFTER}, by model
  model              calls         cost                         tokens                           p95 latency               error rate
  claude-sonnet-4-5  1 → - (gone)  $0.0200 → - (gone)           2,000 tok → - (gone)             2.10 s → - (gone)         100% → - (gone)
  gpt-4o             3 → 2 (-1)    $0.0300 → ≥$0.0120 (-60%)    3,700 tok → ≥1,500 tok (-59.5%)  1.50 s → 1.10 s (-26.7%)  33.3% → 0% (-33.3 pt)
  gemini-2.5-flash   - → 1 (new)   - → $0.0015 (new)            - → 1,200 tok (new)              - → 700 ms (new)          - → 0% (new)
  gpt-4o-mini        2 → 4 (+2)    $0.0010 → $0.0020 (+100%)    1,800 tok → 3,600 tok (+100%)    450 ms → 500 ms (+11.1%)  0% → 25% (+25 pt)
  all calls          6 → 7 (+1)    $0.0510 → ≥$0.0155 (-69.6%)  7,500 tok → ≥6,300 tok (-16%)    2.10 s → 1.10 s (-47.6%)  33.3% → 14.3% (-19 pt)
`,
    });
  });

  it('gives { groups: [{ key, before, after }], totals } in --format json', async () => {
    const { status, stdout, stderr } = await runCli(['diff', '--format', 'json', BEFORE, AFTER]);
    expect([status, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toEqual({
      groups: [
        {
          key: { model: 'claude-sonnet-4-5' },
          before: figures(1, 1, 0.02, 0, 2000, 0, [2100, 2100, 2100], 0.02),
          after: null,
        },
        {
          key: { model: 'gpt-4o' },
          before: figures(3, 1, 0.012 + 0.01 + 0.008, 0, 3700, 0, [1200, 1500, 1500], 0.008),
          after: figures(2, 0, 0.012, 1, 1500, 1, [1000, 1100, 1100], 0),
        },
        {
          key: { model: 'gemini-2.5-flash' },
          before: null,
          after: figures(1, 0, 0.0015, 0, 1200, 0, [700, 700, 700], 0),
        },
        {
          key: { model: 'gpt-4o-mini' },
          before: figures(2, 0, 0.0004 + 0.0006, 0, 1800, 0, [300, 450, 450], 0),
          after: figures(
            4,
            1,
            0.0005 + 0.0004 + 0.0005 + 0.0006,
            0,
            3600,
            0,
            [350, 500, 500],
            0.0005,
          ),
        },
      ],
      totals: {
        key: {},
        before: figures(
          6,
          2,
          0.012 + 0.01 + 0.008 + 0.0004 + 0.0006 + 0.02,
          0,
          7500,
          0,
          [900, 2100, 2100],
          0.008 + 0.02,
        ),
        after: figures(
          7,
          1,
          0.012 + 0.0005 + 0.0004 + 0.0005 + 0.0006 + 0.0015,
          1,
          6300,
          1,
          [500, 1100, 1100],
          0.0005,
        ),
      },
    });
  });

  it('groups by any key, and checks the budgets against AFTER', async () => {
    const result = await runCli([
      'diff',
      BEFORE,
      AFTER,
      '--group-by',
      'user',
      '--max-p95-latency',
      '1000',
    ]);
    expect(result).toEqual({
      status: 1,
      stderr:
        'leanllm-logs: over budget: user=u-2: p95 latency 1,100 ms is over --max-p95-latency 1,000 ms\n',
      stdout: `leanllm-logs diff ${BEFORE} → ${AFTER}, by user
  user       calls       cost                         tokens                           p95 latency               error rate
  u-1        3 → 3 (=)   $0.0304 → ≥$0.0010 (-96.7%)  4,100 tok → ≥1,800 tok (-56.1%)  2.10 s → 1.00 s (-52.4%)  33.3% → 0% (-33.3 pt)
  u-2        3 → 4 (+1)  $0.0206 → $0.0145 (-29.6%)   3,400 tok → 4,500 tok (+32.4%)   1.50 s → 1.10 s (-26.7%)  33.3% → 25% (-8.3 pt)
  all calls  6 → 7 (+1)  $0.0510 → ≥$0.0155 (-69.6%)  7,500 tok → ≥6,300 tok (-16%)    2.10 s → 1.10 s (-47.6%)  33.3% → 14.3% (-19 pt)
`,
    });
    const totals = await runCli(['diff', BEFORE, AFTER, '--max-cost', '0.02']);
    expect([totals.status, totals.stderr]).toEqual([0, '']);
  });

  it('refuses anything but two logs, and the options that make no sense side by side', async () => {
    const cases: [string[], string][] = [
      [
        ['diff', BEFORE],
        'diff takes two logs, BEFORE and AFTER (got 1): leanllm-logs diff before.log after.log',
      ],
      [
        ['diff', BEFORE, AFTER, '--format', 'html'],
        'diff prints a table or --format json, not --format html',
      ],
      [['diff', BEFORE, AFTER, '--top', '3'], '--top cannot be used with diff'],
      [['diff', BEFORE, 'nope.log'], 'cannot read nope.log: no such file'],
    ];
    for (const [argv, message] of cases) {
      expect(await runCli(argv)).toEqual({
        status: 2,
        stdout: '',
        stderr: `leanllm-logs: ${message}\nTry 'leanllm-logs --help'.\n`,
      });
    }
  });
});
