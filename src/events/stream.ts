import type { LlmStatus } from './event.js';

/** What a tracked stream reports to its call. */
export interface StreamObserver {
  /** A chunk went to the consumer. */
  chunk(value: unknown): void;
  /** The stream ended (`ok`), failed (`error`), or the consumer stopped it (`cancelled`). Idempotent. */
  end(status: LlmStatus, error?: unknown): void;
}

/** Whether a value is async-iterable (a streamed response); never throws (a hostile getter is "no"). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
    );
  } catch {
    return false;
  }
}

/** Whether the consumer aborted the SDK stream through its `controller` (OpenAI, Anthropic). */
function abortedByConsumer(source: object): boolean {
  try {
    const controller = (source as { controller?: { signal?: { aborted?: unknown } } }).controller;
    return controller?.signal?.aborted === true;
  } catch {
    return false;
  }
}

/** An iterator over `source` that reports every chunk and the end, whichever way it comes. */
function observedIterator(
  source: AsyncIterable<unknown>,
  observer: StreamObserver,
): AsyncIterableIterator<unknown> {
  let iterator: AsyncIterator<unknown>;
  try {
    iterator = source[Symbol.asyncIterator]();
  } catch (error) {
    observer.end('error', error);
    throw error;
  }
  const observed: AsyncIterableIterator<unknown> = {
    async next(...args: [] | [unknown]) {
      let result: IteratorResult<unknown>;
      try {
        result = await iterator.next(...args);
      } catch (error) {
        observer.end('error', error);
        throw error;
      }
      if (result.done) observer.end(abortedByConsumer(source) ? 'cancelled' : 'ok');
      else observer.chunk(result.value);
      return result;
    },
    // Called by `for await` when the consumer stops early (break, return, throw in the loop).
    async return(value?: unknown) {
      try {
        return typeof iterator.return === 'function'
          ? await iterator.return(value)
          : { done: true as const, value };
      } finally {
        observer.end('cancelled');
      }
    },
    [Symbol.asyncIterator]() {
      return observed;
    },
  };
  return observed;
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * `source` with its iteration observed: a Proxy whose `[Symbol.asyncIterator]` reports to
 * `observer`, and which otherwise reads as `source` (`controller`, `response`, `instanceof`).
 * Methods run on `source` itself (SDK streams keep private state), except `toReadableStream()`,
 * which runs on the proxy so that it iterates through the observed iterator, and `tee()`, which
 * throws: a branch read elsewhere would bypass the observer (tee inside the tracked function
 * and return one branch instead).
 */
export function observeStream<S extends AsyncIterable<unknown>>(
  source: S,
  observer: StreamObserver,
): S {
  const iterate = () => observedIterator(source, observer);
  const methods = new Map<PropertyKey, { original: AnyFunction; bound: AnyFunction }>();
  const proxy: S = new Proxy(source, {
    get(target, key) {
      if (key === Symbol.asyncIterator) return iterate;
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      const cached = methods.get(key);
      if (cached?.original === value) return cached.bound;
      const original = value as AnyFunction;
      let bound: AnyFunction;
      if (key === 'toReadableStream') {
        bound = (...args) => original.apply(proxy, args);
      } else if (key === 'tee') {
        bound = () => {
          throw new TypeError(
            'trackLlmCall: tee() on a tracked stream would bypass tracking; call tee() inside the tracked function and return the branch you read',
          );
        };
      } else {
        bound = original.bind(target) as AnyFunction;
      }
      methods.set(key, { original, bound });
      return bound;
    },
  });
  return proxy;
}
