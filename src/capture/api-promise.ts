import type { InFlightCall } from '../events/in-flight-call.js';

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The promise an OpenAI or Anthropic SDK method returns (`APIPromise`): a thenable that parses
 * the response body only when awaited, with `withResponse()`, `asResponse()` and the internal
 * `_thenUnwrap(transform)` its own helpers (`parse()`) chain on.
 */
export interface ApiPromiseLike extends PromiseLike<unknown> {
  withResponse(): Promise<{ data: unknown }>;
  asResponse(): Promise<unknown>;
  _thenUnwrap?(transform: AnyFunction): ApiPromiseLike;
}

/** Whether `value` is an SDK `APIPromise` (a thenable with `withResponse` and `asResponse`). */
export function isApiPromise(value: unknown): value is ApiPromiseLike {
  try {
    const candidate = value as Partial<ApiPromiseLike> | null;
    return (
      typeof candidate === 'object' &&
      candidate !== null &&
      typeof candidate.then === 'function' &&
      typeof candidate.withResponse === 'function' &&
      typeof candidate.asResponse === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * Reads `source` for the proxy: the methods that give the call's outcome end the call, lazily as
 * the SDK does (awaiting parses the body; `asResponse()` leaves it to the caller, and the line
 * then has no usage); everything else is `source`'s own, bound to it.
 */
class TrackedApiPromise implements ProxyHandler<ApiPromiseLike> {
  private settled: Promise<unknown> | undefined;

  constructor(private readonly call: InFlightCall) {}

  /** The parsed data, observed (a stream comes back observed), once for every way of asking. */
  private data(source: ApiPromiseLike): Promise<unknown> {
    this.settled ??= this.call.settle(source);
    return this.settled;
  }

  get(source: ApiPromiseLike, key: PropertyKey): unknown {
    switch (key) {
      case 'then':
        return (onFulfilled?: AnyFunction, onRejected?: AnyFunction) =>
          this.data(source).then(onFulfilled, onRejected);
      case 'catch':
        return (onRejected?: AnyFunction) => this.data(source).catch(onRejected);
      case 'finally':
        return (onFinally?: () => void) => this.data(source).finally(onFinally);
      case 'withResponse':
        return () =>
          Promise.all([this.data(source), source.withResponse()]).then(([data, raw]) => ({
            ...raw,
            data,
          }));
      case 'asResponse':
        return () =>
          source.asResponse().then(
            (response) => {
              this.call.end('ok');
              return response;
            },
            (error: unknown) => {
              this.call.end('error', error);
              throw error;
            },
          );
      case '_thenUnwrap':
        if (typeof source._thenUnwrap !== 'function') return undefined;
        return (transform: AnyFunction) =>
          trackedApiPromise(
            this.call,
            (source._thenUnwrap as (transform: AnyFunction) => ApiPromiseLike).call(
              source,
              transform,
            ),
          );
    }
    const value: unknown = Reflect.get(source, key);
    return typeof value === 'function' ? (value as AnyFunction).bind(source) : value;
  }
}

/**
 * `source` (an SDK `APIPromise`) as the same kind of promise, whose outcome ends `call`:
 * awaiting it, `withResponse()` (its `data` observed when it is a stream) and `asResponse()`
 * all resolve as the SDK's would, and a failure is rethrown as the SDK threw it.
 */
export function trackedApiPromise<P extends ApiPromiseLike>(call: InFlightCall, source: P): P {
  return new Proxy(source, new TrackedApiPromise(call) as ProxyHandler<P>);
}
