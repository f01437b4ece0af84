import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  contextMixin,
  expressContext,
  getCurrentContext,
  injectContext,
  trace,
  withContext,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { slowBody } from '../helpers/slow-body.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const logs = capture({ mixin: contextMixin() });
let origin: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const app = express();
  app.use(expressContext());
  // A logger that writes when the response is closed, as pino-http does.
  app.use((_request, response, next) => {
    response.on('close', () => logs.logger.info('request completed'));
    next();
  });
  app.use('/answer', express.json({ limit: '1mb' }));
  // A body reader written by hand (Node's own docs show this one): it calls next() from a
  // stream event, fired by the socket outside any scope.
  app.use('/raw', (request, _response, next) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      request.body = Buffer.concat(chunks).toString();
      next();
    });
  });
  app.post('/raw', (request, response) => {
    logs.logger.info({ chars: request.body.length }, 'raw body read');
    response.json(getCurrentContext());
  });
  app.post('/answer', (request, response) => {
    logs.logger.info({ chars: request.body.text.length }, 'answering');
    response.json(getCurrentContext());
  });
  app.get('/never', () => {
    logs.logger.info('waiting forever');
  });
  app.get('/answer', (_request, response) => {
    response.json(getCurrentContext());
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(() => close());

describe('expressContext', () => {
  it('runs the rest of the request in the context its headers carry, through body parsing and finish', async () => {
    const headers = trace({ correlationId: TRACE_ID }, () =>
      withContext({ sessionId: 'sess-1', requestId: 'req-a', userId: 'stays-home' }, () =>
        injectContext({ 'content-type': 'application/json' }),
      ),
    );
    const response = await fetch(`${origin}/answer`, {
      method: 'POST',
      headers,
      body: slowBody(['{"text":"', 'x'.repeat(100_000), '"}']),
      duplex: 'half',
    } as RequestInit);
    const context = { sessionId: 'sess-1', requestId: 'req-a', correlationId: TRACE_ID };
    expect(await response.json()).toEqual(context);
    expect(response.headers.get('x-request-id')).toBe('req-a');
    const fields = { session_id: 'sess-1', request_id: 'req-a', correlation_id: TRACE_ID };
    expect(logs.lines().filter((line) => line.session_id === 'sess-1')).toEqual([
      { level: 30, ...fields, chars: 100_000, msg: 'answering' },
      { level: 30, ...fields, msg: 'request completed' },
    ]);

    const raw = await fetch(`${origin}/raw`, {
      method: 'POST',
      headers: { baggage: 'leanllm.session_id=sess-2' },
      body: slowBody(['a', 'b'.repeat(100_000), 'c']),
      duplex: 'half',
    } as RequestInit);
    expect(await raw.json()).toEqual({ sessionId: 'sess-2', requestId: expect.any(String) });
    expect(
      logs
        .lines()
        .filter((line) => line.session_id === 'sess-2')
        .map((line) => line.msg),
    ).toEqual(['raw body read', 'request completed']);
  });

  it('keeps the context for a listener the client fires by going away (an aborted request)', async () => {
    const aborted = new AbortController();
    const request = fetch(`${origin}/never`, {
      headers: { baggage: 'leanllm.session_id=sess-gone' },
      signal: aborted.signal,
    });
    await expect.poll(() => logs.lines().some((line) => line.msg === 'waiting forever')).toBe(true);
    aborted.abort();
    await expect(request).rejects.toThrow('aborted');
    await expect
      .poll(() =>
        logs
          .lines()
          .filter((line) => line.session_id === 'sess-gone')
          .map((line) => line.msg),
      )
      .toEqual(['waiting forever', 'request completed']);
  });

  it('generates a request id when none came in, or takes a valid x-request-id, and echoes it', async () => {
    const plain = await fetch(`${origin}/answer`);
    const generated = plain.headers.get('x-request-id');
    expect(generated).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(await plain.json()).toEqual({ requestId: generated });

    const given = await fetch(`${origin}/answer`, { headers: { 'x-request-id': 'lb-1' } });
    expect(given.headers.get('x-request-id')).toBe('lb-1');
    expect(await given.json()).toEqual({ requestId: 'lb-1' });
  });

  it('reads and echoes the header it is told to, or none', async () => {
    const app = express();
    const dropped: string[] = [];
    app.use(
      expressContext({
        requestIdHeader: 'Request-Id',
        onDropped: (key, reason) => dropped.push(`${key}: ${reason}`),
      }),
    );
    app.get('/', (_request, response) => response.json(getCurrentContext()));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const response = await fetch(url, {
      headers: { 'request-id': 'rid-9', baggage: 'leanllm.nope=1' },
    });
    expect(response.headers.get('request-id')).toBe('rid-9');
    expect(response.headers.get('x-request-id')).toBeNull();
    expect(await response.json()).toEqual({ requestId: 'rid-9' });
    expect(dropped).toEqual(['leanllm.nope: unknown field']);
    await new Promise((resolve) => server.close(resolve));

    const none = express();
    none.use(expressContext({ requestIdHeader: false }));
    none.get('/', (_request, response) => response.json(getCurrentContext()));
    const noneServer = none.listen(0, '127.0.0.1');
    await new Promise((resolve) => noneServer.once('listening', resolve));
    const noneResponse = await fetch(
      `http://127.0.0.1:${(noneServer.address() as AddressInfo).port}/`,
      { headers: { 'x-request-id': 'ignored' } },
    );
    expect(noneResponse.headers.get('x-request-id')).toBeNull();
    expect((await noneResponse.json()).requestId).toMatch(/^[A-Za-z0-9_-]{21}$/);
    await new Promise((resolve) => noneServer.close(resolve));
  });

  it('checks its options', () => {
    expect(() => expressContext({ requestIdHeader: 'bad header' })).toThrow(
      new ContextValidationError(
        'requestIdHeader',
        'expressContext: requestIdHeader must be a header name such as "x-request-id", or false; got string "bad header"',
      ),
    );
  });
});
