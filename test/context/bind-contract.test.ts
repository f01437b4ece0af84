import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { describe, expect, it } from 'vitest';
import { bindContext, bindEmitter, getSessionId, withContext } from '../../src/index.js';

describe('bindContext keeps the shape of the function (as OpenTelemetry’s bind does)', () => {
  it('keeps length and name', () => {
    function errorHandler(_error: unknown, _a: unknown, _b: unknown, _next: unknown) {}
    const bound = withContext({ sessionId: 's1' }, () => bindContext(errorHandler));
    expect([bound.length, bound.name]).toEqual([4, 'errorHandler']);
    const arrow = bindContext((a: number, b: number) => a + b);
    expect([arrow.length, arrow(1, 2)]).toEqual([2, 3]);
  });

  it('an Express error handler bound with it is still an error handler, and runs in the bound context', async () => {
    const app = express();
    app.get('/fail', () => {
      throw new Error('boom');
    });
    app.use(
      withContext({ sessionId: 'sess-err' }, () =>
        bindContext((error: Error, _request: Request, response: Response, _next: NextFunction) => {
          response.status(500).json({ handled: error.message, sessionId: getSessionId() });
        }),
      ),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/fail`);
      expect([response.status, await response.json()]).toEqual([
        500,
        { handled: 'boom', sessionId: 'sess-err' },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('bindEmitter against the EventEmitter contract', () => {
  it('called again in another context, listeners added after it run in the new one; earlier ones keep theirs', () => {
    const shared = new EventEmitter();
    const seen: string[] = [];
    withContext({ sessionId: 'first' }, () => {
      bindEmitter(shared).on('job', () => seen.push(`a:${getSessionId()}`));
    });
    withContext({ sessionId: 'second' }, () => {
      bindEmitter(shared).on('job', () => seen.push(`b:${getSessionId()}`));
      shared.once('job', () => seen.push(`c:${getSessionId()}`));
    });
    shared.emit('job');
    shared.emit('job');
    expect(seen).toEqual(['a:first', 'b:second', 'c:second', 'a:first', 'b:second']);
  });

  it('listeners(), listenerCount(name, fn) and newListener report the original for on, once and prependOnceListener; removal by the original works', () => {
    const emitter = new EventEmitter();
    const added: unknown[] = [];
    emitter.on('newListener', (_event, listener) => added.push(listener));
    const onListener = () => {};
    const onceListener = () => {};
    const prependedOnce = () => {};
    withContext({ sessionId: 's1' }, () => {
      bindEmitter(emitter);
      emitter.on('tick', onListener);
      emitter.once('tick', onceListener);
      emitter.prependOnceListener('tick', prependedOnce);
    });
    expect(emitter.listeners('tick')).toEqual([prependedOnce, onListener, onceListener]);
    expect(emitter.listenerCount('tick', onceListener)).toBe(1);
    expect(emitter.listenerCount('tick', prependedOnce)).toBe(1);
    expect(added).toEqual([onListener, onceListener, prependedOnce]);
    emitter.removeListener('tick', onceListener);
    expect(emitter.listeners('tick')).toEqual([prependedOnce, onListener]);
    emitter.emit('tick');
    expect(emitter.listeners('tick')).toEqual([onListener]);
  });

  it('a once listener runs once, in context, even when the event is emitted again from inside it', () => {
    const emitter = new EventEmitter();
    const seen: unknown[] = [];
    withContext({ sessionId: 's1' }, () => {
      bindEmitter(emitter).once('tick', (n: number) => {
        seen.push([n, getSessionId()]);
        emitter.emit('tick', n + 1);
      });
    });
    emitter.emit('tick', 1);
    emitter.emit('tick', 3);
    expect(seen).toEqual([[1, 's1']]);
    expect(emitter.listenerCount('tick')).toBe(0);
  });
});
