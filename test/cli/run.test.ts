import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const FIXTURE = 'test/cli/fixtures/agent.ndjson';
const A = '4bf92f3577b34da6a3ce929d0e0e4736';
const B = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

const TREE_A = `correlation ${A} · 6 calls · ≥$0.0113 · 5.00 s work · 4.30 s wall · ≥2,770 tok
└─ gpt-4o (openai) · $0.0024 · 1.20 s · 620 tok · agent:planner · tools: search, fetch_page · id plan-1  [subtree ≥$0.0113 · 5.00 s work · 4.30 s wall · ≥2,770 tok]
   ├─ gpt-4o-mini (openai) · $0.000062 · 650 ms · 290 tok · agent:planner/tool:fetch · id fetch-1
   ├─ gpt-4o-mini (openai) · $0.000075 · 700 ms · 350 tok · agent:planner/tool:search · id search-1
   ├─ claude-sonnet-4-5 (anthropic) · $? · 250 ms · ? tok · error · agent:writer · id write-1
   └─ claude-sonnet-4-5 (anthropic) · $0.0087 · 1.90 s · 1,300 tok · agent:writer · id write-2  [subtree ≥$0.0087 · 2.20 s work · 1.90 s wall · 1,510 tok]
      └─ gpt-4o-mini (openai) · $? · 300 ms · 210 tok · agent:writer/step:check · id check-1
`;
const TREE_B = `correlation ${B} · 1 call · $0.000027 · 400 ms work · 400 ms wall · 120 tok
└─ gpt-4o-mini (openai) · $0.000027 · 400 ms · 120 tok · parent gone-away not in the log · id solo-1
`;

describe('leanllm-logs on the agent fixture', () => {
  it('prints a tree per correlation, then how every line was accounted for', async () => {
    const result = await runCli([FIXTURE]);
    expect(result).toEqual({
      status: 0,
      stderr: '',
      stdout: `${TREE_A}
${TREE_B}
12 lines read from ${FIXTURE}: 7 events · 3 other · 1 malformed · 1 blank · 1 orphan
  malformed ${FIXTURE}:6: not a JSON object
`,
    });
  });

  it('prints one JSON document: graphs with nested nodes (unknown as null) and stats', async () => {
    const { status, stdout, stderr } = await runCli(['--format', 'json', FIXTURE]);
    expect([status, stderr]).toEqual([0, '']);
    expect(stdout.endsWith('}\n')).toBe(true);
    expect(stdout.trimEnd().includes('\n')).toBe(false);
    const node = (fields: Record<string, unknown>) => ({
      parentRequestId: null,
      correlationId: A,
      status: 'ok',
      section: null,
      // the line's context: nodes carry it, so graphs can be sliced
      sessionId: 'sess-1',
      userId: 'u-42',
      feature: 'research',
      environment: 'test',
      samplingIteration: null,
      tags: null,
      cost: null,
      inputTokens: null,
      outputTokens: null,
      totalTokens: null,
      toolCalls: [],
      children: [],
      ...fields,
    });
    const check = node({
      eventId: 'check-1',
      parentRequestId: 'write-2',
      samplingIteration: 1,
      model: 'gpt-4o-mini',
      provider: 'openai',
      section: 'agent:writer/step:check',
      startTime: T0 + 3800,
      endTime: T0 + 4100,
      latencyMs: 300,
      inputTokens: 200,
      outputTokens: 10,
      totalTokens: 210,
      subtreeCost: null,
      subtreeLatencyMs: 300,
      subtreeTokens: 210,
      subtreeWallClockMs: 300,
    });
    const write2 = node({
      eventId: 'write-2',
      parentRequestId: 'plan-1',
      samplingIteration: 1,
      model: 'claude-sonnet-4-5',
      provider: 'anthropic',
      section: 'agent:writer',
      startTime: T0 + 2400,
      endTime: T0 + 4300,
      cost: 0.0087,
      latencyMs: 1900,
      inputTokens: 900,
      outputTokens: 400,
      totalTokens: 1300,
      subtreeCost: 0.0087,
      subtreeLatencyMs: 2200,
      subtreeTokens: 1510,
      subtreeWallClockMs: 1900,
      children: [check],
    });
    const write1 = node({
      eventId: 'write-1',
      parentRequestId: 'plan-1',
      samplingIteration: 0,
      model: 'claude-sonnet-4-5',
      provider: 'anthropic',
      status: 'error',
      section: 'agent:writer',
      startTime: T0 + 2050,
      endTime: T0 + 2300,
      latencyMs: 250,
      subtreeCost: null,
      subtreeLatencyMs: 250,
      subtreeTokens: null,
      subtreeWallClockMs: 250,
    });
    const search = node({
      eventId: 'search-1',
      parentRequestId: 'plan-1',
      model: 'gpt-4o-mini',
      provider: 'openai',
      section: 'agent:planner/tool:search',
      startTime: T0 + 1300,
      endTime: T0 + 2000,
      cost: 0.000075,
      latencyMs: 700,
      inputTokens: 300,
      outputTokens: 50,
      totalTokens: 350,
      subtreeCost: 0.000075,
      subtreeLatencyMs: 700,
      subtreeTokens: 350,
      subtreeWallClockMs: 700,
    });
    const fetch = node({
      eventId: 'fetch-1',
      parentRequestId: 'plan-1',
      model: 'gpt-4o-mini',
      provider: 'openai',
      section: 'agent:planner/tool:fetch',
      startTime: T0 + 1250,
      endTime: T0 + 1900,
      cost: 0.0000615,
      latencyMs: 650,
      inputTokens: 250,
      outputTokens: 40,
      totalTokens: 290,
      subtreeCost: 0.0000615,
      subtreeLatencyMs: 650,
      subtreeTokens: 290,
      subtreeWallClockMs: 650,
    });
    const planCost = 0.00245 + 0.0000615 + 0.000075 + 0.0087;
    const plan = node({
      eventId: 'plan-1',
      model: 'gpt-4o',
      provider: 'openai',
      section: 'agent:planner',
      startTime: T0,
      endTime: T0 + 1200,
      cost: 0.00245,
      latencyMs: 1200,
      inputTokens: 500,
      outputTokens: 120,
      totalTokens: 620,
      toolCalls: [
        { id: 'call_a', name: 'search', arguments: { q: 'pino transports' } },
        {
          id: 'call_b',
          name: 'fetch_page',
          arguments: null,
          rawArguments: '{"url":"https://getpino.io"',
        },
      ],
      subtreeCost: planCost,
      subtreeLatencyMs: 5000,
      subtreeTokens: 2770,
      subtreeWallClockMs: 4300,
      children: [fetch, search, write1, write2],
    });
    const solo = node({
      eventId: 'solo-1',
      parentRequestId: 'gone-away',
      correlationId: B,
      model: 'gpt-4o-mini',
      provider: 'openai',
      startTime: T0 + 100,
      endTime: T0 + 500,
      cost: 0.000027,
      latencyMs: 400,
      inputTokens: 100,
      outputTokens: 20,
      totalTokens: 120,
      subtreeCost: 0.000027,
      subtreeLatencyMs: 400,
      subtreeTokens: 120,
      subtreeWallClockMs: 400,
    });
    expect(JSON.parse(stdout)).toEqual({
      graphs: [
        {
          correlationId: A,
          totalCost: planCost,
          totalLatencyMs: 5000,
          totalTokens: 2770,
          roots: [plan],
        },
        {
          correlationId: B,
          totalCost: 0.000027,
          totalLatencyMs: 400,
          totalTokens: 120,
          roots: [solo],
        },
      ],
      stats: {
        files: [FIXTURE],
        lines: 12,
        events: 7,
        otherLines: 3,
        malformedLines: 1,
        blankLines: 1,
        truncatedLines: 0,
        oversizedLines: 0,
        malformed: [{ file: FIXTURE, line: 6, reason: 'not a JSON object' }],
        truncated: [],
        duplicates: 0,
        orphans: 1,
        sampledOutParents: 0,
        cycles: 0,
        suspectUsage: 0,
        excludedEvents: 0,
        graphs: 2,
      },
    });
  });

  it('prints a one-screen summary', async () => {
    const { status, stdout } = await runCli(['--format=summary', FIXTURE]);
    expect(status).toBe(0);
    expect(stdout).toBe(`leanllm-logs summary
  lines   12 in 1 input: 7 events · 3 other · 1 malformed · 1 blank · 0 truncated
  graphs  2 correlations · 7 calls · 1 orphan · 0 duplicates
  cost    ≥$0.0113 (2 calls without a cost)
  work    5.40 s of LLM latency
  tokens  ≥2,890 tok (1 call without a count)

top 2 correlations by cost
       cost  calls    work    wall      tokens  correlation
   ≥$0.0113      6  5.00 s  4.30 s  ≥2,770 tok  ${A}
  $0.000027      1  400 ms  400 ms     120 tok  ${B}

models by cost and tokens
  model              provider   calls       cost      tokens
  claude-sonnet-4-5  anthropic      2   ≥$0.0087  ≥1,300 tok
  gpt-4o             openai         1    $0.0024     620 tok
  gpt-4o-mini        openai         4  ≥$0.00016     970 tok
`);
  });

  it('--correlation keeps those graphs; the other events are counted as excluded', async () => {
    const { stdout } = await runCli(['-c', B, '-c', 'nope', FIXTURE]);
    expect(stdout).toBe(`${TREE_B}
12 lines read from ${FIXTURE}: 7 events · 3 other · 1 malformed · 1 blank · 1 orphan · 6 excluded by filters
  malformed ${FIXTURE}:6: not a JSON object
`);
    const { stderr } = await runCli(['-c', B, '-c', 'nope', FIXTURE]);
    expect(stderr).toBe('leanllm-logs: no llm.call event in correlation nope\n');
  });

  it('--event shows that call with its ancestors and its subtree', async () => {
    const { stdout, stderr } = await runCli(['--event', 'write-2', '--event', 'missing', FIXTURE]);
    expect(stderr).toBe('leanllm-logs: no llm.call event with id missing\n');
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      `correlation ${A} · 3 calls · ≥$0.0112 · 3.40 s work · 4.30 s wall · 2,130 tok`,
      '└─ gpt-4o (openai) · $0.0024 · 1.20 s · 620 tok · agent:planner · tools: search, fetch_page · id plan-1  [subtree ≥$0.0112 · 3.40 s work · 4.30 s wall · 2,130 tok]',
      '   └─ claude-sonnet-4-5 (anthropic) · $0.0087 · 1.90 s · 1,300 tok · agent:writer · id write-2  [subtree ≥$0.0087 · 2.20 s work · 1.90 s wall · 1,510 tok]',
      '      └─ gpt-4o-mini (openai) · $? · 300 ms · 210 tok · agent:writer/step:check · id check-1',
    ]);
  });

  it('--sort and --top order and cut the graphs', async () => {
    const cheapestLast = await runCli(['--sort', 'cost', '--top', '1', '-f', 'json', FIXTURE]);
    expect(
      JSON.parse(cheapestLast.stdout).graphs.map((g: { correlationId: string }) => g.correlationId),
    ).toEqual([A]);
    const byTime = await runCli(['-f', 'json', FIXTURE]);
    expect(
      JSON.parse(byTime.stdout).graphs.map((g: { correlationId: string }) => g.correlationId),
    ).toEqual([A, B]);
    const byLatency = await runCli(['-s', 'latency', '-n', '2', '-f', 'json', FIXTURE]);
    expect(
      JSON.parse(byLatency.stdout).graphs.map((g: { correlationId: string }) => g.correlationId),
    ).toEqual([A, B]);
  });

  it('--since and --until keep the calls running in the window', async () => {
    const { stdout } = await runCli([
      '--since',
      new Date(T0 + 2100).toISOString(),
      '--until',
      String(T0 + 3900),
      '-f',
      'json',
      FIXTURE,
    ]);
    const { graphs, stats } = JSON.parse(stdout);
    const ids = graphs.flatMap((g: { roots: { eventId: string }[] }) =>
      g.roots.map((r) => r.eventId),
    );
    expect(ids).toEqual(['write-1', 'write-2']);
    expect(stats).toMatchObject({ events: 7, excludedEvents: 4, orphans: 2 });
    const relative = await runCli(['--since', '1h', '-f', 'json', FIXTURE], {
      now: () => T0 + 3_600_000 + 2000,
    });
    expect(JSON.parse(relative.stdout).stats.excludedEvents).toBe(3);
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    const plain = await runCli([FIXTURE]);
    const tty = await runCli([FIXTURE], { stdoutIsTTY: true });
    const noColor = await runCli([FIXTURE], { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(tty.stdout).toContain(`\u001b[1mcorrelation ${A}`);
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
    expect(tty.stdout.replace(ansi, '')).toBe(plain.stdout);
    expect(noColor.stdout).toBe(plain.stdout);
  });
});

describe('leanllm-logs arguments and exit status', () => {
  it('--help and --version', async () => {
    const help = await runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: leanllm-logs \[options\] \[files\.\.\.\]\n/);
    for (const option of [
      '--format',
      '--correlation',
      '--event',
      '--sort',
      '--top',
      '--since',
      '--until',
      '--strict',
      '--version',
    ]) {
      expect(help.stdout).toContain(option);
    }
    const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(await runCli(['-v'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([
    [['--colour'], "Unknown option '--colour'"],
    [['--format', 'xml'], "--format must be one of tree, json, summary, html, otlp (got 'xml')"],
    [['--sort', 'size'], "--sort must be one of time, cost, latency, tokens (got 'size')"],
    [['--top', '0'], "--top must be a whole number of at least 1 (got '0')"],
    [['--top', '2.5'], "--top must be a whole number of at least 1 (got '2.5')"],
    [
      ['--since', 'soon'],
      "--since 'soon' is not a time: use an ISO 8601 date (2026-11-23T10:00:00Z), epoch milliseconds, or a duration ago (15m, 2h, 7d)",
    ],
    [
      ['--since', '2026-11-24', '--until', '2026-11-23'],
      '--since is after --until: no call can be in that window',
    ],
    [['--correlation'], "Option '-c, --correlation <value>' argument missing"],
    [['-', '-'], "stdin ('-') can be read only once"],
    [['missing.log'], 'cannot read missing.log: no such file'],
    [['test/cli'], 'cannot read test/cli: is a directory'],
    [[FIXTURE, 'missing.log'], 'cannot read missing.log: no such file'],
  ])('%j is a usage error (exit 2, nothing printed)', async (argv, message) => {
    expect(await runCli(argv)).toEqual({
      status: 2,
      stdout: '',
      stderr: `leanllm-logs: ${message}\nTry 'leanllm-logs --help'.\n`,
    });
  });

  it('no file and stdin on a terminal is a usage error rather than a wait', async () => {
    expect(await runCli([], { stdinIsTTY: true })).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "leanllm-logs: no input: name log files, or pipe logs into stdin\nTry 'leanllm-logs --help'.\n",
    });
  });

  it('--strict parses every line and exits 1 on a malformed one', async () => {
    const lines = ['{"level":30,"msg":"ok"}', '{"level":30,"msg":"cut" oops}', '{"msg":1}'];
    const lenient = await runCli(['-f', 'json', '-'], { stdin: [`${lines.join('\n')}\n`] });
    expect(lenient.status).toBe(0);
    expect(JSON.parse(lenient.stdout).stats).toMatchObject({ otherLines: 3, malformedLines: 0 });
    const strict = await runCli(['--strict', '-f', 'json', '-'], {
      stdin: [`${lines.join('\n')}\n`],
    });
    expect(strict.status).toBe(1);
    const { stats } = JSON.parse(strict.stdout);
    expect(stats).toMatchObject({ otherLines: 2, malformedLines: 1 });
    expect(stats.malformed).toEqual([
      { file: '<stdin>', line: 2, reason: expect.stringMatching(/^invalid JSON \(.+\)$/) },
    ]);
    expect(strict.stderr).toMatch(
      /^leanllm-logs: 1 malformed line \(first: <stdin>:2: invalid JSON \(.+\)\)\n$/,
    );
    const fixture = await runCli(['--strict', FIXTURE]);
    expect(fixture.status).toBe(1);
  });
});

describe('leanllm-logs without events', () => {
  it('prints only the account of the lines read', async () => {
    expect(await runCli([], { stdin: ['{"msg":"hello"}\n\nnope\n'] })).toEqual({
      status: 0,
      stderr: '',
      stdout:
        '3 lines read from <stdin>: 0 events · 1 other · 1 malformed · 1 blank\n  malformed <stdin>:3: not a JSON object\n',
    });
  });
});

describe('leanllm-logs on deep graphs', () => {
  const chain = (depth: number) =>
    Array.from(
      { length: depth },
      (_, i) =>
        `{"time":${T0 + i + 1},"event":"llm.call","event_id":"e${i}",${i > 0 ? `"parent_request_id":"e${i - 1}",` : ''}"correlation_id":"deep","model":"m","provider":"p","status":"ok","latency_ms":1}`,
    ).join('\n');

  it('draws calls deeper than 24 levels at that indentation, labelled with their depth', async () => {
    const { stdout } = await runCli([], { stdin: [`${chain(27)}\n`] });
    const lines = stdout.split('\n');
    expect(lines[25]).toBe(
      `${'   '.repeat(24)}└─ m (p) · $? · 1 ms · ? tok · id e24  [subtree $? · 3 ms work · 3 ms wall · ? tok]`,
    );
    expect(lines[26]).toBe(
      `${'   '.repeat(24)}└─ [depth 25] m (p) · $? · 1 ms · ? tok · id e25  [subtree $? · 2 ms work · 2 ms wall · ? tok]`,
    );
    expect(lines[27]).toBe(`${'   '.repeat(24)}└─ [depth 26] m (p) · $? · 1 ms · ? tok · id e26`);
  });

  it('writes a 50,000-deep chain as JSON and as a tree (no recursion anywhere)', async () => {
    const stdin = [`${chain(50_000)}\n`];
    const json = await runCli(['-f', 'json'], { stdin });
    let node = JSON.parse(json.stdout).graphs[0].roots[0];
    let depth = 1;
    while (node.children.length > 0) {
      node = node.children[0];
      depth++;
    }
    expect([depth, node.eventId]).toEqual([50_000, 'e49999']);
    const tree = await runCli([], { stdin });
    expect(tree.stdout.split('\n')).toHaveLength(50_000 + 4);
  });
});
