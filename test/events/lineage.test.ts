import { afterEach, describe, expect, it } from 'vitest';
import {
  Chain,
  ContextValidationError,
  configure,
  contextMixin,
  getRequestId,
  type LlmEvent,
  logLlmCall,
  resetConfiguration,
  trace,
  trackLlmCall,
  withContext,
} from '../../src/index.js';
import { capture, sleep } from '../helpers/capture.js';

afterEach(() => resetConfiguration());

const call = { model: 'gpt-4o-mini', provider: 'openai' } as const;
const USAGE = { inputTokens: 10, outputTokens: 5 };

/** Runs a tracked call (by default one that returns USAGE) and returns its event. */
async function tracked(
  logger: Parameters<typeof trackLlmCall>[0],
  fn: () => unknown = () => USAGE,
  options: { onEvent?: Chain } & Record<string, unknown> = {},
): Promise<LlmEvent> {
  let event: LlmEvent | undefined;
  const onEvent = (e: LlmEvent) => {
    event = e;
    options.onEvent?.record(e);
  };
  await trackLlmCall(logger, { ...call, ...options, onEvent }, fn);
  if (event === undefined) throw new Error('no event');
  return event;
}

describe('lineage: enclosing in-flight call', () => {
  it('a call made inside another names it as parent and shares its correlation', async () => {
    const { logger, lines } = capture({ mixin: contextMixin() });
    let inner: LlmEvent | undefined;
    let requestIdInside: string | undefined;
    const outer = await tracked(logger, async () => {
      requestIdInside = getRequestId();
      logger.info('planning');
      inner = await tracked(logger);
      return USAGE;
    });
    expect(requestIdInside).toBe(outer.eventId);
    expect(inner?.parentRequestId).toBe(outer.eventId);
    expect(inner?.correlationId).toBe(outer.correlationId);
    expect(outer.parentRequestId).toBeUndefined();
    expect(outer.correlationId).toMatch(/^[0-9a-f]{32}$/);
    // The log line written inside the call carries its id and correlation.
    expect(lines()[0]).toEqual({
      level: 30,
      request_id: outer.eventId,
      correlation_id: outer.correlationId,
      msg: 'planning',
    });
    // The inner line carries the outer call as its request id (context) and parent (lineage).
    expect(lines()[1]).toMatchObject({
      event_id: inner?.eventId,
      parent_request_id: outer.eventId,
      request_id: outer.eventId,
    });
    // The outer line is written in the caller's context: no request id of its own.
    expect(lines()[2]).not.toHaveProperty('request_id');
  });

  it('logLlmCall inside a tracked call links to it too', async () => {
    const { logger } = capture();
    let logged: LlmEvent | undefined;
    const outer = await tracked(logger, () => {
      logged = logLlmCall(logger, { ...call, latencyMs: 3 });
      return USAGE;
    });
    expect(logged?.parentRequestId).toBe(outer.eventId);
  });

  it('the enclosing call wins over the auto-chain; nested calls do not advance the outer chain', async () => {
    const { logger } = capture();
    await trace(async () => {
      const first = await tracked(logger);
      const nested: LlmEvent[] = [];
      const second = await tracked(logger, async () => {
        nested.push(await tracked(logger));
        nested.push(await tracked(logger));
        return USAGE;
      });
      const third = await tracked(logger);
      expect(second.parentRequestId).toBe(first.eventId);
      expect(nested.map((e) => e.parentRequestId)).toEqual([second.eventId, second.eventId]);
      expect(third.parentRequestId).toBe(second.eventId);
    });
  });
});

describe('lineage: auto-chain', () => {
  it('links each call to the previous one of the trace', async () => {
    const { logger, lines } = capture();
    await trace({ correlationId: 'flow-1' }, async () => {
      await tracked(logger);
      logLlmCall(logger, { ...call, latencyMs: 1 });
      await tracked(logger);
    });
    const [a, b, c] = lines();
    expect(a?.parent_request_id).toBeUndefined();
    expect(b?.parent_request_id).toBe(a?.event_id);
    expect(c?.parent_request_id).toBe(b?.event_id);
    expect(lines().map((line) => line.correlation_id)).toEqual(['flow-1', 'flow-1', 'flow-1']);
  });

  it('links nothing with autoChain off', async () => {
    configure({ autoChain: false });
    const { logger, lines } = capture();
    await trace(async () => {
      await tracked(logger);
      await tracked(logger);
    });
    expect(lines().map((line) => line.parent_request_id)).toEqual([undefined, undefined]);
    expect(lines()[0]?.correlation_id).toBe(lines()[1]?.correlation_id);
  });

  it('trace() restarts the chain; the outer chain resumes after it', async () => {
    const { logger } = capture();
    await trace(async () => {
      const a = await tracked(logger);
      const [b, c] = await trace(async () => [await tracked(logger), await tracked(logger)]);
      const d = await tracked(logger);
      expect(b?.parentRequestId).toBeUndefined();
      expect(b?.correlationId).not.toBe(a.correlationId);
      expect(c?.parentRequestId).toBe(b?.eventId);
      expect(d.parentRequestId).toBe(a.eventId);
    });
    const e = await trace(() => tracked(logger));
    expect(e.parentRequestId).toBeUndefined();
  });

  it('outside any correlation scope: no links, and a fresh correlation per call', async () => {
    const { logger } = capture();
    const a = await tracked(logger);
    const b = await tracked(logger);
    const c = logLlmCall(logger, { ...call, latencyMs: 1 });
    expect([a, b, c].map((e) => e.parentRequestId)).toEqual([undefined, undefined, undefined]);
    expect(new Set([a, b, c].map((e) => e.correlationId)).size).toBe(3);
  });

  it('a context correlation id without trace() is used, but does not chain', async () => {
    const { logger } = capture();
    await withContext({ correlationId: 'from-headers' }, async () => {
      const a = await tracked(logger);
      const b = await tracked(logger);
      expect([a.correlationId, b.correlationId]).toEqual(['from-headers', 'from-headers']);
      expect(b.parentRequestId).toBeUndefined();
    });
  });

  it('parallel calls link to the last call that ended before they started', async () => {
    const { logger } = capture();
    await trace(async () => {
      const first = await tracked(logger);
      const slow = tracked(logger, () => sleep(30).then(() => USAGE));
      const fast = tracked(logger, () => sleep(5).then(() => USAGE));
      const [a, b] = await Promise.all([slow, fast]);
      // Both started while only `first` had ended.
      expect([a.parentRequestId, b.parentRequestId]).toEqual([first.eventId, first.eventId]);
      // The next call links to the one that ended last (the slow one).
      const next = await tracked(logger);
      expect(next.parentRequestId).toBe(a.eventId);
    });
  });
});

describe('lineage: per-call and context values', () => {
  it('a per-call parentRequestId wins over the enclosing call and the chain', async () => {
    const { logger } = capture();
    await trace(async () => {
      await tracked(logger);
      const outer = await tracked(logger, async () => {
        const inner = await tracked(logger, undefined, { parentRequestId: 'chosen' });
        expect(inner.parentRequestId).toBe('chosen');
        return USAGE;
      });
      expect(outer.parentRequestId).not.toBe('chosen');
    });
  });

  it("the context's parentRequestId is the last resort", async () => {
    const { logger } = capture();
    await withContext({ parentRequestId: 'upstream-call' }, async () => {
      expect((await tracked(logger)).parentRequestId).toBe('upstream-call');
      await trace(async () => {
        const a = await tracked(logger);
        const b = await tracked(logger);
        expect(a.parentRequestId).toBe('upstream-call');
        expect(b.parentRequestId).toBe(a.eventId);
      });
    });
  });

  it('a per-call correlationId wins, and a call in another correlation does not chain', async () => {
    const { logger } = capture();
    await trace({ correlationId: 'flow-a' }, async () => {
      const a = await tracked(logger);
      const other = await tracked(logger, undefined, { correlationId: 'flow-b' });
      const b = await tracked(logger);
      expect(other.correlationId).toBe('flow-b');
      expect(other.parentRequestId).toBeUndefined();
      expect(b.parentRequestId).toBe(a.eventId);
    });
  });
});

describe('Chain', () => {
  it('chains calls explicitly and records only its own correlation', async () => {
    const { logger } = capture();
    const chain = new Chain({ correlationId: 'job-7' });
    expect(chain.kwargs()).toEqual({ correlationId: 'job-7' });
    const a = await tracked(logger, undefined, { ...chain.kwargs(), onEvent: chain });
    expect(chain.lastRequestId).toBe(a.eventId);
    expect(chain.kwargs()).toEqual({ correlationId: 'job-7', parentRequestId: a.eventId });
    const b = logLlmCall(logger, { ...call, latencyMs: 2, ...chain.kwargs(), onEvent: chain });
    expect(b.correlationId).toBe('job-7');
    expect(b.parentRequestId).toBe(a.eventId);
    expect(chain.lastRequestId).toBe(b.eventId);

    // An event of another correlation is not recorded.
    const foreign = await trace({ correlationId: 'other-flow' }, () => tracked(logger));
    expect(chain.record(foreign)).toBe(false);
    expect(chain.lastRequestId).toBe(b.eventId);
    expect(chain.record(b)).toBe(true);

    chain.reset();
    expect(chain.lastRequestId).toBeUndefined();
    expect(chain.kwargs()).toEqual({ correlationId: 'job-7' });
  });

  it('generates a trace-id-shaped correlation; record works detached; bad options throw', () => {
    const chain = new Chain();
    expect(chain.correlationId).toMatch(/^[0-9a-f]{32}$/);
    const { record } = chain;
    expect(record({ eventId: 'e1', correlationId: chain.correlationId })).toBe(true);
    expect(chain.lastRequestId).toBe('e1');
    expect(() => new Chain({ correlationId: '' })).toThrow(
      new ContextValidationError(
        'correlationId',
        'new Chain: correlationId must be a string of 1-256 characters without control characters, got string ""',
      ),
    );
  });

  it('refuses at construction a correlation id every call would refuse (300 characters, a newline)', () => {
    expect(() => new Chain({ correlationId: 'x'.repeat(300) })).toThrow(
      `new Chain: correlationId must be a string of 1-256 characters without control characters, got string "${'x'.repeat(40)}…"`,
    );
    expect(() => new Chain({ correlationId: 'job\n7' })).toThrow(
      'new Chain: correlationId must be a string of 1-256 characters without control characters, got string "job\\n7"',
    );
    expect(new Chain({ correlationId: 'x'.repeat(256) }).correlationId).toHaveLength(256);
  });
});
