// The development transport (`leanllm-context/pretty`): pino-pretty with leanllm-context's
// message format, and the pieces for those who configure pino-pretty themselves. Loaded by
// pino's transport worker; imports pino-pretty (an optional peer) and nothing of the app's.
import pinoPretty, { type PrettyOptions, type PrettyStream } from 'pino-pretty';
import { prettyOptions } from './pieces.js';

export type {
  LeanllmPrettyPieces,
  LlmCallPrettifierOptions,
} from './pieces.js';
export { contextKeysIgnore, llmCallPrettifiers, messageFormat, prettyOptions } from './pieces.js';

/**
 * The `leanllm-context/pretty` transport target: a pino-pretty stream that prints an `llm.call`
 * line as one line and each line's context compactly on it. Every option is pino-pretty's and
 * passes through (`colorize`, `translateTime`, `destination`, `singleLine`, ...); `ignore` and
 * `customPrettifiers` are merged with the ones it needs.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { contextMixin } from 'leanllm-context';
 *
 * const logger = pino({
 *   mixin: contextMixin(),
 *   transport: { target: 'leanllm-context/pretty', options: { translateTime: 'SYS:HH:MM:ss' } },
 * });
 * ```
 */
export function leanllmPretty(options: PrettyOptions = {}): PrettyStream {
  return pinoPretty(prettyOptions(options));
}

// pino loads a target's default export.
export default leanllmPretty;
