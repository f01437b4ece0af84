import { expect } from 'vitest';
import { type LlmEvent, LlmEventSchema } from '../../src/index.js';
import { capture } from './capture.js';
import { eventOfLine } from './llm-line.js';

/** The correlation id the wrapped-client tests run in. */
export const CORRELATION = '0af7651916cd43dd8448eb211c80319c';

/**
 * A real pino logger into memory for a wrapped client (`options` to pass to `wrapOpenAI` & co.),
 * the events its `onEvent` saw, and `lines()` / `only()` to read what was written.
 */
export function recorder() {
  const { logger, lines } = capture();
  const events: LlmEvent[] = [];
  const options = { logger, onEvent: (event: LlmEvent) => void events.push(event) };
  return {
    options,
    events,
    lines,
    /** The one line written and its event, checked to say the same thing and to follow the schema. */
    single(): { line: Record<string, unknown>; event: LlmEvent } {
      const written = lines();
      expect(written).toHaveLength(1);
      expect(events).toHaveLength(1);
      const [line] = written as [Record<string, unknown>];
      const [event] = events as [LlmEvent];
      // The event is what the line says (the capture logger writes no time).
      expect(eventOfLine(line)).toEqual({ ...event, time: undefined });
      expect(LlmEventSchema.parse(event)).toEqual(event);
      return { line, event };
    },
  };
}
