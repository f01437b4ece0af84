import http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ContextFields,
  type ContextSnapshot,
  type ExportedContext,
  exportContext,
  expressContext,
  extractContext,
  fastifyContext,
  injectContext,
  instrumentFetch,
  withContext,
  withContextFromHeaders,
  withImportedContext,
} from '../../src/index.js';

describe('propagation types', () => {
  it('injectContext returns the carrier it was given, a record with the headers it writes', () => {
    expectTypeOf(injectContext({})).toEqualTypeOf<
      {} & { baggage?: string; traceparent?: string }
    >();
    expectTypeOf(injectContext({ accept: 'x' }).accept).toEqualTypeOf<string>();
    expectTypeOf(injectContext(new Headers())).toEqualTypeOf<Headers>();
    const outgoing: http.OutgoingHttpHeaders = {};
    injectContext(outgoing);
    // @ts-expect-error: not a headers carrier
    injectContext('baggage');
  });

  it('extractContext takes Node request headers, Headers and records, and gives fields for withContext', () => {
    const incoming: http.IncomingHttpHeaders = {};
    expectTypeOf(extractContext(incoming)).toEqualTypeOf<ContextSnapshot>();
    extractContext(new Headers(), {
      onDropped: (key: string, reason: string) => void [key, reason],
    });
    expectTypeOf(extractContext({})).toExtend<ContextFields>();
    withContext(extractContext({}), () => undefined);
    expectTypeOf(withContextFromHeaders(incoming, () => 1)).toEqualTypeOf<number>();
  });

  it('exportContext and withImportedContext', () => {
    expectTypeOf(exportContext()).toEqualTypeOf<ExportedContext>();
    expectTypeOf(withImportedContext(JSON.parse('{}'), async () => 'x')).toEqualTypeOf<
      Promise<string>
    >();
  });

  it('fastifyContext registers on Fastify without fastify types in its own signature', () => {
    const app = Fastify();
    app.register(fastifyContext);
    app.register(fastifyContext, { requestIdHeader: 'request-id', onDropped: () => {} });
    // @ts-expect-error: requestIdHeader is a header name or false
    app.register(fastifyContext, { requestIdHeader: 5 });
  });

  it('expressContext is a middleware for Express and for node:http', () => {
    express().use(expressContext({ requestIdHeader: false }));
    const middleware = expressContext();
    http.createServer((request, response) => middleware(request, response, () => response.end()));
  });

  it('instrumentFetch returns its uninstall function', () => {
    expectTypeOf(instrumentFetch({ origins: ['http://a', new URL('http://b')] })).toEqualTypeOf<
      () => void
    >();
  });
});
