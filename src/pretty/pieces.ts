import type { MessageFormatFunc, Prettifier, PrettyOptions } from 'pino-pretty';
import { CONTEXT_LOG_KEYS } from '../fields/context-fields.js';
import { EVENT_LOG_KEYS } from '../fields/event-fields.js';
import { isLlmCallLine, llmCallText } from './call-line.js';
import { contextText } from './context-text.js';
import { messageTextOf, NO_COLORS, type PrettyColors } from './text.js';

/**
 * pino-pretty's `messageFormat` for leanllm-context lines: an `llm.call` line becomes one line
 * (`llm.call gpt-5.4 (openai) 510 ms · $0.0030 · 876 tok · tools: web_search · agent:planner`,
 * a failed call's error type and message in red), and every line ends with its context in
 * brackets (`[sess-1 · u-42 · search · 4bf92f35…]`, grey when colours are on). Use it with
 * `contextKeysIgnore` and `llmCallPrettifiers()`, or take all three from `prettyOptions()`.
 *
 * @example
 * ```ts
 * import pinoPretty from 'pino-pretty';
 * import { contextKeysIgnore, llmCallPrettifiers, messageFormat } from 'leanllm-context/pretty';
 *
 * const stream = pinoPretty({
 *   messageFormat,
 *   customPrettifiers: llmCallPrettifiers(),
 *   ignore: `hostname,${contextKeysIgnore}`,
 * });
 * ```
 */
export const messageFormat: MessageFormatFunc = (log, messageKey, _levelLabel, extras) => {
  const colors: PrettyColors = extras?.colors ?? NO_COLORS;
  const isCall = isLlmCallLine(log);
  const message = isCall ? llmCallText(log, colors) : messageTextOf(log[messageKey]);
  const context = contextText(log, !isCall);
  if (context === '') return message;
  const bracketed = colors.gray(`[${context}]`);
  return message === '' ? bracketed : `${message} ${bracketed}`;
};

/**
 * The context log keys, comma-separated, for pino-pretty's `ignore` option: `messageFormat`
 * prints them on the message line, so they need no rows of their own.
 *
 * @example
 * ```ts
 * pinoPretty({ messageFormat, ignore: `hostname,${contextKeysIgnore}` });
 * ```
 */
export const contextKeysIgnore: string = Object.values(CONTEXT_LOG_KEYS).join(',');

/** The `llm.call` keys the one-line summary stands for (prompt and completion keep their rows). */
const SUMMARIZED_KEYS: readonly string[] = [
  'event',
  ...Object.values(EVENT_LOG_KEYS).filter(
    (key) => key !== EVENT_LOG_KEYS.prompt && key !== EVENT_LOG_KEYS.completion,
  ),
];

/**
 * Options of `llmCallPrettifiers`.
 *
 * @example
 * ```ts
 * const options: LlmCallPrettifierOptions = { singleLine: true };
 * ```
 */
export interface LlmCallPrettifierOptions {
  /** The `singleLine` option given to pino-pretty (its values are stringified differently). */
  readonly singleLine?: boolean | string;
}

/**
 * pino-pretty `customPrettifiers` that hide the keys of an `llm.call` line which
 * `messageFormat` summarizes (model, provider, tokens, cost, tool calls, ids, ...), and print
 * the same keys on any other line exactly as pino-pretty would. A prettifier that returns
 * `undefined` makes pino-pretty skip the key.
 *
 * @example
 * ```ts
 * pinoPretty({ messageFormat, customPrettifiers: llmCallPrettifiers({ singleLine: true }), singleLine: true });
 * ```
 */
export function llmCallPrettifiers(
  options: LlmCallPrettifierOptions = {},
): Record<string, Prettifier> {
  const singleLine = options.singleLine === true || options.singleLine === 'true';
  // pino-pretty stringifies a prettifier's result itself on a single line, uses it as the text
  // of the row otherwise.
  const asPinoPrettyWould = (value: unknown) =>
    singleLine ? value : JSON.stringify(value, null, 2);
  const prettifier = ((value: unknown, _key: string, log: Record<string, unknown>) =>
    isLlmCallLine(log) ? undefined : asPinoPrettyWould(value)) as unknown as Prettifier;
  return Object.fromEntries(SUMMARIZED_KEYS.map((key) => [key, prettifier]));
}

/**
 * The pino-pretty options `prettyOptions` fills in.
 *
 * @example
 * ```ts
 * const { messageFormat, customPrettifiers, ignore }: LeanllmPrettyPieces = prettyOptions();
 * ```
 */
export interface LeanllmPrettyPieces {
  readonly messageFormat: MessageFormatFunc;
  readonly customPrettifiers: Record<string, Prettifier>;
  readonly ignore: string;
}

/**
 * `options` completed with the three pino-pretty options that make leanllm-context lines
 * readable (`messageFormat`, `customPrettifiers`, `ignore`), for a pino-pretty you configure
 * yourself: pass the result to `pinoPretty()`, or export it from a `pino-pretty.config.cjs` for
 * the `pino-pretty` command. Your `customPrettifiers` and `ignore` are kept (merged).
 *
 * @example
 * ```js
 * // pino-pretty.config.cjs, read by `node app.js | pino-pretty --config pino-pretty.config.cjs`
 * module.exports = require('leanllm-context/pretty').prettyOptions({ translateTime: 'SYS:HH:MM:ss' });
 * ```
 */
export function prettyOptions<T extends PrettyOptions>(
  options: T = {} as T,
): Omit<T, keyof LeanllmPrettyPieces> & LeanllmPrettyPieces {
  return {
    ...options,
    messageFormat,
    customPrettifiers: { ...llmCallPrettifiers(options), ...options.customPrettifiers },
    ignore: `${options.ignore ?? 'hostname'},${contextKeysIgnore}`,
  };
}
