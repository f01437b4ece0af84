import { FRAME_BRAND, type Frame } from '../context/frame.js';
import { logFieldsOf, otelLogFieldsOf } from '../context/snapshot.js';
import { state, storage } from '../context/state.js';
import { warnOnce } from '../warnings.js';

const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});

function unreadable(error: unknown): Readonly<Record<string, unknown>> {
  warnOnce(
    'LEANLLM_CONTEXT_UNREADABLE',
    `leanllm-context: the context could not be read, lines are written without it (${String(error)})`,
  );
  return NO_FIELDS;
}

/**
 * The log fields of the context in effect (shared: copy before handing them to pino), or none
 * when they cannot be read (garbage in the store, a broken global): a log line must never fail
 * because of context. This runs on every log line: the memo hit is inlined here.
 */
export function currentLogFields(): Readonly<Record<string, unknown>> {
  try {
    const store = storage.getStore() as Frame | undefined;
    const frame = store !== undefined && store[FRAME_BRAND] === true ? store : state.root;
    const memo = frame.memo;
    const cached = memo.logFields;
    if (cached !== undefined && memo.generation === state.generation) return cached;
    return logFieldsOf(frame);
  } catch (error) {
    return unreadable(error);
  }
}

/** `currentLogFields` under OpenTelemetry names (`keys: 'otel'`). */
export function currentOtelLogFields(): Readonly<Record<string, unknown>> {
  try {
    const store = storage.getStore() as Frame | undefined;
    return otelLogFieldsOf(store !== undefined && store[FRAME_BRAND] === true ? store : state.root);
  } catch (error) {
    return unreadable(error);
  }
}
