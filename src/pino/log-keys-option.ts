import { optionError } from '../context/option-error.js';
import { describeValue } from '../context/schema.js';
import { state } from '../context/state.js';

/**
 * The names lines carry the context (and an `llm.call` line its call) under: the `snake_case`
 * log keys (`session_id`, `input_tokens`), or the OpenTelemetry attribute names (`session.id`,
 * `gen_ai.usage.input_tokens`); `docs/otel.md` has the table.
 *
 * @example
 * ```ts
 * const keys: LogKeys = 'otel';
 * pino({ mixin: contextMixin({ keys }) });
 * ```
 */
export type LogKeys = 'snake_case' | 'otel';

/** Checks a `keys` option (`undefined`: follow `configure({ logKeys })`); throws `optionError`. */
export function checkLogKeys(keys: unknown, caller: string): LogKeys | undefined {
  if (keys === undefined || keys === 'snake_case' || keys === 'otel') return keys;
  throw optionError(caller, 'keys', `must be 'snake_case' or 'otel', got ${describeValue(keys)}`);
}

/** Whether lines use OpenTelemetry names: the option given, else the configuration. */
export const usesOtelKeys = (keys: LogKeys | undefined): boolean =>
  (keys ?? state.config.logKeys) === 'otel';
