import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

/** An `llm.call` line, as a logger wrote it (with the costs of the day). */
const line = (fields: Record<string, unknown>) =>
  `${JSON.stringify({
    level: 30,
    time: T0,
    event: 'llm.call',
    event_version: 1,
    correlation_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    provider: 'openai',
    status: 'ok',
    latency_ms: 100,
    tool_calls: [],
    msg: 'llm.call',
    ...fields,
  })}\n`;

const LOG = [
  // priced at an old price: $0.001 then, $0.15 now (1,000,000 input x $0.15)
  line({
    event_id: 'stale',
    model: 'gpt-4o-mini',
    input_tokens: 1_000_000,
    output_tokens: 0,
    cost: 0.001,
    cost_source: 'table',
    price_table: 'leanllm-2026-11-23',
  }),
  // logged before its model was priced: no cost then; 1000 x $10 + 100 x $50 now
  line({
    event_id: 'new-model',
    model: 'claude-mythos-5',
    provider: 'anthropic',
    input_tokens: 1000,
    output_tokens: 100,
  }),
  // a cost the provider reported is kept as logged
  line({
    event_id: 'provider',
    model: 'anthropic/claude-haiku-4.5',
    provider: 'openrouter',
    input_tokens: 100,
    output_tokens: 10,
    cost: 0.5,
    cost_source: 'provider',
  }),
  // nobody prices it: unknown before and after, never $0
  line({
    event_id: 'unknown',
    model: 'acme-x',
    provider: 'acme',
    input_tokens: 5,
    output_tokens: 5,
  }),
];

const row = (model: string, fields: Record<string, unknown>) => ({
  model,
  calls: 1,
  loggedCost: null,
  loggedUnknownCalls: 0,
  repricedCost: null,
  repricedUnknownCalls: 0,
  ...fields,
});

describe('leanllm-logs --reprice', () => {
  it('json: logged against repriced totals per model; the graphs carry the repriced costs', async () => {
    const { status, stdout, stderr } = await runCli(['--reprice', '--format', 'json'], {
      stdin: LOG,
    });
    expect([status, stderr]).toEqual([0, '']);
    const { repricing, graphs } = JSON.parse(stdout);
    expect(repricing).toEqual({
      prices: BUILT_IN_PRICES,
      models: [
        row('anthropic/claude-haiku-4.5', { loggedCost: 0.5, repricedCost: 0.5 }),
        row('gpt-4o-mini', { loggedCost: 0.001, repricedCost: 0.15 }),
        row('claude-mythos-5', {
          loggedUnknownCalls: 1,
          repricedCost: (1000 * 10 + 100 * 50) / 1e6,
        }),
        row('acme-x', { loggedUnknownCalls: 1, repricedUnknownCalls: 1 }),
      ],
      total: {
        model: '(all models)',
        calls: 4,
        loggedCost: 0.501,
        loggedUnknownCalls: 2,
        repricedCost: 0.5 + 0.15 + 0.015,
        repricedUnknownCalls: 1,
      },
    });
    expect(graphs[0].totalCost).toBe(0.5 + 0.15 + 0.015);
  });

  it('summary and tree: a table of logged against repriced cost per model', async () => {
    const table = `
repriced with ${BUILT_IN_PRICES}
  model                       calls    logged  repriced  change
  anthropic/claude-haiku-4.5      1   $0.5000   $0.5000  $0
  gpt-4o-mini                     1   $0.0010   $0.1500  +$0.1490
  claude-mythos-5                 1        $?   $0.0150  1 newly priced
  acme-x                          1        $?        $?
  all models                      4  ≥$0.5010  ≥$0.6650  +$0.1640 · 1 newly priced
`;
    const summary = await runCli(['--reprice', '--format', 'summary'], { stdin: LOG });
    expect(summary.status).toBe(0);
    expect(summary.stdout.endsWith(table)).toBe(true);
    const tree = await runCli(['--reprice'], { stdin: LOG });
    expect(tree.stdout).toContain(table);
  });

  it('--prices FILE: the user’s prices, in the configure({ pricing }) shape', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'leanllm-prices-'));
    const file = join(directory, 'negotiated.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'negotiated-2026',
        replace: true,
        models: { 'gpt-4o-mini': { input: 0.1, output: 0.4 } },
      }),
    );
    const { status, stdout } = await runCli(['--prices', file, '--format', 'json'], { stdin: LOG });
    expect(status).toBe(0);
    const { repricing } = JSON.parse(stdout);
    expect(repricing.prices).toBe('negotiated-2026');
    expect(
      repricing.models.map((m: { model: string; repricedCost: number | null }) => [
        m.model,
        m.repricedCost,
      ]),
    ).toEqual([
      ['anthropic/claude-haiku-4.5', 0.5],
      ['gpt-4o-mini', 0.1],
      ['acme-x', null],
      ['claude-mythos-5', null],
    ]);

    writeFileSync(file, JSON.stringify({ models: { m: { input: -1, output: 1 } } }));
    const bad = await runCli(['--prices', file], { stdin: LOG });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`--prices: ${file}: `);
    expect(bad.stderr).toMatch(
      /pricing\.models\.m\.input"? must be a number >= 0 \(USD per million tokens\), got number -1\n/,
    );

    const missing = await runCli(['--prices', join(directory, 'none.json')], { stdin: LOG });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`--prices: cannot read ${join(directory, 'none.json')}`);
  });
});

describe('stats: suspectUsage', () => {
  it('counts lines whose usage cannot be true, in every format', async () => {
    const log = [
      line({ event_id: 'ok', model: 'gpt-4o-mini', input_tokens: 10, output_tokens: 1 }),
      line({
        event_id: 'cache',
        model: 'gpt-4o-mini',
        input_tokens: 10,
        cache_read_tokens: 20,
        output_tokens: 1,
      }),
      line({
        event_id: 'embed',
        model: 'text-embedding-3-small',
        operation: 'embeddings',
        input_tokens: 10,
        output_tokens: 3,
      }),
    ];
    const json = await runCli(['--format', 'json'], { stdin: log });
    expect(JSON.parse(json.stdout).stats.suspectUsage).toBe(2);
    const tree = await runCli([], { stdin: log });
    expect(tree.stdout).toContain('2 suspect usage');
  });
});
