import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../src/index.js';
import { eventLine, plainLine, T0 } from '../helpers/llm-lines.js';

describe('parseLogLine', () => {
  it('reads an llm.call line written in the writer format back into its camelCase event', () => {
    const line = eventLine({
      parent_request_id: 'evt-0',
      section_path: 'agent:planner/step:plan',
      sampling_iteration: 2,
      tags: { tenant: 'acme' },
      tool_calls: [{ id: 'call_1', name: 'search', arguments: '{"q":"pino"}' }],
    });
    expect(parseLogLine(line)).toEqual({
      eventVersion: 1,
      eventId: 'evt-1',
      correlationId: 'corr-1',
      parentRequestId: 'evt-0',
      time: T0 + 1000,
      model: 'gpt-4o-mini',
      provider: 'openai',
      operation: 'chat',
      status: 'ok',
      inputTokens: 120,
      outputTokens: 30,
      totalTokens: 150,
      cost: 0.000036,
      costSource: 'table',
      priceTable: 'builtin-2026-11',
      latencyMs: 800,
      toolCalls: [{ id: 'call_1', name: 'search', arguments: '{"q":"pino"}' }],
      sessionId: 'sess-1',
      samplingIteration: 2,
      userId: 'u-42',
      feature: 'search',
      environment: 'test',
      section: 'agent:planner/step:plan',
      tags: { tenant: 'acme' },
    });
  });

  it('accepts a line with only the required fields, and null optional fields as unknown', () => {
    const line = JSON.stringify({
      time: '2026-11-23T10:00:01.000Z',
      event: 'llm.call',
      event_id: 'e',
      correlation_id: 'c',
      parent_request_id: null,
      model: 'm',
      provider: 'p',
      status: 'error',
      error: { type: 'RateLimitError', message: 'slow down', status: 429 },
      cost: null,
      latency_ms: 12.5,
    });
    expect(parseLogLine(line)).toEqual({
      eventVersion: 1,
      eventId: 'e',
      correlationId: 'c',
      time: T0 + 1000,
      model: 'm',
      provider: 'p',
      status: 'error',
      error: { type: 'RateLimitError', message: 'slow down', status: 429 },
      latencyMs: 12.5,
      toolCalls: [],
    });
  });

  it('tolerates a CRLF ending, surrounding blanks and a UTF-8 BOM', () => {
    const line = eventLine();
    const expected = parseLogLine(line);
    expect(expected?.eventId).toBe('evt-1');
    expect(parseLogLine(`${line}\r`)).toEqual(expected);
    expect(parseLogLine(`\uFEFF  ${line}\t`)).toEqual(expected);
  });

  it.each([
    ['an ordinary pino line', plainLine()],
    ['an ordinary line that mentions llm.call', plainLine('retrying llm.call')],
    ['a line whose msg is llm.call but has no event key', plainLine('llm.call')],
    ['another event kind', eventLine({ event: 'llm.stream' })],
    ['plain text', 'llm.call started'],
    ['a blank line', '   '],
    ['an empty line', ''],
    ['a JSON array', '["llm.call"]'],
    ['invalid JSON that mentions llm.call', '{"msg":"llm.call" oops}'],
    ['a truncated llm.call line', eventLine().slice(0, 120)],
    ['an unparseable llm.call line', eventLine().replace('"level":30', '"level":30,,')],
    ['an event without event_id', eventLine({ event_id: undefined })],
    ['an event with an empty correlation_id', eventLine({ correlation_id: '' })],
    ['an event without time', eventLine({ time: undefined })],
    ['an event with an invalid date', eventLine({ time: 'yesterday' })],
    ['an event with a negative latency', eventLine({ latency_ms: -1 })],
    ['an event with tokens as text', eventLine({ input_tokens: '120' })],
    ['an event of another version', eventLine({ event_version: 2 })],
    ['an event with an unknown status', eventLine({ status: 'maybe' })],
    ['an event with a bad tool call', eventLine({ tool_calls: [{ id: 'x', name: 's' }] })],
  ])('returns undefined for %s', (_, line) => {
    expect(parseLogLine(line)).toBeUndefined();
  });

  it('never throws, on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (line) => {
        expect(() => parseLogLine(line)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on event lines with random values under every key', () => {
    const keys = [
      'event_id',
      'correlation_id',
      'time',
      'model',
      'status',
      'latency_ms',
      'cost',
      'tool_calls',
      'tags',
      'error',
      'event_version',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const event = parseLogLine(eventLine({ [key]: value }));
        if (event !== undefined) expect(event.eventId.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not throw on non-string input from JavaScript callers', () => {
    expect(parseLogLine(undefined as unknown as string)).toBeUndefined();
    expect(parseLogLine(42 as unknown as string)).toBeUndefined();
  });
});
