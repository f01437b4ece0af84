import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isSampledIn } from '../../src/events/sampling.js';
import {
  configure,
  type LlmEvent,
  logLlmCall,
  resetConfiguration,
  trace,
  trackLlmCall,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { seededRandom } from '../helpers/random.js';

afterEach(() => resetConfiguration());

const call = { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 10 } as const;

/** 32-hex correlation ids from a seeded generator, as trace() makes them. */
function correlationIds(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join(''),
  );
}

describe('sampling (internal decision)', () => {
  it('the same correlation id always gets the same decision', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (id, rate) => {
          const first = isSampledIn(id, rate);
          for (let i = 0; i < 5; i++) expect(isSampledIn(id, rate)).toBe(first);
          expect(isSampledIn(id, 1)).toBe(true);
          expect(isSampledIn(id, 0)).toBe(false);
        },
      ),
    );
  });

  it('keeps within 2% of the rate over 10,000 correlation ids, at several rates', () => {
    const ids = correlationIds(10_000, 42);
    for (const rate of [0.01, 0.1, 0.25, 0.5, 0.9]) {
      const kept = ids.filter((id) => isSampledIn(id, rate)).length / ids.length;
      expect(Math.abs(kept - rate)).toBeLessThan(0.02);
    }
    // Sequential, non-random ids too (a counter used as correlation id).
    const counters = Array.from({ length: 10_000 }, (_, i) => `order-${i}`);
    const kept = counters.filter((id) => isSampledIn(id, 0.3)).length / counters.length;
    expect(Math.abs(kept - 0.3)).toBeLessThan(0.02);
  });

  it('a kept correlation stays kept when the rate goes up', () => {
    const ids = correlationIds(2_000, 7);
    const atLow = ids.filter((id) => isSampledIn(id, 0.2));
    expect(atLow.every((id) => isSampledIn(id, 0.6))).toBe(true);
  });
});

describe('sampling (lines)', () => {
  it('writes all or none of a correlation, with sample_rate on kept lines', async () => {
    configure({ sampleRate: 0.5 });
    const { logger, lines } = capture();
    const ids = correlationIds(200, 1);
    for (const correlationId of ids) {
      await trace({ correlationId }, async () => {
        logLlmCall(logger, call);
        await trackLlmCall(logger, { model: 'gpt-4o-mini', provider: 'openai' }, () => ({}));
        logLlmCall(logger, call);
      });
    }
    const byCorrelation = new Map<unknown, number>();
    for (const line of lines()) {
      byCorrelation.set(line.correlation_id, (byCorrelation.get(line.correlation_id) ?? 0) + 1);
      expect(line.sample_rate).toBe(0.5);
    }
    expect([...byCorrelation.values()].every((count) => count === 3)).toBe(true);
    expect(byCorrelation.size).toBeGreaterThan(60);
    expect(byCorrelation.size).toBeLessThan(140);
    expect([...byCorrelation.keys()].sort()).toEqual(
      ids.filter((id) => isSampledIn(id, 0.5)).sort(),
    );
  });

  it('errors are always written, without sample_rate; dropped calls still return their event', async () => {
    configure({ sampleRate: 0 });
    const { logger, lines } = capture();
    const events: LlmEvent[] = [];
    await trace(async () => {
      events.push(logLlmCall(logger, call));
      await trackLlmCall(
        logger,
        { model: 'gpt-4o-mini', provider: 'openai', onEvent: (e) => void events.push(e) },
        () => Promise.reject(new Error('boom')),
      ).catch(() => undefined);
      events.push(logLlmCall(logger, { ...call, error: new Error('bad gateway') }));
    });
    expect(events.map((e) => e.status)).toEqual(['ok', 'error', 'error']);
    expect(events[0]).not.toHaveProperty('sampleRate');
    expect(lines().map((line) => [line.level, line.status, line.sample_rate])).toEqual([
      [50, 'error', undefined],
      [50, 'error', undefined],
    ]);
    // The dropped call is still in the chain: the error after it links to it.
    expect(events[1]?.parentRequestId).toBe(events[0]?.eventId);
  });

  it('no sample_rate at the default rate of 1', () => {
    const { logger, lines } = capture();
    logLlmCall(logger, call);
    expect(lines()[0]).not.toHaveProperty('sample_rate');
  });
});
