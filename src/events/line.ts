import { CONTEXT_LOG_KEYS, EVENT_LOG_KEYS, LLM_CALL_EVENT } from '../log-keys.js';
import type { LlmEvent } from './schema.js';

/** Every `LlmEvent` key and its key on the line (context fields included; `time` is pino's). */
const LINE_KEYS: ReadonlyMap<string, string> = new Map(
  Object.entries({ ...CONTEXT_LOG_KEYS, ...EVENT_LOG_KEYS }),
);

/**
 * The `llm.call` line object for pino: `event: "llm.call"`, then every field of `event` that is
 * set, under its snake_case key, in the event's order. `time` is left to pino (its own `time`
 * key); `tags` is copied, so a merge strategy writing into the line cannot touch the event.
 */
export function toLine(event: LlmEvent): Record<string, unknown> {
  const line: Record<string, unknown> = { event: LLM_CALL_EVENT };
  const fields = event as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (key === 'time') continue;
    const value = fields[key];
    if (value === undefined) continue;
    const lineKey = LINE_KEYS.get(key);
    if (lineKey === undefined) continue;
    line[lineKey] = key === 'tags' ? { ...(value as object) } : value;
  }
  return line;
}
