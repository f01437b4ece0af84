import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clearGlobalContext,
  configure,
  injectContext,
  resetConfiguration,
  section,
  setGlobalContext,
  trace,
  withContext,
} from '../../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentIdOf = (requestId: string) =>
  createHash('sha256').update(requestId).digest('hex').slice(0, 16);

afterEach(() => {
  resetConfiguration();
  clearGlobalContext();
});

const FIELDS = {
  sessionId: 'sess-1',
  requestId: 'req-1',
  userId: 'u-42',
  feature: 'search',
  tags: { tier: 'pro' },
};

describe('injectContext', () => {
  it('writes the allowed fields as leanllm. baggage and the trace as a traceparent', () => {
    const headers = trace({ correlationId: TRACE_ID }, () =>
      withContext(FIELDS, () => injectContext({ accept: 'application/json' })),
    );
    // userId and tags are not in the default allow-list: they stay home.
    expect(headers).toEqual({
      accept: 'application/json',
      baggage: `leanllm.session_id=sess-1,leanllm.request_id=req-1,leanllm.feature=search,leanllm.correlation_id=${TRACE_ID}`,
      traceparent: `00-${TRACE_ID}-${parentIdOf('req-1')}-01`,
    });
  });

  it('returns the headers it was given, changed in place', () => {
    const headers = { accept: 'text/plain' };
    expect(withContext({ sessionId: 's' }, () => injectContext(headers))).toBe(headers);
    expect(headers).toEqual({ accept: 'text/plain', baggage: 'leanllm.session_id=s' });
  });

  it('percent-encodes values, and carries the global context and the configured environment', () => {
    configure({ environment: 'prod eu' });
    setGlobalContext({ modelId: 'gpt-4o-mini' });
    const headers = withContext({ section: 'agent:planner', samplingIteration: 3 }, () =>
      section('step:plan ✓', () => injectContext({})),
    );
    expect(headers.baggage).toBe(
      'leanllm.model_id=gpt-4o-mini,leanllm.sampling_iteration=3,leanllm.environment=prod%20eu,leanllm.section_path=agent%3Aplanner%2Fstep%3Aplan%20%E2%9C%93',
    );
  });

  it('writes no traceparent for a correlation id that is not a W3C trace id', () => {
    const headers = trace({ correlationId: 'checkout-42' }, () => injectContext({}));
    expect(headers).toEqual({ baggage: 'leanllm.correlation_id=checkout-42' });
    const zero = trace({ correlationId: '0'.repeat(32) }, () => injectContext({}));
    expect(zero).toEqual({ baggage: `leanllm.correlation_id=${'0'.repeat(32)}` });
  });

  it('derives the parent id from the request id; without one it is random', () => {
    const first = trace({ correlationId: TRACE_ID }, () => injectContext({}));
    const second = trace({ correlationId: TRACE_ID }, () => injectContext({}));
    const pattern = new RegExp(`^00-${TRACE_ID}-([0-9a-f]{16})-01$`);
    expect(first.traceparent).toMatch(pattern);
    expect(second.traceparent).toMatch(pattern);
    expect(first.traceparent).not.toBe(second.traceparent);
    expect(first.traceparent).not.toContain('0000000000000000');
    const again = trace({ correlationId: TRACE_ID, requestId: 'req-1' }, () => injectContext({}));
    expect(again.traceparent).toBe(`00-${TRACE_ID}-${parentIdOf('req-1')}-01`);
  });

  it('follows configure({ propagate }): only the listed fields leave, and no traceparent without correlationId', () => {
    configure({ propagate: ['userId', 'tags'] });
    const headers = trace({ correlationId: TRACE_ID }, () =>
      withContext({ ...FIELDS, tags: { tier: 'pro', 'plan:x': 'a,b' } }, () => injectContext({})),
    );
    expect(headers).toEqual({
      baggage: 'leanllm.user_id=u-42,leanllm.tags.tier=pro,leanllm.tags.plan%3Ax=a%2Cb',
    });
  });

  it('adds nothing outside every scope', () => {
    expect(injectContext({})).toEqual({});
  });

  it('writes into a Headers object, keeping the members of others', () => {
    const headers = new Headers({ Baggage: 'vendor=1;p=2, other=x', traceparent: 'stale' });
    trace({ correlationId: TRACE_ID, requestId: 'r' }, () => injectContext(headers));
    expect(headers.get('baggage')).toBe(
      `vendor=1;p=2,other=x,leanllm.request_id=r,leanllm.correlation_id=${TRACE_ID}`,
    );
    expect(headers.get('traceparent')).toBe(`00-${TRACE_ID}-${parentIdOf('r')}-01`);
  });

  it('on a record, replaces our members and writes one lowercase header', () => {
    const headers: Record<string, string | string[]> = {
      Baggage: 'leanllm.session_id=old,vendor=1',
      baggage: ['leanllm.feature=old', 'other=2'],
    };
    withContext({ sessionId: 'new' }, () => injectContext(headers));
    expect(headers).toEqual({ baggage: 'vendor=1,other=2,leanllm.session_id=new' });
  });

  it('removes our stale members when the context has none, and leaves a header with nothing at all', () => {
    const headers = { baggage: 'leanllm.session_id=old' };
    injectContext(headers);
    expect(headers).toEqual({});
    const mixed = { baggage: 'leanllm.session_id=old,vendor=1' };
    injectContext(mixed);
    expect(mixed).toEqual({ baggage: 'vendor=1' });
  });

  it('leaves out what would take the baggage over 64 members, and reports it', () => {
    const foreign = Array.from({ length: 62 }, (_, index) => `v${index}=1`).join(',');
    const dropped: string[] = [];
    const headers = withContext({ sessionId: 's', requestId: 'r', feature: 'f' }, () =>
      injectContext(
        { baggage: foreign },
        { onDropped: (key, reason) => dropped.push(`${key}: ${reason}`) },
      ),
    );
    expect(headers.baggage).toBe(`${foreign},leanllm.session_id=s,leanllm.request_id=r`);
    expect(dropped).toEqual(['leanllm.feature: over the 64-member limit']);
  });

  it('leaves out what would take the baggage over 8192 bytes, keeping what still fits', () => {
    configure({ propagate: ['sessionId', 'feature', 'tags'] });
    const long = 'é'.repeat(256); // 256 characters, 1,536 bytes once percent-encoded
    const tags = Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`t${index}`, long]));
    const dropped: string[] = [];
    const headers = withContext({ sessionId: long, feature: 'f', tags }, () =>
      injectContext({}, { onDropped: (key, reason) => dropped.push(`${key}: ${reason}`) }),
    );
    const members = (headers.baggage as string).split(',');
    expect(members.map((member) => member.split('=')[0])).toEqual([
      'leanllm.session_id',
      'leanllm.feature',
      'leanllm.tags.t0',
      'leanllm.tags.t1',
      'leanllm.tags.t2',
      'leanllm.tags.t3',
    ]);
    expect(Buffer.byteLength(headers.baggage as string)).toBeLessThanOrEqual(8192);
    expect(dropped).toEqual([
      'leanllm.tags.t4: over the 8192-byte limit',
      'leanllm.tags.t5: over the 8192-byte limit',
    ]);
  });

  it('reports a value that cannot be percent-encoded (a lone surrogate) and sends the rest', () => {
    const dropped: string[] = [];
    const headers = withContext({ sessionId: 'a\uD800b', feature: 'f' }, () =>
      injectContext({}, { onDropped: (key, reason) => dropped.push(`${key}: ${reason}`) }),
    );
    expect(headers).toEqual({ baggage: 'leanllm.feature=f' });
    expect(dropped).toEqual([
      'leanllm.session_id: not encodable: the value holds a lone surrogate',
    ]);
  });
});
