import type { EventEmitter } from 'node:events';
import { currentFrame, storage } from './state.js';

/**
 * Returns `fn` bound to the context in effect now: wherever and whenever it is called later
 * (an event listener, a pooled connection's callback, a timer set elsewhere), it runs in
 * this context.
 *
 * @example
 * ```ts
 * withContext({ sessionId: 'sess-1' }, () => {
 *   pool.onRelease(bindContext(() => logger.info('released'))); // carries session_id
 * });
 * ```
 */
export function bindContext<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const frame = currentFrame();
  return function boundToContext(this: unknown, ...args: A): R {
    return storage.run(frame, () => fn.apply(this, args));
  };
}

const ADD_METHODS = [
  'addListener',
  'on',
  'once',
  'prependListener',
  'prependOnceListener',
] as const;
const REMOVE_METHODS = ['removeListener', 'off'] as const;
const BOUND_LISTENERS = Symbol('leanllm-context.boundListeners');
const IN_CONTEXT = Symbol('leanllm-context.listenerInContext');

type Listener = ((...args: unknown[]) => unknown) & { listener?: Listener; [IN_CONTEXT]?: true };
type AddOrRemove = (event: string | symbol, listener: Listener) => EventEmitter;
type BoundEmitter = EventEmitter & { [BOUND_LISTENERS]?: WeakMap<Listener, Listener> };

/**
 * Makes every listener added to `emitter` from now on run in the context in effect now, even
 * when the emitter fires from outside it (a socket, a stream, a shared emitter). Listeners
 * are still removed by their original function. Returns the same emitter.
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
  if (target[BOUND_LISTENERS] !== undefined) return emitter;
  const frame = currentFrame();
  const bound = new WeakMap<Listener, Listener>();
  target[BOUND_LISTENERS] = bound;
  const inContext = (listener: Listener): Listener => {
    let wrapped = bound.get(listener);
    if (wrapped === undefined) {
      wrapped = function listenerInContext(this: unknown, ...args: unknown[]) {
        return storage.run(frame, () => listener.apply(this, args));
      } as Listener;
      wrapped.listener = listener;
      wrapped[IN_CONTEXT] = true;
      bound.set(listener, wrapped);
    }
    return wrapped;
  };
  for (const method of ADD_METHODS) {
    const original = target[method] as AddOrRemove;
    (target[method] as AddOrRemove) = function addInContext(this: E, event, listener) {
      // `once` registers a wrapper of our wrapper through `on`: let that one through as is.
      const ours = listener[IN_CONTEXT] === true || listener.listener?.[IN_CONTEXT] === true;
      return original.call(this, event, ours ? listener : inContext(listener));
    };
  }
  for (const method of REMOVE_METHODS) {
    const original = target[method] as AddOrRemove;
    (target[method] as AddOrRemove) = function removeInContext(this: E, event, listener) {
      return original.call(this, event, bound.get(listener) ?? listener);
    };
  }
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
