import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs } from '../../src/otlp/backoff.js';
import { jsonEncoder, protobufEncoder } from '../../src/otlp/encode.js';
import { otlpSpanOf, spanIdOf } from '../../src/otlp/span.js';
import { decodeOtlpJson, decodeOtlpProtobuf } from '../helpers/otlp-receiver.js';

const spans = [
  otlpSpanOf(
    {
      eventVersion: 1,
      eventId: 'plan-1',
      correlationId: 'c-1',
      time: 1_795_428_001_200,
      model: 'gpt-4o',
      provider: 'openai',
      operation: 'chat',
      status: 'ok',
      latencyMs: 1200,
      inputTokens: 500,
      cost: 0,
      stream: true,
      toolCalls: [],
      tags: { tier: 'pro' },
    },
    undefined,
  ),
  otlpSpanOf(
    {
      eventVersion: 1,
      eventId: 'write-1',
      correlationId: 'c-1',
      time: 1_795_428_002_000,
      model: 'claude-test',
      provider: 'anthropic',
      status: 'error',
      latencyMs: 300.25,
      toolCalls: [],
    },
    spanIdOf('plan-1'),
  ),
];

describe('the request encoders', () => {
  it('protobuf carries exactly what the JSON carries (a whole cost stays a double)', async () => {
    const protobuf = await protobufEncoder('svc');
    const json = jsonEncoder('svc')(spans);
    const binary = protobuf?.(spans);
    expect([json.contentType, binary?.contentType]).toEqual([
      'application/json',
      'application/x-protobuf',
    ]);
    const fromJson = decodeOtlpJson(json.body as string);
    expect(decodeOtlpProtobuf(binary?.body as Uint8Array)).toEqual(fromJson);
    const [plan, write] = fromJson.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
    expect(plan?.attributes).toContainEqual({ key: 'leanllm.cost_usd', value: { doubleValue: 0 } });
    expect(plan?.attributes).toContainEqual({
      key: 'leanllm.tag.tier',
      value: { stringValue: 'pro' },
    });
    expect(write).toMatchObject({ parentSpanId: spanIdOf('plan-1'), status: { code: 2 } });
    expect(write?.attributes).toContainEqual({
      key: 'error.type',
      value: { stringValue: '_OTHER' },
    });
    expect(write?.startTimeUnixNano).toBe('1795428001699750000');
  });
});

describe('backoff', () => {
  it('doubles from initialDelayMs up to maxDelayMs, the upper half random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.nat(10_000),
        fc.nat(100_000),
        (retry, initial, max) => {
          const ceiling = Math.min(max, initial * 2 ** (retry - 1));
          const delay = backoffDelay(retry, initial, max);
          expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-30T06:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Mon, 30 Nov 2026 06:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 30 Nov 2026 05:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBe(undefined);
    expect(retryAfterMs('-5', now)).toBe(undefined);
    expect(retryAfterMs(null, now)).toBe(undefined);
  });
});
