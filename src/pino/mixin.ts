import type { Logger, LoggerOptions } from 'pino';
import { currentLogFields, currentOtelLogFields } from './log-fields.js';
import { checkLogKeys, type LogKeys, usesOtelKeys } from './log-keys-option.js';
import { activeSpan, traceIdFieldsOf } from './trace-ids.js';

/** A function for pino's `mixin` option. */
export type MixinFn = NonNullable<LoggerOptions['mixin']>;

/** Options of `contextMixin`. */
export interface ContextMixinOptions {
  /** A mixin of your own: its fields are added after the context's and win over them. */
  readonly mixin?: MixinFn;
  /**
   * `'otel'` writes the context under OpenTelemetry names (`session.id`, `user.id`,
   * `gen_ai.conversation.id`, `leanllm.tag.<key>`); `'snake_case'` under the log keys. By
   * default, what `configure({ logKeys })` says (`'snake_case'` unless set).
   */
  readonly keys?: LogKeys;
  /**
   * Also write the active OpenTelemetry span's `trace_id`, `span_id` and `trace_flags` (the keys
   * and values of `@opentelemetry/instrumentation-pino`), when `@opentelemetry/api` is in use and
   * a span is active. Read from the API's registered global: nothing is imported.
   */
  readonly otelTraceIds?: boolean;
}

/**
 * A function for pino's `mixin` option: every line written inside a scope carries the
 * non-empty context under its log keys (`session_id`, `user_id`, `correlation_id`, ...);
 * outside every scope it adds the global context only. Fields a log call passes win over the
 * context. Returns a new object per line (pino's `mixinMergeStrategy` writes into it), and never
 * throws because of context.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { contextMixin, withContext } from 'leanllm-context';
 *
 * const logger = pino({ mixin: contextMixin() });
 * withContext({ sessionId: 'sess-1', feature: 'search' }, () => logger.info('hello'));
 * // {"level":30,"time":...,"pid":...,"hostname":"...","session_id":"sess-1","feature":"search","msg":"hello"}
 *
 * // with a mixin of your own (its fields win over the context's):
 * pino({ mixin: contextMixin({ mixin: () => ({ build: '1.4.2' }) }) });
 *
 * // OpenTelemetry names: {"session.id":"sess-1","leanllm.feature":"search",...}
 * pino({ mixin: contextMixin({ keys: 'otel' }) });
 *
 * // and the active span's ids: {...,"trace_id":"4bf9…","span_id":"00f0…","trace_flags":"01"}
 * pino({ mixin: contextMixin({ otelTraceIds: true }) });
 * ```
 */
export function contextMixin(options: ContextMixinOptions = {}): MixinFn {
  const theirs = options.mixin;
  const keys = checkLogKeys(options.keys, 'contextMixin');
  const shared =
    keys === 'snake_case'
      ? currentLogFields
      : keys === 'otel'
        ? currentOtelLogFields
        : configuredLogFields;
  // A fresh copy per line: pino's default merge strategy writes into what the mixin returns.
  const fresh = options.otelTraceIds === true ? withTraceIds(shared) : () => copyOf(shared());
  if (theirs === undefined) return fresh;
  return function composedContextMixin(mergeObject: object, level: number, logger: Logger) {
    return Object.assign(fresh(), theirs(mergeObject, level, logger));
  };
}

/** The shared log fields under the names `configure({ logKeys })` says. */
function configuredLogFields(): Readonly<Record<string, unknown>> {
  return usesOtelKeys(undefined) ? currentOtelLogFields() : currentLogFields();
}

/** A copy pino's merge strategy may write into (the nested `tags` of snake_case lines too). */
function copyOf(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const tags = fields.tags;
  return tags === undefined ? { ...fields } : { ...fields, tags: { ...(tags as object) } };
}

/**
 * The context's fields, then the active span's ids when there is one. The two are merged once
 * per context frame and span (a one-entry cache) into an object laid out like the context's
 * own, so a line copies it as cheaply: adding three keys to the copy per line instead makes
 * pino's serialization of the line several times slower (bench/trace-ids.bench.mjs).
 */
function withTraceIds(
  shared: () => Readonly<Record<string, unknown>>,
): () => Record<string, unknown> {
  let lastFields: object | undefined;
  let lastSpan: object | undefined;
  let merged: Readonly<Record<string, unknown>> = {};
  return function contextAndTraceIds() {
    const fields = shared();
    const span = activeSpan();
    if (span === undefined) return copyOf(fields);
    if (fields !== lastFields || span !== lastSpan) {
      const ids = traceIdFieldsOf(span);
      merged = ids === undefined ? fields : JSON.parse(JSON.stringify({ ...fields, ...ids }));
      lastFields = fields;
      lastSpan = span;
    }
    return copyOf(merged);
  };
}
