import type { Logger, LoggerOptions } from 'pino';
import { currentLogFields, currentOtelLogFields } from './log-fields.js';
import { checkLogKeys, type LogKeys, usesOtelKeys } from './log-keys-option.js';

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
}

/** A fresh copy of the context's log fields: pino's default merge strategy writes into it. */
function freshLogFields(): Record<string, unknown> {
  const fields = currentLogFields();
  const tags = fields.tags;
  return tags === undefined ? { ...fields } : { ...fields, tags: { ...(tags as object) } };
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
 * ```
 */
export function contextMixin(options: ContextMixinOptions = {}): MixinFn {
  const theirs = options.mixin;
  const keys = checkLogKeys(options.keys, 'contextMixin');
  const fresh =
    keys === 'snake_case' ? freshLogFields : keys === 'otel' ? freshOtelLogFields : freshConfigured;
  if (theirs === undefined) return fresh;
  return function composedContextMixin(mergeObject: object, level: number, logger: Logger) {
    return Object.assign(fresh(), theirs(mergeObject, level, logger));
  };
}

/** A fresh copy of the context's log fields under OpenTelemetry names (all flat). */
function freshOtelLogFields(): Record<string, unknown> {
  return { ...currentOtelLogFields() };
}

/** The fields under the names `configure({ logKeys })` says, read per line. */
function freshConfigured(): Record<string, unknown> {
  return usesOtelKeys(undefined) ? freshOtelLogFields() : freshLogFields();
}
