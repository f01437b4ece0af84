import { warnOnce } from '../warnings.js';

/**
 * Called once for each piece of incoming (or outgoing) context that was left out: `key` is the
 * baggage key (`leanllm.session_id`) or the header name (`traceparent`, `baggage`), `reason`
 * says why (`over the 64-member limit`, `invalid value: must not be empty`, ...).
 *
 * @example
 * ```ts
 * let dropped = 0;
 * const onDropped: OnDropped = (key, reason) => {
 *   dropped++;
 *   logger.debug({ key, reason }, 'context header dropped');
 * };
 * extractContext(request.headers, { onDropped });
 * ```
 */
export type OnDropped = (key: string, reason: string) => void;

/** Longest key passed to `onDropped`: an untrusted key is cut, never echoed whole. */
const MAX_REPORTED_KEY_LENGTH = 100;

/**
 * A reporter that never throws: `onDropped` (when given) sees a shortened key, and an exception
 * from it is turned into one process warning instead of reaching the caller.
 */
export function dropReporter(onDropped: OnDropped | undefined): OnDropped {
  if (onDropped === undefined) return () => {};
  return (key, reason) => {
    const shown =
      key.length > MAX_REPORTED_KEY_LENGTH ? `${key.slice(0, MAX_REPORTED_KEY_LENGTH)}…` : key;
    try {
      onDropped(shown, reason);
    } catch {
      warnOnce(
        'LEANLLM_ON_DROPPED_THREW',
        'an onDropped callback threw; the error was ignored and propagation went on',
      );
    }
  };
}
