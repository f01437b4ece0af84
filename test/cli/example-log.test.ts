// The bundled example log (examples/logs/agent.ndjson, written by examples/agent.mjs): the tree
// the README shows, and the exact JSON document, checked against the raw lines too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const LOG = 'examples/logs/agent.ndjson';
const readme = readFileSync('README.md', 'utf8');
const rawEvents = readFileSync(LOG, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line))
  .filter((line) => line.event === 'llm.call');

/** The README's fenced `text` block after the example command. */
function readmeTree(): string {
  const command = readme.indexOf(`npx leanllm-logs ${LOG}`);
  const start = readme.indexOf('```text\n', command) + '```text\n'.length;
  return readme.slice(start, readme.indexOf('```', start));
}

describe('leanllm-logs on the bundled example log', () => {
  it('prints exactly the tree the README shows', async () => {
    const { status, stdout, stderr } = await runCli([LOG]);
    expect([status, stderr]).toEqual([0, '']);
    expect(stdout).toBe(readmeTree());
  });

  it('prints exactly the expected JSON document', async () => {
    const { status, stdout } = await runCli(['--format', 'json', LOG]);
    expect(status).toBe(0);
    const expected = JSON.parse(
      readFileSync('test/cli/fixtures/agent-example.expected.json', 'utf8'),
    );
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('agrees with the raw lines: one node per event, parents as logged, costs summed', async () => {
    const { stdout } = await runCli(['--format', 'json', LOG]);
    const { graphs, stats } = JSON.parse(stdout);
    expect(stats).toMatchObject({
      lines: 11,
      events: 6,
      otherLines: 5,
      malformedLines: 0,
      orphans: 0,
      duplicates: 0,
    });
    expect(graphs).toHaveLength(1);
    const nodes: Array<{ eventId: string; parentRequestId: string | null; children: unknown[] }> =
      [];
    const stack = [...graphs[0].roots];
    while (stack.length > 0) {
      const node = stack.pop();
      nodes.push(node);
      stack.push(...node.children);
    }
    const parentOf = Object.fromEntries(
      rawEvents.map((e) => [e.event_id, e.parent_request_id ?? null]),
    );
    expect(Object.fromEntries(nodes.map((n) => [n.eventId, n.parentRequestId]))).toEqual(parentOf);
    const knownCost = rawEvents.reduce((sum, e) => sum + (e.cost ?? 0), 0);
    expect(graphs[0].totalCost).toBeCloseTo(knownCost, 12);
    expect(graphs[0].totalTokens).toBe(
      rawEvents.reduce((sum, e) => sum + (e.total_tokens ?? 0), 0),
    );
    // The planner's two tools ran in parallel: both are its children; the writer retried.
    const statuses = rawEvents.map((e) => [e.model, e.status, e.sampling_iteration ?? null]);
    expect(statuses).toContainEqual(['claude-sonnet-5-5', 'error', 0]);
    expect(statuses).toContainEqual(['claude-sonnet-5-5', 'ok', 1]);
  });
});
