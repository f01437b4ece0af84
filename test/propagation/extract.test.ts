import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentFrame } from '../../src/context/state.js';
import { FIELD_NAMES } from '../../src/fields/context-fields.js';
import {
  configure,
  extractContext,
  getCurrentContext,
  injectContext,
  resetConfiguration,
  trace,
  withContext,
  withContextFromHeaders,
} from '../../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

afterEach(() => resetConfiguration());

/** extractContext with every drop recorded as `key: reason`. */
function extractWithDrops(headers: Parameters<typeof extractContext>[0]) {
  const dropped: string[] = [];
  const fields = extractContext(headers, {
    onDropped: (key, reason) => dropped.push(`${key}: ${reason}`),
  });
  return { fields, dropped };
}

describe('extractContext', () => {
  it('reads back every field injectContext writes, when all may travel', () => {
    configure({ propagate: [...FIELD_NAMES] });
    const sent = {
      sessionId: 'sess 1/ü',
      requestId: 'req-1',
      modelId: 'gpt-4o-mini',
      samplingIteration: 7,
      userId: 'u-42',
      feature: 'a,b;c=d',
      environment: 'prod',
      correlationId: TRACE_ID,
      parentRequestId: 'req-0',
      section: 'agent:researcher/step:plan',
      tags: { tier: 'pro', 'x:y': '"%"' },
    };
    const headers = withContext(sent, () => injectContext({}));
    expect(extractWithDrops(headers)).toEqual({ fields: sent, dropped: [] });
  });

  it('accepts Node request headers, a Headers object, and a record in any letter case', () => {
    const expected = { sessionId: 's1', feature: 'f' };
    expect(extractContext({ baggage: ['leanllm.session_id=s1', 'leanllm.feature=f'] })).toEqual(
      expected,
    );
    expect(
      extractContext(
        new Headers([
          ['baggage', 'leanllm.session_id=s1'],
          ['Baggage', 'leanllm.feature=f'],
        ]),
      ),
    ).toEqual(expected);
    expect(
      extractContext({ BAGGAGE: 'leanllm.session_id=s1', Baggage: 'leanllm.feature=f' }),
    ).toEqual(expected);
  });

  it('ignores properties and optional whitespace, and the members of others', () => {
    expect(
      extractWithDrops({
        baggage:
          ' vendor=1 ,\tleanllm.session_id = s1 ;ttl=30;flag , other=x;y , leanllm.feature=f',
      }),
    ).toEqual({ fields: { sessionId: 's1', feature: 'f' }, dropped: [] });
  });

  it('leaves out and reports what is malformed, unknown, not allowed, invalid or repeated', () => {
    const { fields, dropped } = extractWithDrops({
      baggage: [
        'leanllm.session_id=first',
        'leanllm.session_id=second',
        'leanllm.nope=1',
        'leanllm.user_id=u-42',
        'leanllm.tags.tier=pro',
        'leanllm.feature=%ZZ',
        'leanllm.feature=has space',
        'leanllm.feature',
        'leanllm.model_id=',
        `leanllm.environment=${'x'.repeat(257)}`,
        'leanllm.request_id=a%00b',
        'leanllm.sampling_iteration=03',
        'leanllm.__proto__=x',
        'leanllm.parent_request_id=ok',
      ].join(','),
    });
    expect(fields).toEqual({ sessionId: 'first', parentRequestId: 'ok' });
    expect(dropped).toEqual([
      'leanllm.session_id: duplicate key: the first one is kept',
      'leanllm.nope: unknown field',
      'leanllm.user_id: not in the propagate allow-list',
      'leanllm.tags.tier: not in the propagate allow-list',
      'leanllm.feature: malformed value: not a percent-encoded baggage value',
      'leanllm.feature: malformed value: not a percent-encoded baggage value',
      'leanllm.feature: malformed list member',
      'leanllm.model_id: invalid value: must not be empty',
      'leanllm.environment: invalid value: must be at most 256 characters, got 257',
      'leanllm.request_id: invalid value: must not contain control characters (found U+0000 at index 1)',
      'leanllm.sampling_iteration: invalid value: must be an integer >= 0, got string "03"',
      'leanllm.__proto__: unknown field',
    ]);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
  });

  it('reads sampling_iteration as a safe integer', () => {
    const read = (value: string) =>
      extractContext({ baggage: `leanllm.sampling_iteration=${value}` }).samplingIteration;
    expect(read('0')).toBe(0);
    expect(read('42')).toBe(42);
    expect(read('-1')).toBeUndefined();
    expect(read('1.5')).toBeUndefined();
    expect(read('9007199254740993')).toBeUndefined();
  });

  it('reads tags one member each, at most 32, a __proto__ tag as an own key', () => {
    configure({ propagate: ['tags'] });
    const members = Array.from({ length: 34 }, (_, index) => `leanllm.tags.t${index}=${index}`);
    const { fields, dropped } = extractWithDrops({
      baggage: ['leanllm.tags.__proto__=p', 'leanllm.tags.bad%20key=1', ...members].join(','),
    });
    expect(Object.keys(fields.tags ?? {})).toEqual([
      '__proto__',
      ...Array.from({ length: 31 }, (_, index) => `t${index}`),
    ]);
    expect(Object.getOwnPropertyDescriptor(fields.tags, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(fields.tags)).toBe(Object.prototype);
    expect(dropped).toEqual([
      'leanllm.tags.bad%20key: invalid value: has an invalid key "bad key": tag keys must match [A-Za-z0-9_.:-]{1,64}',
      'leanllm.tags.t31: over the 32-tag limit',
      'leanllm.tags.t32: over the 32-tag limit',
      'leanllm.tags.t33: over the 32-tag limit',
    ]);
    const inScope = withContext(fields, () => getCurrentContext().tags);
    expect(Object.getOwnPropertyDescriptor(inScope, '__proto__')?.value).toBe('p');
  });

  it('reads no more than 64 members', () => {
    const foreign = Array.from({ length: 63 }, (_, index) => `v${index}=1`);
    const { fields, dropped } = extractWithDrops({
      baggage: [...foreign, 'leanllm.session_id=s64', 'leanllm.feature=f65'].join(','),
    });
    expect(fields).toEqual({ sessionId: 's64' });
    expect(dropped).toEqual(['baggage: over the 64-member limit: the rest is not read']);
  });

  it('reads no more than 8192 bytes: the member that crosses the limit and the rest are left out', () => {
    const filler = `vendor=${'x'.repeat(8192 - 'vendor='.length - ',leanllm.session_id=s'.length)}`;
    const exact = `${filler},leanllm.session_id=s`;
    expect(Buffer.byteLength(exact)).toBe(8192);
    expect(extractWithDrops({ baggage: exact })).toEqual({
      fields: { sessionId: 's' },
      dropped: [],
    });
    expect(extractWithDrops({ baggage: `${filler},leanllm.session_id=s2` })).toEqual({
      fields: {},
      dropped: ['baggage: over the 8192-byte limit: the rest is not read'],
    });
    // Bytes, not characters: a multi-byte character counts for what it weighs.
    expect(extractWithDrops({ baggage: `${filler.slice(0, -1)}é,leanllm.session_id=s` })).toEqual({
      fields: {},
      dropped: ['baggage: over the 8192-byte limit: the rest is not read'],
    });
    const huge = extractWithDrops({ baggage: `leanllm.session_id=s,${'x'.repeat(5_000_000)}` });
    expect(huge).toEqual({
      fields: { sessionId: 's' },
      dropped: ['baggage: over the 8192-byte limit: the rest is not read'],
    });
  });

  it('reports header values that are not strings, and headers that are not an object', () => {
    expect(
      extractWithDrops({ baggage: [7, 'leanllm.session_id=s'] as unknown as string[] }),
    ).toEqual({ fields: { sessionId: 's' }, dropped: ['baggage: not a string: number 7'] });
    expect(extractWithDrops(null as never)).toEqual({
      fields: {},
      dropped: ['(headers): not a headers object: null'],
    });
  });

  it('never throws: headers that cannot be read give {} and a report', () => {
    const headers = {
      get baggage(): string {
        throw new Error('no access');
      },
    };
    expect(extractWithDrops(headers)).toEqual({
      fields: {},
      dropped: ['(headers): could not be read: no access'],
    });
  });

  it('an onDropped that throws does not stop the extraction (one process warning)', () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const fields = extractContext(
      { baggage: 'leanllm.nope=1,leanllm.session_id=s' },
      {
        onDropped: () => {
          throw new Error('mine');
        },
      },
    );
    expect(fields).toEqual({ sessionId: 's' });
    expect(warning).toHaveBeenCalledWith(
      'leanllm-context: an onDropped callback threw; the error was ignored and propagation went on',
      { code: 'LEANLLM_ON_DROPPED_THREW' },
    );
    warning.mockRestore();
  });
});

describe('extractContext and traceparent', () => {
  const read = (traceparent: string | string[]) => extractWithDrops({ traceparent });

  it('a valid traceparent gives the correlation id', () => {
    expect(read(TRACEPARENT)).toEqual({ fields: { correlationId: TRACE_ID }, dropped: [] });
    expect(read(` ${TRACEPARENT}\t`)).toEqual({ fields: { correlationId: TRACE_ID }, dropped: [] });
    // A later version may add fields: its first four are read.
    expect(read(`01-${TRACE_ID}-00f067aa0ba902b7-01-whatever`).fields).toEqual({
      correlationId: TRACE_ID,
    });
  });

  it('an invalid traceparent is reported and ignored', () => {
    const malformed = ['traceparent: malformed traceparent'];
    for (const value of [
      `00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01`,
      `ff-${TRACE_ID}-00f067aa0ba902b7-01`,
      `00-${TRACE_ID}-00f067aa0ba902b7-01-extra`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      `00-${TRACE_ID}-00f067aa0ba902b7`,
      'garbage',
    ]) {
      expect(read(value), value).toEqual({ fields: {}, dropped: malformed });
    }
    expect(read([TRACEPARENT, TRACEPARENT])).toEqual({
      fields: {},
      dropped: ['traceparent: more than one traceparent header'],
    });
    expect(read(`${TRACEPARENT}-${'x'.repeat(600)}`)).toEqual({
      fields: {},
      dropped: ['traceparent: longer than 512 characters'],
    });
  });

  it('is not read when correlationId may not travel', () => {
    configure({ propagate: ['sessionId'] });
    expect(read(TRACEPARENT)).toEqual({
      fields: {},
      dropped: ['traceparent: not in the propagate allow-list (correlationId)'],
    });
  });
});

describe('withContextFromHeaders', () => {
  it('runs fn inside the extracted context and returns what fn returns', async () => {
    const headers = {
      baggage: 'leanllm.session_id=s1,leanllm.feature=f',
      traceparent: TRACEPARENT,
    };
    const seen = await withContextFromHeaders(headers, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return getCurrentContext();
    });
    expect(seen).toEqual({ sessionId: 's1', feature: 'f', correlationId: TRACE_ID });
    expect(getCurrentContext()).toEqual({});
  });

  it('opens a correlation scope for an incoming correlation id, as trace() does', () => {
    const chain = withContextFromHeaders({ traceparent: TRACEPARENT }, () => currentFrame().chain);
    expect(chain).toEqual({ correlationId: TRACE_ID, lastRequestId: undefined });
    const outer = trace({ correlationId: 'outer' }, () =>
      withContextFromHeaders({ baggage: 'leanllm.session_id=s' }, () => currentFrame().chain),
    );
    expect(outer?.correlationId).toBe('outer');
  });

  it('passes onDropped on', () => {
    const dropped: string[] = [];
    withContextFromHeaders({ baggage: 'leanllm.nope=1' }, () => undefined, {
      onDropped: (key) => dropped.push(key),
    });
    expect(dropped).toEqual(['leanllm.nope']);
  });
});
