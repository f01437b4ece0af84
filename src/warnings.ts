/**
 * A thrown value as text for a warning or an error message: its message, its string form, and
 * never a new exception (`String()` of a null-prototype object throws, an `Error` may have a
 * `message` getter that throws).
 */
export function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return '(a value that cannot be printed)';
  }
}

/**
 * Every process warning the library emits, by code (`docs/reliability.md` lists what each
 * means). A code is what a user filters on (`process.on('warning', ...)`, `--no-warnings`).
 */
export type WarningCode =
  | 'LEANLLM_CONTEXT_UNREADABLE'
  | 'LEANLLM_EVENT_NOT_WRITTEN'
  | 'LEANLLM_FETCH_HEADERS_FAILED'
  | 'LEANLLM_INVALID_ENV'
  | 'LEANLLM_ON_DROPPED_THREW'
  | 'LEANLLM_ON_EVENT_FAILED'
  | 'LEANLLM_SUSPECT_USAGE'
  | 'LEANLLM_TRACKING_FAILED'
  | 'LEANLLM_VERSION_CONFLICT';

/** Every warning's message starts with it, so a reader knows where it came from. */
const PREFIX = 'leanllm-context: ';

/**
 * Most distinct messages one code emits per process. Messages embed error text, so they vary;
 * the cap is per code so that one noisy code (a hook throwing a new error each call) can
 * never silence another.
 */
const MAX_MESSAGES_PER_CODE = 10;

const issued = new Map<WarningCode, Set<string>>();

/**
 * Emits a process warning `leanllm-context: <message>` under `code`, once per distinct message
 * and at most 10 distinct messages per code. The library reports what it had to skip this way
 * instead of throwing into the application.
 */
export function warnOnce(code: WarningCode, message: string): void {
  let messages = issued.get(code);
  if (messages === undefined) {
    messages = new Set();
    issued.set(code, messages);
  }
  if (messages.has(message) || messages.size >= MAX_MESSAGES_PER_CODE) return;
  messages.add(message);
  process.emitWarning(PREFIX + message, { code });
}
