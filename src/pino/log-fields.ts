import { frameOfStore, reportUnreadableContext, state, storage } from '../context/state.js';
import { cachedOf, logFieldsOf, otelLogFieldsOf } from './frame-cache.js';

const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * The log fields of the context in effect (shared: copy before handing them to pino), or none
 * when they cannot be read (garbage in the store, a broken global; reported once as
 * `LEANLLM_CONTEXT_UNREADABLE`): a log line must never fail
 * because of context. This runs on every log line: the memo hit is inlined here.
 */
export function currentLogFields(): Readonly<Record<string, unknown>> {
  try {
    const frame = frameOfStore(storage.getStore());
    const memo = frame.memo;
    const cached = memo.generation === state.generation ? cachedOf(memo)?.logFields : undefined;
    return cached !== undefined ? cached : logFieldsOf(frame);
  } catch (error) {
    reportUnreadableContext(error);
    return NO_FIELDS;
  }
}

/** `currentLogFields` under OpenTelemetry names (`keys: 'otel'`). */
export function currentOtelLogFields(): Readonly<Record<string, unknown>> {
  try {
    return otelLogFieldsOf(frameOfStore(storage.getStore()));
  } catch (error) {
    reportUnreadableContext(error);
    return NO_FIELDS;
  }
}
