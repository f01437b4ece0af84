import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configure,
  exportContext,
  expressContext,
  extractContext,
  fastifyContext,
  getCurrentContext,
  injectContext,
  instrumentFetch,
  resetConfiguration,
  trace,
  withContext,
  withContextFromHeaders,
  withImportedContext,
} from '../../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const HEADERS = {
  baggage: 'leanllm.session_id=s1',
  traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
  'x-request-id': 'rid-1',
};

let echo: http.Server;
let echoOrigin: string;

beforeAll(async () => {
  process.env.LEANLLM_PROPAGATION = 'false';
  resetConfiguration();
  echo = http.createServer((request, response) => response.end(JSON.stringify(request.headers)));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoOrigin = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.LEANLLM_PROPAGATION;
  resetConfiguration();
  await new Promise((resolve) => echo.close(resolve));
});

const inContext = <R>(fn: () => R): R =>
  trace({ correlationId: TRACE_ID }, () => withContext({ sessionId: 's1', requestId: 'r1' }, fn));

describe('LEANLLM_PROPAGATION=false', () => {
  it('is read from the environment when the package loads', () => {
    const script =
      "import('./dist/index.js').then((m) => console.log(JSON.stringify([m.withContext({ sessionId: 's' }, () => m.injectContext({})), m.extractContext({ baggage: 'leanllm.session_id=s' })])))";
    const output = execFileSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, LEANLLM_PROPAGATION: 'false' },
    });
    expect(JSON.parse(output)).toEqual([{}, {}]);
  });

  it('injectContext adds no header', () => {
    const headers = new Headers({ accept: 'text/plain' });
    expect(inContext(() => injectContext({ accept: 'text/plain' }))).toEqual({
      accept: 'text/plain',
    });
    inContext(() => injectContext(headers));
    expect(headers.get('baggage')).toBeNull();
    expect(headers.get('traceparent')).toBeNull();
  });

  it('extractContext and withContextFromHeaders import nothing', () => {
    const dropped: string[] = [];
    expect(extractContext(HEADERS, { onDropped: (key) => dropped.push(key) })).toEqual({});
    expect(dropped).toEqual([]);
    expect(withContextFromHeaders(HEADERS, () => getCurrentContext())).toEqual({});
  });

  it('exportContext exports no field, and withImportedContext imports nothing (a bad import included)', () => {
    expect(inContext(() => exportContext())).toEqual({ version: 1, fields: {} });
    expect(
      withImportedContext({ version: 1, fields: { sessionId: 's1' } }, () => getCurrentContext()),
    ).toEqual({});
    expect(withImportedContext('not an export', () => 'ran')).toBe('ran');
  });

  it('instrumentFetch adds no header', async () => {
    const uninstall = instrumentFetch({ origins: [echoOrigin] });
    const received = await inContext(async () => (await fetch(echoOrigin)).json());
    uninstall();
    expect(received.baggage).toBeUndefined();
    expect(received.traceparent).toBeUndefined();
  });

  it('the Fastify plugin and the Express middleware pass requests through untouched', async () => {
    const fastify = Fastify();
    await fastify.register(fastifyContext);
    fastify.get('/', async () => getCurrentContext());
    const fromFastify = await fastify.inject({ url: '/', headers: HEADERS });
    expect(fromFastify.json()).toEqual({});
    expect(fromFastify.headers['x-request-id']).toBeUndefined();
    await fastify.close();

    const app = express();
    app.use(expressContext());
    app.get('/', (_request, response) => response.json(getCurrentContext()));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
      headers: HEADERS,
    });
    expect(await response.json()).toEqual({});
    expect(response.headers.get('x-request-id')).toBeNull();
    await new Promise((resolve) => server.close(resolve));
  });

  it('configure({ propagation: true }) turns it back on at once', () => {
    configure({ propagation: true });
    expect(extractContext(HEADERS)).toEqual({ sessionId: 's1', correlationId: TRACE_ID });
    configure({ propagation: false });
    expect(extractContext(HEADERS)).toEqual({});
  });
});
