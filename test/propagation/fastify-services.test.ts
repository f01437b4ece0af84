import { createHash } from 'node:crypto';
import diagnosticsChannel from 'node:diagnostics_channel';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ContextValidationError,
  contextMixin,
  fastifyContext,
  getCorrelationId,
  getCurrentContext,
  getRequestId,
  instrumentFetch,
  trace,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { slowBody } from '../helpers/slow-body.js';

const parentIdOf = (requestId: string) =>
  createHash('sha256').update(requestId).digest('hex').slice(0, 16);

// Service B logs through pino with the context mixin; its routes report what they saw.
const logsB = capture({ mixin: contextMixin() });
let serviceA: { close(): PromiseLike<unknown> };
let serviceB: { close(): PromiseLike<unknown> };
let originA: string;
let originB: string;
let otherOriginB: string; // the same server under another origin, not listed
let uninstall: () => void;

beforeAll(async () => {
  const b = Fastify({ loggerInstance: logsB.logger });
  serviceB = b;
  await b.register(fastifyContext);
  b.get('/work', async (request) => {
    request.log.info('working in B');
    return {
      context: getCurrentContext(),
      baggage: request.headers.baggage ?? null,
      traceparent: request.headers.traceparent ?? null,
    };
  });
  b.post('/summarize', async (request) => {
    request.log.info({ chars: (request.body as { text: string }).text.length }, 'summarizing in B');
    return { context: getCurrentContext() };
  });
  originB = await b.listen({ port: 0, host: '127.0.0.1' });
  otherOriginB = originB.replace('127.0.0.1', 'localhost');

  const a = Fastify();
  serviceA = a;
  await a.register(fastifyContext);
  a.get('/ask', (_request, reply) =>
    trace(() =>
      withContext({ sessionId: 'sess-a', userId: 'u-42', tags: { tier: 'pro' } }, async () => {
        const seenByB = await (await fetch(`${originB}/work`)).json();
        const echoedId = (await fetch(`${originB}/work`)).headers.get('x-request-id');
        const posted = await (
          await fetch(`${originB}/summarize`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: slowBody(['{"text":"', 'x'.repeat(100_000), '"}']),
            duplex: 'half',
          } as RequestInit)
        ).json();
        const unlisted = await (await fetch(`${otherOriginB}/work`)).json();
        reply.send({
          a: { correlationId: getCorrelationId(), requestId: getRequestId() },
          seenByB,
          echoedId,
          posted,
          unlisted,
        });
      }),
    ),
  );
  originA = await a.listen({ port: 0, host: '127.0.0.1' });
  uninstall = instrumentFetch({ origins: [originB] });
});

afterAll(async () => {
  uninstall();
  await serviceA.close();
  await serviceB.close();
});

describe('two Fastify services: A calls B with plain fetch under instrumentFetch', () => {
  it("B's log lines carry A's correlation id and session id; an unlisted origin gets no baggage", async () => {
    const response = await fetch(`${originA}/ask`);
    const body = await response.json();
    const { correlationId, requestId } = body.a;
    expect(correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect(requestId).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(response.headers.get('x-request-id')).toBe(requestId);

    // What crossed the wire: the allowed fields (not userId, not tags) and the trace.
    expect(body.seenByB).toEqual({
      context: { sessionId: 'sess-a', requestId, correlationId },
      baggage: `leanllm.session_id=sess-a,leanllm.request_id=${requestId},leanllm.correlation_id=${correlationId}`,
      traceparent: `00-${correlationId}-${parentIdOf(requestId)}-01`,
    });
    expect(body.echoedId).toBe(requestId);
    // The body is parsed from stream events; the handler still runs in the context.
    expect(body.posted).toEqual({ context: { sessionId: 'sess-a', requestId, correlationId } });
    // Another origin (the same server as localhost) is not listed: nothing is added.
    expect(body.unlisted).toEqual({
      context: { requestId: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/) },
      baggage: null,
      traceparent: null,
    });

    const context = { session_id: 'sess-a', request_id: requestId, correlation_id: correlationId };
    const lines = logsB.lines().filter((line) => line.session_id === 'sess-a');
    expect(
      lines.map(({ reqId: _reqId, req: _req, res: _res, responseTime: _time, ...rest }) => rest),
    ).toEqual([
      { level: 30, ...context, msg: 'working in B' },
      { level: 30, ...context, msg: 'request completed' },
      { level: 30, ...context, msg: 'working in B' },
      { level: 30, ...context, msg: 'request completed' },
      { level: 30, ...context, chars: 100_000, msg: 'summarizing in B' },
      { level: 30, ...context, msg: 'request completed' },
    ]);
    // Fastify writes "incoming request" before any hook runs: that line has no context.
    const incoming = logsB.lines().filter((line) => line.msg === 'incoming request');
    expect(incoming).toHaveLength(4);
    expect(incoming.every((line) => line.session_id === undefined)).toBe(true);
  });

  it('B generates a request id when none came in, takes a valid x-request-id, and echoes it', async () => {
    const plain = await fetch(`${otherOriginB}/work`);
    const generated = plain.headers.get('x-request-id');
    expect(generated).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect((await plain.json()).context).toEqual({ requestId: generated });

    const given = await fetch(`${otherOriginB}/work`, { headers: { 'x-request-id': 'lb-7f3a' } });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a');
    expect((await given.json()).context).toEqual({ requestId: 'lb-7f3a' });

    const tooLong = await fetch(`${otherOriginB}/work`, {
      headers: { 'x-request-id': 'x'.repeat(300) },
    });
    expect(tooLong.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });

  it('a failure to add headers never fails the request', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const channel = diagnosticsChannel.channel('undici:request:create');
    const broken = {
      origin: originB,
      headers: [],
      addHeader() {
        throw new Error('undici changed');
      },
    };
    withContext({ sessionId: 's' }, () => channel.publish({ request: broken }));
    expect(warning).toHaveBeenCalledWith(
      'leanllm-context: could not add context headers to a fetch request; the request was sent without them',
      { code: 'LEANLLM_FETCH_HEADERS_FAILED' },
    );
    warning.mockRestore();
    // And the real thing still works.
    const response = await withContext({ sessionId: 's' }, () => fetch(`${originB}/work`));
    expect((await response.json()).baggage).toBe('leanllm.session_id=s');
  });

  it('keeps headers the request already has: its traceparent, and our own baggage', async () => {
    const response = await trace(() =>
      withContext({ sessionId: 'mine' }, () =>
        fetch(`${originB}/work`, {
          headers: {
            baggage: 'leanllm.session_id=set-by-hand',
            traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`,
          },
        }),
      ),
    );
    const seen = await response.json();
    expect(seen.baggage).toBe('leanllm.session_id=set-by-hand');
    expect(seen.traceparent).toBe(`00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`);
  });

  it('adds its members beside baggage of others (the receiver combines the two headers)', async () => {
    const response = await withContext({ sessionId: 'mine' }, () =>
      fetch(`${originB}/work`, { headers: { baggage: 'vendor=1' } }),
    );
    const seen = await response.json();
    expect(seen.baggage).toBe('vendor=1, leanllm.session_id=mine');
  });
});

describe('instrumentFetch', () => {
  it('checks its origins', () => {
    expect(() => instrumentFetch({ origins: [] })).toThrow(
      new ContextValidationError(
        'origins',
        'instrumentFetch: origins must list at least one origin, such as "https://api.internal"',
      ),
    );
    expect(() => instrumentFetch({ origins: ['not a url'] })).toThrow(
      'instrumentFetch: origins holds "not a url", which is not a URL; give origins such as "https://api.internal"',
    );
    expect(() => instrumentFetch({ origins: ['http://api.internal/v1'] })).toThrow(
      'instrumentFetch: origins holds "http://api.internal/v1", which is not an http(s) origin; give origins such as "https://api.internal" (scheme, host and port only)',
    );
    expect(() => instrumentFetch({ origins: ['ftp://api.internal'] })).toThrow(
      /is not an http\(s\) origin/,
    );
  });

  it('installed twice for one origin, adds the headers once', async () => {
    const again = instrumentFetch({ origins: [originB] });
    const response = await trace({ correlationId: 'c'.repeat(32) }, () =>
      withContext({ sessionId: 's' }, () => fetch(`${originB}/work`)),
    );
    again();
    const seen = await response.json();
    expect(seen.baggage).toBe(`leanllm.session_id=s,leanllm.correlation_id=${'c'.repeat(32)}`);
    expect(seen.traceparent).toMatch(new RegExp(`^00-${'c'.repeat(32)}-[0-9a-f]{16}-01$`));
  });

  it('stops adding headers once uninstalled (and uninstalling twice is harmless)', async () => {
    const remove = instrumentFetch({ origins: [new URL(otherOriginB)] });
    const before = await withContext({ sessionId: 's' }, () => fetch(`${otherOriginB}/work`));
    expect((await before.json()).baggage).toMatch(/^leanllm\.session_id=s/);
    remove();
    remove();
    const after = await withContext({ sessionId: 's' }, () => fetch(`${otherOriginB}/work`));
    expect((await after.json()).baggage).toBeNull();
  });
});
