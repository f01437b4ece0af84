import type { EventEmitter } from 'node:events';
import type { Frame } from './frame.js';
import { currentFrame, storage } from './state.js';

/**
 * Returns `fn` bound to the context in effect now: wherever and whenever it is called later
 * (an event listener, a pooled connection's callback, a timer set elsewhere), it runs in
 * this context (the scope's latest, as `assignContext` leaves it). The bound function keeps
 * `fn`'s `length` and `name`, so code that looks at them (Express tells an error handler by
 * `length === 4`) sees the same function shape.
 *
 * @example
 * ```ts
 * withContext({ sessionId: 'sess-1' }, () => {
 *   pool.onRelease(bindContext(() => logger.info('released'))); // carries session_id
 * });
 * app.use(bindContext((error, request, response, next) => next(error))); // still an error handler
 * ```
 */
export function bindContext<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const frame = currentFrame();
  const bound = function boundToContext(this: unknown, ...args: A): R {
    return storage.run(frame, () => fn.apply(this, args));
  };
  return withShapeOf(bound, fn);
}

/** `wrapper` with the `length` and `name` of `fn`, as OpenTelemetry's context `bind` keeps them. */
function withShapeOf<F extends (...args: never[]) => unknown>(wrapper: F, fn: F): F {
  for (const key of ['length', 'name'] as const) {
    Object.defineProperty(wrapper, key, {
      value: fn[key],
      configurable: true,
      enumerable: false,
      writable: false,
    });
  }
  return wrapper;
}

const BINDING = Symbol('leanllm-context.emitterBinding');

type Listener = (...args: unknown[]) => unknown;
/** A listener in context; `listener` is the original, Node's convention for wrappers. */
type Wrapper = Listener & { listener: Listener };
type Add = (event: string | symbol, listener: Listener) => EventEmitter;
/** The context new listeners of an emitter run in: the one of the latest `bindEmitter` call. */
type BoundEmitter = EventEmitter & { [BINDING]?: { frame: Frame } };

/**
 * Makes every listener added to `emitter` from now on run in the context in effect now, even
 * when the emitter fires from outside it (a socket, a stream, a shared emitter). Called again
 * later, in another context, listeners added after that run in the new one (those added before
 * keep theirs). Listeners are still removed by their original function, and `listeners()`,
 * `listenerCount(name, fn)` and the `newListener` event report the original, for `on` and
 * `once` alike (Node's `.listener` convention for wrappers). Returns the same emitter.
 *
 * @example
 * ```ts
 * withContext({ sessionId: 'sess-1' }, () => {
 *   bindEmitter(socket).on('data', () => logger.info('chunk')); // carries session_id
 * });
 * ```
 */
export function bindEmitter<E extends EventEmitter>(emitter: E): E {
  const target = emitter as BoundEmitter;
  const frame = currentFrame();
  const existing = target[BINDING];
  if (existing !== undefined) {
    existing.frame = frame;
    return emitter;
  }
  const binding = { frame };
  target[BINDING] = binding;
  const inContext = (listener: Listener, once?: string | symbol): Wrapper => {
    const { frame } = binding;
    let fired = false;
    const wrapper = function listenerInContext(this: unknown, ...args: unknown[]) {
      if (once !== undefined) {
        // As Node's own once wrapper: off before it runs, and never twice.
        if (fired) return undefined;
        fired = true;
        target.removeListener(once, wrapper);
      }
      return storage.run(frame, () => listener.apply(this, args));
    } as Wrapper;
    wrapper.listener = listener;
    return wrapper;
  };
  const on = target.on as Add;
  const prepend = target.prependListener as Add;
  const patch = (method: keyof EventEmitter, add: Add, once: boolean) => {
    (target[method] as Add) = function addInContext(this: E, event, listener) {
      return add.call(this, event, inContext(listener, once ? event : undefined));
    };
  };
  patch('addListener', target.addListener as Add, false);
  patch('on', on, false);
  patch('prependListener', prepend, false);
  patch('once', on, true);
  patch('prependOnceListener', prepend, true);
  return emitter;
}

/**
 * Returns an async iterable whose iteration steps (`next`, `return`, `throw`) run in the
 * context in effect now, so an async generator's body logs with this context even when it is
 * consumed elsewhere.
 *
 * @example
 * ```ts
 * const stream = withContext({ sessionId: 'sess-1' }, () => bindAsyncIterable(generateTokens()));
 * for await (const token of stream) {} // generateTokens' log lines carry session_id
 * ```
 */
export function bindAsyncIterable<T>(iterable: AsyncIterable<T>): AsyncIterableIterator<T> {
  const frame = currentFrame();
  let iterator: AsyncIterator<T> | undefined;
  const source = (): AsyncIterator<T> => {
    iterator ??= storage.run(frame, () => iterable[Symbol.asyncIterator]());
    return iterator;
  };
  const result: AsyncIterableIterator<T> = {
    next: (...args: [] | [unknown]) => storage.run(frame, () => source().next(...args)),
    return: (value?: unknown) =>
      storage.run(frame, () => {
        const it = source();
        return it.return
          ? it.return(value as T)
          : Promise.resolve({ done: true as const, value: value as T });
      }),
    throw: (error?: unknown) =>
      storage.run(frame, () => {
        const it = source();
        if (it.throw) return it.throw(error);
        return Promise.reject(error);
      }),
    [Symbol.asyncIterator]: () => result,
  };
  return result;
}
