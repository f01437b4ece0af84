import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  bindAsyncIterable,
  bindContext,
  bindEmitter,
  contextMixin,
  getSessionId,
  withContext,
} from '../../src/index.js';
import { capture, sleep } from '../helpers/capture.js';

describe('bindContext', () => {
  it('runs a function registered inside a scope, called from outside, in that scope', async () => {
    const { logger, lines } = capture({ mixin: contextMixin() });
    const callbacks: Array<(n: number) => string | undefined> = [];
    withContext({ sessionId: 's1' }, () => {
      callbacks.push(
        bindContext((n: number) => {
          logger.info({ n }, 'callback');
          return getSessionId();
        }),
      );
    });
    const results = withContext({ sessionId: 'caller' }, () => callbacks.map((fn) => fn(7)));
    expect(results).toEqual(['s1']);
    expect(lines()).toEqual([{ level: 30, session_id: 's1', n: 7, msg: 'callback' }]);
  });

  it('keeps `this` and a bound-outside function runs with no context', () => {
    const unbound = bindContext(function (this: { name: string }) {
      return [this.name, getSessionId()];
    });
    const target = { name: 'target', unbound };
    expect(withContext({ sessionId: 's1' }, () => target.unbound())).toEqual(['target', undefined]);
  });
});

describe('bindEmitter', () => {
  it('listeners added after binding see the bound context when fired from outside', () => {
    const { logger, lines } = capture({ mixin: contextMixin() });
    const emitter = new EventEmitter();
    withContext({ sessionId: 's1' }, () => {
      bindEmitter(emitter);
      emitter.on('data', (chunk: string) => logger.info({ chunk }, 'on'));
      emitter.once('data', () => logger.info('once'));
      emitter.prependListener('data', () => logger.info('prepended'));
    });
    withContext({ sessionId: 'emitter-side' }, () => {
      emitter.emit('data', 'a');
      emitter.emit('data', 'b');
    });
    expect(lines()).toEqual([
      { level: 30, session_id: 's1', msg: 'prepended' },
      { level: 30, session_id: 's1', chunk: 'a', msg: 'on' },
      { level: 30, session_id: 's1', msg: 'once' },
      { level: 30, session_id: 's1', msg: 'prepended' },
      { level: 30, session_id: 's1', chunk: 'b', msg: 'on' },
    ]);
  });

  it('removes listeners by their original function, on() and once() alike', () => {
    const emitter = new EventEmitter();
    const seen: string[] = [];
    const onListener = () => seen.push('on');
    const onceListener = () => seen.push('once');
    withContext({ sessionId: 's1' }, () => {
      bindEmitter(emitter);
      emitter.on('tick', onListener);
      emitter.once('tick', onceListener);
    });
    expect(emitter.listenerCount('tick')).toBe(2);
    emitter.off('tick', onListener);
    emitter.removeListener('tick', onceListener);
    expect(emitter.listenerCount('tick')).toBe(0);
    emitter.emit('tick');
    expect(seen).toEqual([]);
  });
});

describe('bindAsyncIterable', () => {
  it("runs an async generator's body in the bound context wherever it is consumed", async () => {
    const { logger, lines } = capture({ mixin: contextMixin() });
    async function* tokens() {
      for (const token of ['a', 'b']) {
        await sleep(1);
        logger.info({ token }, 'token');
        yield `${token}:${getSessionId()}`;
      }
    }
    const bound = withContext({ sessionId: 's1' }, () => bindAsyncIterable(tokens()));
    const received: string[] = [];
    await withContext({ sessionId: 'consumer' }, async () => {
      for await (const token of bound) received.push(token);
    });
    expect(received).toEqual(['a:s1', 'b:s1']);
    expect(lines()).toEqual([
      { level: 30, session_id: 's1', token: 'a', msg: 'token' },
      { level: 30, session_id: 's1', token: 'b', msg: 'token' },
    ]);
  });

  it('passes an early return through to the source', async () => {
    let finalized = false;
    async function* numbers() {
      try {
        yield 1;
        yield 2;
      } finally {
        finalized = true;
      }
    }
    for await (const n of bindAsyncIterable(numbers())) {
      expect(n).toBe(1);
      break;
    }
    expect(finalized).toBe(true);
  });
});
