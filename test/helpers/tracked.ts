import { expect } from 'vitest';
import { type LlmEvent, LlmEventSchema, trace, trackLlmCall } from '../../src/index.js';
import { capture } from './capture.js';
import { eventOfLine } from './llm-line.js';

/** The correlation id the provider tests run in. */
export const CORRELATION = '4bf92f3577b34da6a3ce929d0e0e4736';

/**
 * Runs `fn` tracked inside a fixed trace (then `consume` on its result, to read a stream);
 * checks that exactly one line was written and that the event is what the line says; returns
 * what `fn` returned (or threw), the line and the event.
 */
export async function tracked<R>(
  provider: string,
  model: string,
  fn: () => R,
  consume?: (result: Awaited<R>) => Promise<unknown>,
) {
  const { logger, lines } = capture();
  let event: LlmEvent | undefined;
  let outcome: { result?: Awaited<R>; error?: unknown; consumed?: unknown } = {};
  await trace({ correlationId: CORRELATION }, async () => {
    try {
      const result = await trackLlmCall(
        logger,
        {
          model,
          provider,
          onEvent: (e) => {
            event = e;
          },
        },
        fn,
      );
      outcome = { result, consumed: await consume?.(result) };
    } catch (error) {
      outcome = { error };
    }
  });
  if (event === undefined) throw new Error('no event');
  expect(lines()).toHaveLength(1);
  const [line] = lines() as [Record<string, unknown>];
  // The event is what the line says (the capture logger writes no time).
  expect(eventOfLine(line)).toEqual({ ...event, time: undefined });
  expect(LlmEventSchema.parse(event)).toEqual(event);
  expect(line.latency_ms).toBe(event.latencyMs);
  expect(event.latencyMs).toBeGreaterThanOrEqual(0);
  return { ...outcome, line, event };
}
