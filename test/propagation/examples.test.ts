import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedExample } from '../helpers/documented-example.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { serviceAvailable } from '../helpers/services.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/**
 * Checks that the page shows the example file's code, runs the example, and returns the lines
 * it printed, after checking that each has the keys, in order, of the line the page shows.
 */
async function runExample(page: string, file: string, env: NodeJS.ProcessEnv = {}) {
  const { code, shown } = documentedExample(`propagation/${page}`);
  expect(
    readFileSync(new URL(`../../examples/propagation/${file}`, import.meta.url), 'utf8'),
  ).toContain(code);
  const { stdout } = await run(process.execPath, [`examples/propagation/${file}`], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  const printed = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  // The server's lines and the client's print race each other (Fastify logs `request completed`
  // after the response is sent): the same lines, each with its keys in order, in any order.
  const keysOf = (lines: readonly Record<string, unknown>[]) =>
    lines.map((line) => Object.keys(line).join(',')).sort();
  expect(keysOf(printed)).toEqual(keysOf(shown));
  return printed;
}

const hasRedis = serviceAvailable(
  'redis',
  'the BullMQ example of test/propagation/examples.test.ts',
);
let redis: RedisServer | undefined;
beforeAll(async () => {
  if (hasRedis) redis = await startRedis();
}, 30_000);
afterAll(() => redis?.stop());

describe('the copy-paste example of each docs/propagation page runs and prints what the page shows', () => {
  it('fetch between services: B logs A’s correlation id and session id, not its user id', async () => {
    const [a, b] = await runExample('fetch', 'fetch-between-services.mjs');
    expect(a).toMatchObject({ session_id: 'sess-1', user_id: 'u-42', msg: 'A: calling B' });
    expect(b).toMatchObject({
      session_id: 'sess-1',
      correlation_id: a?.correlation_id,
      msg: 'B: working',
    });
    expect(b).not.toHaveProperty('user_id');
  });

  it('Fastify', async () => {
    const lines = await runExample('fastify', 'fastify.mjs');
    const result = lines.find((line) => 'x-request-id' in line) as {
      'x-request-id': string;
      body: Record<string, unknown>;
    };
    expect(result.body).toEqual({
      sessionId: 'sess-1',
      requestId: result['x-request-id'],
      feature: 'search',
      correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    // the request's lines after its incoming-request line, wherever the client's print fell
    const inRequest = lines.filter((line) => 'reqId' in line && !('req' in line));
    expect(inRequest).toHaveLength(2);
    for (const line of inRequest) {
      expect(line).toMatchObject({ session_id: 'sess-1', request_id: result['x-request-id'] });
    }
  });

  it('Express', async () => {
    const [line, result] = await runExample('express', 'express.mjs');
    expect(line).toMatchObject({ session_id: 'sess-1', question: 'why?', msg: 'answering' });
    expect((result as { body: unknown }).body).toMatchObject({
      sessionId: 'sess-1',
      feature: 'search',
    });
  });

  it('worker_threads', async () => {
    const [main, worker] = await runExample('worker-threads', 'worker-threads.mjs');
    expect(worker).toMatchObject({
      session_id: 'sess-1',
      user_id: 'u-42',
      correlation_id: main?.correlation_id,
      documentId: 'doc-1',
    });
  });

  it.runIf(hasRedis)('BullMQ', async () => {
    const [web, worker] = await runExample('bullmq', 'bullmq.mjs', {
      REDIS_PORT: String(redis?.port),
    });
    expect(worker).toMatchObject({
      session_id: 'sess-1',
      user_id: 'u-42',
      correlation_id: web?.correlation_id,
      documentId: 'doc-1',
    });
  });
});
