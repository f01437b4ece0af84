import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventBytesReader } from '../../../src/cli/read/event-bytes.js';
import { JsonLineScanner, STRING, VALUE_READ } from '../../../src/cli/read/json-line-scan.js';
import { RecordLayout, RecordReader, RecordWriter } from '../../../src/cli/read/records.js';
import { LINE_FIELDS } from '../../../src/fields/line-fields.js';
import type { LlmEvent } from '../../../src/graph/index.js';
import { type EventFieldSelection, readLogObject } from '../../../src/graph/parse-log-line.js';
import { eventLine } from '../../helpers/llm-lines.js';

const SUMMARY: EventFieldSelection = new Set(['parentRequestId', 'inputTokens', 'cost']);
/** Every field of the line kept, as the HTML and OTLP outputs read them. */
const EVERY: EventFieldSelection = new Set(LINE_FIELDS.map((field) => field.name));

/** Reads one line (a JSON object, trimmed) from its bytes: the event, or `undefined` when the pass gives up. */
function fromBytes(line: Buffer, keep: EventFieldSelection): LlmEvent | undefined {
  const layout = new RecordLayout(keep);
  const writer = new RecordWriter(layout);
  if (!new EventBytesReader(writer, keep).read(line, 0, line.length)) return undefined;
  const events: LlmEvent[] = [];
  new RecordReader(layout).read(writer.takeBatch(), (event) => events.push(event));
  expect(events).toHaveLength(1);
  return events[0];
}

/** What the slow way (decode, `JSON.parse`, read) makes of the same line. */
const slowly = (line: Buffer, keep: EventFieldSelection) =>
  readLogObject(line.toString('utf8'), { keep, strict: false });

/** A value of any JSON type, for a field that may expect another one. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', 'ok', 'error', 'cancelled', 'chat', '2026-11-23T10:00:00Z', 'not a date'),
  fc.integer({ min: -5, max: 1e6 }),
  fc.double({ noNaN: true }),
  fc.constantFrom(0.5, -0, 1e21, 2 ** 53, 1.5e-7),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({ type: 'RateLimit', message: 'slow down', status: 429 }),
  fc.constant([{ id: 't', name: 'search', arguments: '{"q":"ü"}' }]),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

const FIELD_KEYS = [
  'event_id',
  'correlation_id',
  'parent_request_id',
  'model',
  'provider',
  'operation',
  'status',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cache_read_tokens',
  'cost',
  'cost_source',
  'latency_ms',
  'time',
  'event_version',
  'tool_calls',
  'error',
  'tags',
  'stream',
  'sampled_out',
  'section_path',
  'session_id',
  'ttft_ms',
  'prompt',
  'event',
];

/** A line as the writer makes it, with some fields changed to values of any type. */
const eventLines = fc
  .record({
    changes: fc.dictionary(fc.constantFrom(...FIELD_KEYS), anyValue, { maxKeys: 4 }),
    unknown: fc.dictionary(fc.string({ maxLength: 6 }), anyValue, { maxKeys: 3 }),
    spaced: fc.boolean(),
  })
  .map(({ changes, unknown, spaced }) => {
    const text = eventLine({ ...unknown, ...changes });
    return Buffer.from(
      spaced ? JSON.stringify(JSON.parse(text), null, 1).replace(/\n/g, ' ') : text,
    );
  });

/** Bytes changed at random: broken JSON, escapes, control characters, invalid UTF-8. */
const damaged = fc
  .record({
    line: eventLines,
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }),
    insert: fc.boolean(),
  })
  .map(({ line, at, bytes, insert }) => {
    const place = 1 + (at % Math.max(1, line.length - 2)); // keep the braces
    const rest = line.subarray(insert ? place : Math.min(line.length - 1, place + bytes.length));
    return Buffer.concat([line.subarray(0, place), bytes, rest]);
  });

describe('reading an llm.call line from its bytes', () => {
  it('reads what the writer writes, without giving up', () => {
    for (const keep of [SUMMARY, EVERY]) {
      const line = Buffer.from(
        eventLine({
          parent_request_id: 'evt-0',
          section_path: 'agent:计划/step:1',
          tags: { team: 'search' },
          tool_calls: [{ id: 't', name: 'search', arguments: '{"q":"x"}' }],
        }),
      );
      const event = fromBytes(line, keep);
      expect(event).toBeDefined();
      expect(event).toStrictEqual((slowly(line, keep) as { event: LlmEvent }).event);
    }
  });

  it('gives the event the slow way gives, or gives up: never another reading', () => {
    let readFast = 0;
    fc.assert(
      fc.property(fc.oneof(eventLines, damaged), fc.constantFrom(SUMMARY, EVERY), (line, keep) => {
        const fast = fromBytes(line, keep);
        if (fast === undefined) return;
        readFast++;
        const slow = slowly(line, keep);
        expect(slow.kind).toBe('event');
        expect(fast).toStrictEqual((slow as { event: LlmEvent }).event);
      }),
      { numRuns: 3000 },
    );
    expect(readFast).toBeGreaterThan(300); // a sixth: the others are damaged or mistyped on purpose
  });

  it('a reader that never ends keeps a bounded shared table: it starts afresh, the events stay right', () => {
    const layout = new RecordLayout(SUMMARY);
    const writer = new RecordWriter(layout);
    const reader = new EventBytesReader(writer, SUMMARY);
    const records = new RecordReader(layout);
    const correlations: string[] = [];
    let restarts = 0;
    for (let batch = 0; batch < 70; batch++) {
      for (let i = 0; i < 1000; i++) {
        const n = batch * 1000 + i;
        const line = Buffer.from(
          eventLine({ event_id: `e${n}`, correlation_id: `c${n}`, model: `m${n % 3}` }),
        );
        expect(reader.read(line, 0, line.length)).toBe(true);
      }
      const taken = writer.takeBatch();
      if (taken.restartsShared) restarts++;
      records.read(taken, (event) => correlations.push(`${event.correlationId}/${event.model}`));
    }
    // 4,096 shared strings at most: the table starts afresh after every fifth batch of 1,000
    expect(restarts).toBe(13);
    expect(correlations).toEqual(Array.from({ length: 70_000 }, (_, n) => `c${n}/m${n % 3}`));
  });

  it('gives up on every line that is not valid JSON', () => {
    const scanner = new JsonLineScanner(['a', 'b']);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          damaged.map((line) => line.toString('latin1')),
        ),
        (text) => {
          const bytes = Buffer.from(text, 'latin1');
          let valid = true;
          try {
            const value = JSON.parse(bytes.toString('utf8'));
            valid = typeof value === 'object' && value !== null && !Array.isArray(value);
          } catch {
            valid = false;
          }
          const trimmed = text.trim();
          const objectShaped = trimmed === text && text.startsWith('{') && text.endsWith('}');
          if (!valid || !objectShaped) expect(scanner.scan(bytes, 0, bytes.length)).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('finds each wanted member, the last one when a key is given twice', () => {
    const scanner = new JsonLineScanner(['model', 'cost']);
    const text = Buffer.from(
      '{"model":"a","x":{"model":[1,{"y":null}]},"cost":1.5e2,"model":"b\\n"}',
    );
    expect(scanner.scan(text, 0, text.length)).toBe(true);
    const line = scanner.line;
    expect(text.toString('latin1', line.starts[0], line.ends[0])).toBe('b\\n');
    expect(text.toString('latin1', line.starts[1], line.ends[1])).toBe('1.5e2');
    expect([...line.present.subarray(0, line.presentCount)]).toEqual([0, 1]);
  });

  it('reads a number of at most 15 digits without an exponent as the very double Number reads', () => {
    const scanner = new JsonLineScanner(['cost']);
    const line = scanner.line; // lines this short never grow the scan's memory
    const digits = (min: number, max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max });
    const numbers = fc
      .record({
        minus: fc.boolean(),
        whole: fc.oneof(
          fc.constant(['0']),
          digits(1, 17).filter((d) => d[0] !== '0'),
        ),
        decimals: fc.option(digits(1, 17), { nil: undefined }),
      })
      .map(
        ({ minus, whole, decimals }) =>
          `${minus ? '-' : ''}${whole.join('')}${decimals ? `.${decimals.join('')}` : ''}`,
      );
    fc.assert(
      fc.property(numbers, (number) => {
        const text = Buffer.from(`{"cost":${number}}`);
        expect(scanner.scan(text, 0, text.length)).toBe(true);
        const digitCount = number.replace(/[-.]/g, '').length;
        expect((line.flags[0] as number) & VALUE_READ).toBe(digitCount <= 15 ? VALUE_READ : 0);
        if (digitCount <= 15) expect(Object.is(line.numbers[0], Number(number))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const number of [
      '0.1',
      '0.013548',
      '-0',
      '-0.0',
      '999999999999999',
      '0.00000000000001',
      '123456.789012345',
    ]) {
      const text = Buffer.from(`{"cost":${number}}`);
      scanner.scan(text, 0, text.length);
      expect([line.flags[0], line.numbers[0]]).toEqual([VALUE_READ, Number(number)]);
    }
  });

  it('scans a line longer than its memory held, and one in the middle of a buffer', () => {
    const scanner = new JsonLineScanner(['model', 'note']);
    const note = 'é'.repeat(300_000);
    const long = Buffer.from(`xx{"note":"${note}","model":"m"}yy`);
    expect(scanner.scan(long, 2, long.length - 2)).toBe(true);
    const { types, flags, starts, ends } = scanner.line;
    expect([types[0], types[1], flags[1]]).toEqual([STRING, STRING, 2]);
    expect(long.toString('utf8', starts[0], ends[0])).toBe('m');
    expect(long.toString('utf8', starts[1], ends[1])).toBe(note);
    const short = Buffer.from('{"model":"n"}');
    expect(scanner.scan(short, 0, short.length)).toBe(true);
    expect(scanner.line.presentCount).toBe(1);
    expect(short.toString('utf8', scanner.line.starts[0], scanner.line.ends[0])).toBe('n');
  });

  it('finds the keys however their order changes from line to line (a predicted key is checked)', () => {
    const scanner = new JsonLineScanner(['model', 'cost']);
    const lines = [
      '{"level":30,"model":"a","cost":1}',
      '{"level":30,"model":"b","cost":2}',
      '{"level":30,"model_x":"no","mode":"no","cost":3,"model":"c"}',
      '{"cost":4,"level":30,"model":"d"}',
      '{"level":30,"mode":"no","model":"e","costs":0,"cost":5}',
    ];
    const found = lines.map((text) => {
      const bytes = Buffer.from(text);
      expect(scanner.scan(bytes, 0, bytes.length)).toBe(true);
      const { starts, ends } = scanner.line;
      return [
        bytes.toString('utf8', starts[0], ends[0]),
        bytes.toString('utf8', starts[1], ends[1]),
      ];
    });
    expect(found).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
      ['e', '5'],
    ]);
  });

  it('refuses keys it cannot look for', () => {
    expect(() => new JsonLineScanner(['a', 'a'])).toThrow(
      'JsonLineScanner: key "a" is given twice',
    );
    expect(() => new JsonLineScanner(['é'])).toThrow('JsonLineScanner: key "é" is not plain ASCII');
    expect(() => new JsonLineScanner(['k'.repeat(65)])).toThrow(/is empty or too long$/);
    expect(() => new JsonLineScanner(Array.from({ length: 129 }, (_, n) => `k${n}`))).toThrow(
      'JsonLineScanner: more than 128 keys',
    );
  });
});
