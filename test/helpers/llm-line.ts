import { CONTEXT_LOG_KEYS } from '../../src/fields/context-fields.js';
import { EVENT_LOG_KEYS } from '../../src/fields/event-fields.js';

const FROM_LINE = new Map<string, string>(
  [...Object.entries(CONTEXT_LOG_KEYS), ...Object.entries(EVENT_LOG_KEYS)].map(([field, key]) => [
    key,
    field,
  ]),
);

/**
 * The camelCase event of a parsed `llm.call` line, as the format contract defines it (the graph
 * reader's `parseLogLine` reads the same keys): event and context keys renamed, `time` kept,
 * pino's `level`, `msg` and the `event` marker left out.
 */
export function eventOfLine(line: Record<string, unknown>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(line)) {
    if (key === 'time') event.time = value;
    const field = FROM_LINE.get(key);
    if (field !== undefined) event[field] = value;
  }
  return event;
}
