import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/duration.js';
import { OpenCorrelations } from '../../src/cli/open-correlations.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { llmEvent, T0 } from '../helpers/llm-lines.js';

const ids = (closed: { eventId: string }[][]) =>
  closed.map((events) => events.map((e) => e.eventId));

describe('the correlations --follow holds open', () => {
  it('closes a correlation once no event of it arrived for the idle time, oldest first', () => {
    const open = new OpenCorrelations(1000);
    open.add(llmEvent({ eventId: 'a1', correlationId: 'a' }), 0);
    open.add(llmEvent({ eventId: 'b1', correlationId: 'b' }), 100);
    open.add(llmEvent({ eventId: 'a2', correlationId: 'a' }), 500);
    expect(ids(open.closeIdle(999))).toEqual([]);
    expect(ids(open.closeIdle(1100))).toEqual([['b1']]);
    expect(open.size).toBe(1);
    expect(ids(open.closeIdle(1500))).toEqual([['a1', 'a2']]);
    expect(open.size).toBe(0);
  });

  it('closes a correlation when the log has moved on by the idle time (a replay)', () => {
    const open = new OpenCorrelations(1000);
    open.add(llmEvent({ eventId: 'a1', correlationId: 'a', time: T0 }), 0);
    open.add(llmEvent({ eventId: 'b1', correlationId: 'b', time: T0 + 999 }), 0);
    expect(ids(open.closeIdle(0))).toEqual([]);
    open.add(llmEvent({ eventId: 'c1', correlationId: 'c', time: T0 + 1000 }), 0);
    expect(ids(open.closeIdle(0))).toEqual([['a1']]);
    expect(ids(open.closeAll())).toEqual([['b1'], ['c1']]);
  });
});

describe('--idle durations', () => {
  it('reads ms, s, m and h', () => {
    expect(['500ms', '2s', '1.5s', '1m', '1h'].map((v) => parseDuration('--idle', v))).toEqual([
      500, 2000, 1500, 60_000, 3_600_000,
    ]);
  });

  it('refuses anything else, naming the option', () => {
    for (const value of ['5', '0ms', '-1s', '2 s', 'soon', '0.5ms']) {
      expect(() => parseDuration('--idle', value)).toThrow(
        new UsageError(
          `--idle must be a duration of at least 1 ms: 500ms, 2s, 1m (got '${value}')`,
        ),
      );
    }
  });
});
