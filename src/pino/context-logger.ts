import type { BaseLogger, Logger } from 'pino';
import type { Frame } from '../context/frame.js';
import { frameOfStore, reportUnreadableContext, state, storage } from '../context/state.js';
import { cachedOf, logFieldsOf, otelLogFieldsOf, pinoCacheOf } from './frame-cache.js';
import { checkLogKeys, type LogKeys } from './log-keys-option.js';

/**
 * Makes (or finds) the child of `base` that `wrapper` writes through in `frame`: bound to the
 * frame's log fields, under OpenTelemetry names when `otel`. Cached on the frame under the
 * wrapper (one per wrapper, so wrappers of one logger with different key names never mix);
 * a change of settings (`configure({ logKeys })`) gives the frame a new memo, and so a new cache.
 */
function childForFrame(wrapper: object, base: Logger, frame: Frame, otel: boolean): Logger {
  const cache = pinoCacheOf(frame);
  const cached = cache.childOf === wrapper ? cache.child : cache.children?.get(wrapper);
  if (cached !== undefined) return cached as Logger;
  const fields = otel ? otelLogFieldsOf(frame) : logFieldsOf(frame);
  const child = Object.keys(fields).length === 0 ? base : base.child(fields);
  if (cache.childOf === undefined) {
    cache.childOf = wrapper;
    cache.child = child;
  } else {
    cache.children ??= new WeakMap();
    cache.children.set(wrapper, child);
  }
  return child;
}

/** Logger methods that act on the logger itself: called on the wrapped logger, not the wrapper. */
const FORWARDED_METHODS = [
  'bindings',
  'setBindings',
  'flush',
  'isLevelEnabled',
  'addListener',
  'on',
  'once',
  'prependListener',
  'prependOnceListener',
  'off',
  'removeListener',
  'removeAllListeners',
  'emit',
  'listeners',
  'rawListeners',
  'listenerCount',
  'eventNames',
  'setMaxListeners',
  'getMaxListeners',
] as const;

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

/** Marks a logger `contextLogger` made, so wrapping it again returns it unchanged. */
const CONTEXT_LOGGER = Symbol.for('leanllm-context.contextLogger');

/**
 * Options of `contextLogger`.
 *
 * @example
 * ```ts
 * const log = contextLogger(pino(), { keys: 'otel' } satisfies ContextLoggerOptions);
 * ```
 */
export interface ContextLoggerOptions {
  /**
   * `'otel'` binds the context under OpenTelemetry names (`session.id`, `user.id`,
   * `gen_ai.conversation.id`, `leanllm.tag.<key>`); `'snake_case'` under the log keys. By
   * default, what `configure({ logKeys })` says (`'snake_case'` unless set).
   */
  readonly keys?: LogKeys;
}

/** The `keys` a `contextLogger` was made with (`undefined`: the configuration's, or not one). */
export function loggerKeys(logger: object): LogKeys | undefined {
  return Object.hasOwn(logger, CONTEXT_LOGGER)
    ? ((logger as Record<symbol, unknown>)[CONTEXT_LOGGER] as LogKeys | undefined)
    : undefined;
}

/**
 * The logger a `contextLogger` wraps (its prototype), or `undefined` for any other logger: for
 * writers that stamp the context themselves and must not get it twice.
 */
export function loggerWrappedBy(logger: object): Logger | undefined {
  return Object.hasOwn(logger, CONTEXT_LOGGER)
    ? (Object.getPrototypeOf(logger) as Logger)
    : undefined;
}

/**
 * Wraps a pino logger so that every line carries the current context at the cost of a static
 * child logger's line: each line goes through a child of `logger` bound to the current
 * frame's fields, created once per frame and cached on it. Behaves as a pino logger (levels
 * and custom levels, `child()`, `isLevelEnabled`, `level`, `bindings()`, `flush()`, events),
 * and writes the same lines as `contextMixin` (use one or the other, not both).
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { contextLogger, withContext } from 'leanllm-context';
 *
 * const log = contextLogger(pino());
 * withContext({ sessionId: 'sess-1' }, () => log.info({ step: 1 }, 'planning'));
 * // {"level":30,"time":...,"pid":...,"hostname":"...","session_id":"sess-1","step":1,"msg":"planning"}
 *
 * const otelLog = contextLogger(pino(), { keys: 'otel' }); // {"session.id":"sess-1",...}
 * ```
 */
export function contextLogger<L extends BaseLogger>(
  logger: L,
  options: ContextLoggerOptions = {},
): L {
  const keys = checkLogKeys(options?.keys, 'contextLogger');
  if (Object.hasOwn(logger, CONTEXT_LOGGER)) {
    if (loggerKeys(logger) === keys) return logger;
    return contextLogger(Object.getPrototypeOf(logger) as L, options);
  }
  const base = logger as unknown as Logger;
  const otelAlways = keys === 'otel';
  const followsConfig = keys === undefined;
  // Inherits everything readable from `logger`; what writes or acts goes to `logger` itself.
  const wrapper = Object.create(base) as Record<string, unknown>;
  for (const level of Object.keys(base.levels.values)) {
    // Every line runs this: the cache hit (this frame's child of this logger) is inlined.
    wrapper[level] = function logInContext(...args: unknown[]) {
      let target: Logger;
      try {
        const frame = frameOfStore(storage.getStore());
        const memo = frame.memo;
        const cache = memo.generation === state.generation ? cachedOf(memo) : undefined;
        target =
          cache !== undefined && cache.childOf === wrapper
            ? (cache.child as Logger)
            : childForFrame(
                wrapper,
                base,
                frame,
                otelAlways || (followsConfig && state.config.logKeys === 'otel'),
              );
      } catch (error) {
        // A line is written without context when the context cannot be read.
        reportUnreadableContext(error);
        target = base;
      }
      return ((target as unknown as Record<string, AnyMethod>)[level] as AnyMethod)(...args);
    };
  }
  for (const name of FORWARDED_METHODS) {
    const method = base[name as keyof Logger] as AnyMethod | undefined;
    if (typeof method !== 'function') continue;
    wrapper[name] = function forwarded(...args: unknown[]) {
      const result = method.apply(base, args);
      return result === base ? wrapper : result;
    };
  }
  wrapper.child = function childInContext(...args: unknown[]) {
    return contextLogger((base.child as unknown as AnyMethod).apply(base, args) as Logger, options);
  };
  Object.defineProperty(wrapper, CONTEXT_LOGGER, { value: keys });
  Object.defineProperty(wrapper, 'level', {
    get: () => base.level,
    set: (level: string) => {
      base.level = level;
    },
    enumerable: true,
  });
  return wrapper as unknown as L;
}
