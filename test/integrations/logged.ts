// What the integration tests share: a capture logger whose lines are checked against the
// events `onEvent` received, the fields every line of a loopback model call has, and 200
// concurrent flows each checking that their lines carry their own context.
import { expect } from 'vitest';
import type { LlmLogger } from '../../src/index.js';
import { type LlmEvent, LlmEventSchema, trace, withContext } from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { eventOfLine } from '../helpers/llm-line.js';
import { MODEL, RESPONSE_MODEL, TABLE, USAGE_COST } from './openai-fixtures.js';

/**
 * An integration made by `make` over a capture logger, the events it reported, and its lines,
 * each checked against its event (the line is what the event says).
 */
export function logged<T>(
  make: (options: { logger: LlmLogger; onEvent: (event: LlmEvent) => void }) => T,
) {
  const { logger, lines } = capture();
  const events: LlmEvent[] = [];
  const integration = make({ logger, onEvent: (event) => void events.push(event) });
  return {
    integration,
    events,
    lines() {
      const all = lines();
      expect(all).toHaveLength(events.length);
      all.forEach((line, i) => {
        expect(eventOfLine(line)).toEqual({ ...events[i], time: undefined });
        expect(LlmEventSchema.parse(events[i])).toEqual(events[i]);
      });
      return all;
    },
  };
}

/** The fields every `ok` line of a call to the loopback `gpt-4o-mini` has. */
export const lineOf = (event: LlmEvent) => ({
  level: 30,
  event: 'llm.call',
  event_version: 1,
  event_id: event.eventId,
  correlation_id: event.correlationId,
  model: MODEL,
  response_model: RESPONSE_MODEL,
  provider: 'openai',
  operation: 'chat',
  status: 'ok',
  latency_ms: event.latencyMs,
  msg: 'llm.call',
});

/** `lineOf` without `response_model`: a call that failed or stopped before the provider named it. */
export function unansweredLineOf(event: LlmEvent) {
  const { response_model: _, ...fields } = lineOf(event);
  return fields;
}

/** The usage fields of the fixtures' `USAGE`: 1250 input tokens (1024 cached), 42 output. */
export const USAGE_FIELDS = {
  input_tokens: 1250,
  output_tokens: 42,
  total_tokens: 1292,
  cache_read_tokens: 1024,
  reasoning_tokens: 0,
  cost: USAGE_COST,
  cost_source: 'table',
  price_table: TABLE,
};

/**
 * Runs `call` in 200 concurrent flows, each in its own context and trace (and started a few
 * timer ticks apart), then checks that every line carries its own flow's context.
 */
export async function checkConcurrentFlows(
  call: (i: number) => Promise<unknown>,
  lines: () => Record<string, unknown>[],
): Promise<void> {
  const correlationOf = (i: number) => i.toString(16).padStart(32, '0');
  await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      withContext({ userId: `user-${i}`, sessionId: `session-${i}` }, () =>
        trace({ correlationId: correlationOf(i) }, async () => {
          await new Promise((resolve) => setTimeout(resolve, i % 7));
          return call(i);
        }),
      ),
    ),
  );
  const seen = lines().map((line) => [line.user_id, line.session_id, line.correlation_id]);
  expect(seen).toHaveLength(200);
  for (const [user, session, correlation] of seen) {
    const i = Number(String(user).slice('user-'.length));
    expect([session, correlation]).toEqual([`session-${i}`, correlationOf(i)]);
  }
  expect(new Set(seen.map(([user]) => user)).size).toBe(200);
}
