import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { isSampledIn } from '../../src/events/sampling.js';
import { configure, logLlmCall, resetConfiguration } from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';
import { eventLine } from '../helpers/llm-lines.js';

describe('leanllm-logs: a root says where its parent is', () => {
  it('a parent logged under another correlation is named with that correlation, not as missing', async () => {
    const stdin = [
      eventLine({ event_id: 'p-1', correlation_id: 'corr-a', latency_ms: 500 }),
      eventLine({ event_id: 'c-1', correlation_id: 'corr-b', parent_request_id: 'p-1' }),
      eventLine({ event_id: 'c-2', correlation_id: 'corr-b', parent_request_id: 'gone' }),
    ].map((line) => `${line}\n`);
    const { status, stdout } = await runCli([], { stdin });
    expect(status).toBe(0);
    expect(stdout.split('\n').filter((line) => line.includes('parent '))).toEqual([
      '├─ gpt-4o-mini (openai) · $0.000036 · 800 ms · 150 tok · parent p-1 in correlation corr-a · id c-1',
      '└─ gpt-4o-mini (openai) · $0.000036 · 800 ms · 150 tok · parent gone not in the log · id c-2',
    ]);
  });
});

describe('errors of a correlation sampling drops', () => {
  afterEach(() => resetConfiguration());

  it('are written with sampled_out: true and counted as sampled-out parents, not orphans', async () => {
    configure({ sampleRate: 0.5 });
    const ids = Array.from({ length: 100 }, (_, i) => `corr-${i}`);
    const dropped = ids.find((id) => !isSampledIn(id, 0.5)) as string;
    const kept = ids.find((id) => isSampledIn(id, 0.5)) as string;
    const { logger, raw } = capture({ timestamp: pino.stdTimeFunctions.epochTime });
    const call = { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 10 } as const;
    logLlmCall(logger, { ...call, eventId: 'p-1', correlationId: dropped }); // dropped: not written
    logLlmCall(logger, {
      ...call,
      eventId: 'e-1',
      correlationId: dropped,
      parentRequestId: 'p-1',
      error: new Error('rate limited'),
    });
    logLlmCall(logger, { ...call, eventId: 'k-1', correlationId: kept, error: new Error('x') });
    const lines = raw.map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.event_id, line.sampled_out])).toEqual([
      ['e-1', true],
      ['k-1', undefined],
    ]);
    const { stdout } = await runCli(['--format', 'json'], { stdin: raw });
    expect(JSON.parse(stdout).stats).toMatchObject({ orphans: 0, sampledOutParents: 1 });
    const tree = await runCli([], { stdin: raw });
    expect(tree.stdout).toContain(
      '2 lines read from <stdin>: 2 events · 0 other · 0 malformed · 1 sampled-out parent',
    );
  });
});
