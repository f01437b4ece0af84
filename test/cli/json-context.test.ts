import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { eventLine } from '../helpers/llm-lines.js';

describe('leanllm-logs --format json: nodes carry the context of their line', () => {
  it('cost per customer needs no post-processing: user, feature and tags are on each node', async () => {
    const stdin = [
      eventLine({ event_id: 'a-1', user_id: 'u-1', tags: { customer: 'acme' }, cost: 0.5 }),
      eventLine({ event_id: 'b-1', correlation_id: 'corr-2', user_id: 'u-2', cost: 0.25 }),
    ].map((line) => `${line}\n`);
    const { status, stdout } = await runCli(['--format', 'json'], { stdin });
    expect(status).toBe(0);
    const nodes = JSON.parse(stdout).graphs.map(
      (graph: { roots: Record<string, unknown>[] }) => graph.roots[0],
    );
    const KEYS = [
      'userId',
      'sessionId',
      'feature',
      'environment',
      'samplingIteration',
      'tags',
      'cost',
    ];
    const context = (node: Record<string, unknown>) =>
      Object.fromEntries(KEYS.map((key) => [key, node[key]]));
    expect(nodes.map(context)).toEqual([
      {
        userId: 'u-1',
        sessionId: 'sess-1',
        feature: 'search',
        environment: 'test',
        samplingIteration: null,
        tags: { customer: 'acme' },
        cost: 0.5,
      },
      {
        userId: 'u-2',
        sessionId: 'sess-1',
        feature: 'search',
        environment: 'test',
        samplingIteration: null,
        tags: null,
        cost: 0.25,
      },
    ]);
  });
});
