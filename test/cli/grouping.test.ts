import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { generateLog } from '../helpers/generated-log.js';

type Line = Record<string, unknown>;

/** The definition of the nearest-rank percentile, read literally. */
function percentile(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.find((v) => sorted.filter((w) => w <= v).length * 100 >= p * sorted.length) ?? null;
}

/** The groups, computed from the raw lines alone, in the order the CLI promises. */
function expectedGroups(lines: string[], keyOf: (line: Line) => Record<string, string | null>) {
  const events = lines
    .map((text) => JSON.parse(text) as Line)
    .filter((l) => l.event === 'llm.call');
  // retries: per correlation and section, every attempt but the highest sampling_iteration
  const lastAttempt = new Map<string, number>();
  for (const e of events) {
    if (typeof e.sampling_iteration !== 'number') continue;
    const place = `${e.correlation_id} ${e.section_path}`;
    lastAttempt.set(place, Math.max(lastAttempt.get(place) ?? 0, e.sampling_iteration));
  }
  const groups = new Map<string, { key: Record<string, string | null>; events: Line[] }>();
  for (const e of events) {
    const key = keyOf(e);
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? { key, events: [] };
    group.events.push(e);
    groups.set(id, group);
  }
  return [...groups.values()]
    .map(({ key, events: members }) => {
      const known = members.filter((e) => typeof e.cost === 'number');
      const withTokens = members.filter((e) => typeof e.total_tokens === 'number');
      const latencies = members.map((e) => e.latency_ms as number);
      const wasted = known.filter((e) => {
        const last = lastAttempt.get(`${e.correlation_id} ${e.section_path}`);
        const superseded =
          typeof e.sampling_iteration === 'number' &&
          last !== undefined &&
          last > 0 &&
          e.sampling_iteration < last;
        return e.status === 'error' || superseded;
      });
      const sum = (list: Line[], field: string) =>
        list.reduce((total, e) => total + (e[field] as number), 0);
      return {
        key,
        calls: members.length,
        errors: members.filter((e) => e.status === 'error').length,
        cost: known.length === 0 ? null : sum(known, 'cost'),
        costUnknownCalls: members.length - known.length,
        tokens: withTokens.length === 0 ? null : sum(withTokens, 'total_tokens'),
        tokensUnknownCalls: members.length - withTokens.length,
        latencyMs: {
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          max: Math.max(...latencies),
        },
        wastedCost: sum(wasted, 'cost'),
      };
    })
    .sort(
      (a, b) =>
        (b.cost ?? -1) - (a.cost ?? -1) ||
        b.calls - a.calls ||
        (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1),
    );
}

const text = (key: Record<string, string | null>) =>
  Object.entries(key)
    .map(([name, value]) => `${name}=${value ?? '(none)'}`)
    .join(' ');

describe('--group-by on a generated log', () => {
  const log = generateLog(15, 400);
  const stdin = [`${log.lines.join('\n')}\n`];

  it.each([
    ['user', (e: Line) => ({ user: (e.user_id as string) ?? null })],
    ['feature', (e: Line) => ({ feature: (e.feature as string) ?? null })],
    ['model', (e: Line) => ({ model: e.model as string })],
    [
      'user,feature',
      (e: Line) => ({
        user: (e.user_id as string) ?? null,
        feature: (e.feature as string) ?? null,
      }),
    ],
    ['section', (e: Line) => ({ section: e.section_path as string })],
  ])(
    '--group-by %s: the JSON groups are the totals computed from the raw lines',
    async (by, keyOf) => {
      const { status, stdout, stderr } = await runCli(['--format', 'json', '--group-by', by], {
        stdin,
      });
      expect([status, stderr]).toEqual([0, '']);
      const groups = expectedGroups(log.lines, keyOf);
      expect(JSON.parse(stdout).groups).toEqual(groups);
      // the ordering ties were broken by the key text: sorted groups never repeat a key
      expect(new Set(groups.map((group) => text(group.key))).size).toBe(groups.length);
    },
  );

  it('agrees with what the generator tallied per user, feature and model', async () => {
    const { stdout } = await runCli(
      ['--format', 'json', '--group-by', 'user', '--group-by', 'feature', '--group-by', 'model'],
      { stdin },
    );
    const groups: { key: Record<string, string | null>; calls: number; cost: number | null }[] =
      JSON.parse(stdout).groups;
    const tallied = (tallies: typeof log.byUser) =>
      [...tallies].map(([value, tally]) => [value, tally.calls, tally.costUnits / 65536]).sort();
    const seen = (name: string) =>
      groups
        .filter((group) => name in group.key)
        .map((group) => [group.key[name] ?? '(none)', group.calls, group.cost ?? 0])
        .sort();
    expect(seen('user')).toEqual(tallied(log.byUser));
    expect(seen('feature')).toEqual(tallied(log.byFeature));
    expect(seen('model')).toEqual(tallied(log.byModel));
  });
});

describe('the grouping tables, exactly', () => {
  const log = generateLog(7, 6);
  const stdin = [`${log.lines.join('\n')}\n`];
  const BY_USER_FEATURE = `calls by user, feature
  user    feature    calls  errors      cost       tokens     p50     p95     max   wasted
  u-2     summarize      6       1  ≥$0.0484  ≥12,680 tok  1.24 s  1.99 s  1.99 s  $0.0070
  u-1     summarize      4       0  ≥$0.0258   ≥6,756 tok  399 ms  1.29 s  1.29 s  $0.0127
  u-2     search         4       0   $0.0239    6,276 tok  410 ms  1.37 s  1.37 s       $0
  (none)  (none)         1       0   $0.0076    1,992 tok  1.09 s  1.09 s  1.09 s       $0
  u-2     chat           2       0  ≥$0.0018     ≥480 tok  430 ms  1.43 s  1.43 s       $0`;
  const BY_MODEL = `calls by model
  model              calls  errors      cost       tokens     p50     p95     max   wasted
  gpt-4o                 9       0  ≥$0.0494  ≥12,956 tok  430 ms  1.50 s  1.50 s       $0
  claude-sonnet-4-5      5       1  ≥$0.0295   ≥7,740 tok  1.37 s  1.99 s  1.99 s  $0.0070
  gpt-4o-mini            3       0   $0.0286    7,488 tok  1.24 s  1.29 s  1.29 s  $0.0127`;

  it('prints a table per grouping after the trees, before the account of the lines', async () => {
    const { status, stdout, stderr } = await runCli(
      ['--group-by', 'user,feature', '--group-by', 'model'],
      { stdin },
    );
    expect([status, stderr]).toEqual([0, '']);
    const tail = stdout.slice(stdout.indexOf('\n\ncalls by user, feature') + 2);
    expect(tail).toBe(
      `${BY_USER_FEATURE}\n\n${BY_MODEL}\n\n22 lines read from <stdin>: 17 events · 5 other · 0 malformed\n`,
    );
  });

  it('ends the summary with the tables', async () => {
    const { stdout } = await runCli(['--format', 'summary', '--group-by', 'model'], { stdin });
    expect(
      stdout.endsWith(`models by cost and tokens
  model              provider   calls      cost       tokens
  gpt-4o             openai         9  ≥$0.0494  ≥12,956 tok
  claude-sonnet-4-5  anthropic      5  ≥$0.0295   ≥7,740 tok
  gpt-4o-mini        openai         3   $0.0286    7,488 tok

${BY_MODEL}
`),
    ).toBe(true);
  });

  it('prints the tables alone when no call is left (no blank line first)', async () => {
    const { stdout } = await runCli(['--group-by', 'model', '--correlation', 'none'], { stdin });
    expect(stdout).toBe(`calls by model
  model  calls  errors  cost  tokens  p50  p95  max  wasted

22 lines read from <stdin>: 17 events · 5 other · 0 malformed · 17 excluded by filters
`);
  });

  it('changes nothing in any output when --group-by is not given', async () => {
    for (const format of ['tree', 'json', 'summary']) {
      const plain = await runCli(['--format', format], { stdin });
      const grouped = await runCli(['--format', format, '--group-by', 'model'], { stdin });
      expect(grouped.stdout.startsWith(plain.stdout.slice(0, format === 'json' ? -2 : -200))).toBe(
        true,
      );
    }
  });
});

describe('budgets', () => {
  const log = generateLog(7, 6);
  const stdin = [`${log.lines.join('\n')}\n`];

  it('on the totals: the report as usual, each breach named on stderr, exit 1', async () => {
    const plain = await runCli(['--format', 'summary'], { stdin });
    const result = await runCli(
      [
        '--format',
        'summary',
        '--max-cost',
        '0.1',
        '--max-p95-latency',
        '1500',
        '--max-error-rate',
        '0.05',
      ],
      { stdin },
    );
    expect(result).toEqual({
      status: 1,
      stdout: plain.stdout,
      stderr: `leanllm-logs: over budget: all calls: cost ≥$0.1075 is over --max-cost $0.1000
leanllm-logs: over budget: all calls: p95 latency 1,985 ms is over --max-p95-latency 1,500 ms
leanllm-logs: over budget: all calls: error rate 5.88% (1 of 17 calls) is over --max-error-rate 5%
`,
    });
  });

  it('per group with --group-by; within every budget, exit 0', async () => {
    const over = await runCli(['--group-by', 'model', '--max-cost', '0.03', '--format', 'json'], {
      stdin,
    });
    expect([over.status, over.stderr]).toEqual([
      1,
      `leanllm-logs: over budget: model=gpt-4o: cost ≥$0.0494 is over --max-cost $0.0300
`,
    ]);
    const within = await runCli(
      [
        '--group-by',
        'model',
        '--max-cost',
        '0.05',
        '--max-error-rate',
        '0.2',
        '--max-p95-latency',
        '2000',
      ],
      { stdin },
    );
    expect([within.status, within.stderr]).toEqual([0, '']);
  });

  it('refuses a budget that is not a number, naming the option', async () => {
    for (const [option, value, message] of [
      ['--max-cost', '1e3', "--max-cost must be a number of 0 or more (got '1e3')"],
      ['--max-cost', '-1', "--max-cost must be a number of 0 or more (got '-1')"],
      ['--max-error-rate', '1.5', "--max-error-rate must be a number from 0 to 1 (got '1.5')"],
      ['--max-p95-latency', '2s', "--max-p95-latency must be a number of 0 or more (got '2s')"],
    ] as const) {
      const result = await runCli([`${option}=${value}`], { stdin });
      expect(result).toEqual({
        status: 2,
        stdout: '',
        stderr: `leanllm-logs: ${message}\nTry 'leanllm-logs --help'.\n`,
      });
    }
  });

  it('refuses an unknown --group-by key', async () => {
    const result = await runCli(['--group-by', 'customer'], { stdin });
    expect(result.stderr).toBe(
      "leanllm-logs: --group-by takes user, session, feature, environment, section, model, provider, correlation or tag:<key>, comma-separated (got 'customer')\nTry 'leanllm-logs --help'.\n",
    );
    expect(result.status).toBe(2);
  });
});
