import { describe, expect, it } from 'vitest';
import { contextLogger, logLlmCall, section, trace } from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';

describe("leanllm-logs on lines written with keys: 'otel'", () => {
  it('builds the same graph from OpenTelemetry-named lines, mixed with snake_case ones', async () => {
    const { logger, raw } = capture({ timestamp: true });
    const otel = contextLogger(logger, { keys: 'otel' });
    const snake = contextLogger(logger);
    trace({ correlationId: 'c0ffee00c0ffee00c0ffee00c0ffee00', tags: { tier: 'pro' } }, () => {
      logLlmCall(otel, {
        eventId: 'root',
        model: 'gpt-4o',
        provider: 'openai',
        latencyMs: 300,
        inputTokens: 10,
        outputTokens: 5,
      });
      section('agent:tool', () =>
        logLlmCall(snake, {
          eventId: 'child',
          parentRequestId: 'root',
          model: 'gpt-4o-mini',
          provider: 'openai',
          latencyMs: 100,
          error: new Error('boom'),
        }),
      );
    });
    expect(raw[0]).toContain('"gen_ai.request.model":"gpt-4o"');
    expect(raw[1]).toContain('"model":"gpt-4o-mini"');
    const { status, stdout } = await runCli(['--format', 'json'], { stdin: raw });
    expect(status).toBe(0);
    const [graph] = JSON.parse(stdout).graphs;
    expect(graph.correlationId).toBe('c0ffee00c0ffee00c0ffee00c0ffee00');
    expect(graph.roots).toHaveLength(1);
    expect(graph.roots[0]).toMatchObject({
      eventId: 'root',
      model: 'gpt-4o',
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      children: [
        { eventId: 'child', model: 'gpt-4o-mini', status: 'error', section: 'agent:tool' },
      ],
    });
  });
});
