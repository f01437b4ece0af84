import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineReader } from '../../../src/cli/line-reader.js';
import { accountRange } from '../../../src/cli/read/account-range.js';
import { cutFile } from '../../../src/cli/read/input-reading.js';
import { RecordLayout, RecordReader } from '../../../src/cli/read/records.js';
import { type ByteRange, type ReadAt, scanRange } from '../../../src/cli/read/scan-range.js';
import { emptyStats, type RunStats } from '../../../src/cli/stats.js';
import type { LlmEvent } from '../../../src/graph/index.js';
import type { EventFieldSelection } from '../../../src/graph/parse-log-line.js';
import { eventLine, plainLine } from '../../helpers/llm-lines.js';

const FILE = 'app.log';

/** What one thread reading the whole input makes of it: the stats and the events, in order. */
function readWhole(bytes: Buffer, strict: boolean, keep: EventFieldSelection) {
  const stats = emptyStats();
  stats.files = [FILE];
  const events: LlmEvent[] = [];
  const reader = new LineReader(FILE, stats, (event) => events.push(event), { strict, keep });
  reader.push(bytes);
  reader.end();
  return { stats, events };
}

/** The same input cut into `ranges`, each read on its own and merged as the workers' answers are. */
function readInRanges(
  bytes: Buffer,
  ranges: readonly ByteRange[],
  strict: boolean,
  keep: EventFieldSelection,
  readBytes: number,
) {
  const readAt: ReadAt = (buffer, position) =>
    bytes.copy(buffer, 0, position, Math.min(bytes.length, position + readBytes));
  const stats: RunStats = emptyStats();
  stats.files = [FILE];
  const events: LlmEvent[] = [];
  const layout = new RecordLayout(keep);
  let lines = 0;
  for (const range of ranges) {
    const reading = scanRange(readAt, range, { strict, keep }, layout);
    accountRange(stats, FILE, lines, reading);
    lines += reading.lines;
    new RecordReader(layout).read(reading.records, (event) => events.push(event));
  }
  return { stats, events };
}

/** Consecutive ranges covering `[0, size)` with cuts at `cuts` (any byte, in any order). */
function rangesCutAt(size: number, cuts: readonly number[]): ByteRange[] {
  const points = [...new Set([0, ...cuts.filter((cut) => cut > 0 && cut < size), size])].sort(
    (a, b) => a - b,
  );
  return points.slice(1).map((end, index) => ({ start: points[index] as number, end }));
}

const GRAPH: EventFieldSelection = new Set([
  'parentRequestId',
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cost',
  'section',
  'toolCalls',
]);
const EVERY: EventFieldSelection = new Set([
  ...GRAPH,
  'responseModel',
  'error',
  'stream',
  'tags',
  'sessionId',
  'userId',
  'feature',
  'environment',
  'samplingIteration',
  'ttftMs',
  'prompt',
]);

/** One line of a log (without its break): events, ordinary lines, malformed and blank ones. */
const logLine: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      parent: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
      section: fc.constantFrom(
        'agent:é',
        'step:计划',
        'tool:🔎/fetch',
        'lone \ud800 surrogate',
        undefined,
      ),
      tokens: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
      tools: fc.boolean(),
      status: fc.constantFrom('ok', 'error'),
      tags: fc.option(
        fc.dictionary(fc.constantFrom('tier', 'région'), fc.string({ minLength: 1 })),
      ),
      stream: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map((call) =>
      eventLine({
        event_id: call.id,
        correlation_id: call.id.length % 2 === 0 ? 'corr-é' : 'corr-2',
        parent_request_id: call.parent,
        section_path: call.section,
        input_tokens: call.tokens,
        tool_calls: call.tools ? [{ id: 't1', name: 'search', arguments: '{"q":"ü"}' }] : [],
        status: call.status,
        ...(call.status === 'error' && { error: { type: 'RateLimit', message: 'слишком' } }),
        tags: call.tags ?? undefined,
        stream: call.stream,
      }),
    ),
  fc.string({ maxLength: 30 }).map((msg) => plainLine(`ünïcödé ${msg} 😀`)),
  fc.constantFrom(
    '',
    '   ',
    '\t',
    'not json ✗',
    '{"event":"llm.call","broken":',
    '[1,2]',
    '\uFEFF{"msg":"a BOM inside the file"}',
  ),
  fc.integer({ min: 1, max: 200 }).map((cut) => eventLine().slice(0, cut)),
  fc.constant('{"event":"llm.call","event_id":"x"}'),
);

/** A log: lines joined by LF or CRLF, maybe a BOM first, maybe no break after the last line. */
const log: fc.Arbitrary<Buffer> = fc
  .record({
    lines: fc.array(logLine, { maxLength: 30 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    ended: fc.boolean(),
  })
  .map(({ lines, crlf, bom, ended }) => {
    const text = lines.join(crlf ? '\r\n' : '\n') + (ended && lines.length > 0 ? '\n' : '');
    return Buffer.concat([Buffer.from(bom ? '\uFEFF' : ''), Buffer.from(text)]);
  });

describe('reading a file by byte ranges', () => {
  it('gives the whole file’s stats and events, in order, wherever the cuts fall', () => {
    fc.assert(
      fc.property(
        log,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom(GRAPH, EVERY),
        fc.integer({ min: 1, max: 64 }),
        (bytes, fractions, strict, keep, readBytes) => {
          const cuts = fractions.map((fraction) => Math.floor(fraction * bytes.length));
          const ranges = rangesCutAt(bytes.length, cuts);
          expect(readInRanges(bytes, ranges, strict, keep, readBytes)).toStrictEqual(
            readWhole(bytes, strict, keep),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cut at every byte: inside a line, inside a multi-byte character, at a line break', () => {
    const lines = [
      eventLine({ event_id: 'é-1', section_path: 'agent:计划' }),
      plainLine('😀 ünïcödé'),
      'not json ✗',
      '',
      eventLine({
        event_id: 'é-2',
        parent_request_id: 'é-1',
        tool_calls: [{ id: 't', name: 'n', arguments: '"🔎"' }],
      }),
      '{"event":"llm.call","event_id":"broken"',
    ];
    const bytes = Buffer.from(`\uFEFF${lines.join('\n')}`);
    const whole = readWhole(bytes, false, EVERY);
    expect(whole.stats).toMatchObject({
      lines: 6,
      events: 2,
      otherLines: 1,
      malformedLines: 1,
      blankLines: 1,
      truncatedLines: 1,
    });
    const insideCharacter = bytes.indexOf('😀') + 2;
    for (let cut = 0; cut <= bytes.length; cut++) {
      const ranges = rangesCutAt(bytes.length, [cut, insideCharacter]);
      expect(readInRanges(bytes, ranges, false, EVERY, 7)).toStrictEqual(whole);
    }
  });

  it('cuts a file into a smaller first range for the main thread and pieces for the workers, none empty', () => {
    // two threads: the main thread also takes every range into the call table, so it reads 47.5%
    expect(cutFile(100, 2)).toEqual({
      here: { start: 0, end: 47 },
      pieces: [{ start: 47, end: 100 }],
    });
    // pieces of at most pieceBytes, at least one per worker
    expect(cutFile(100, 3, 20)).toEqual({
      here: { start: 0, end: 30 },
      pieces: [
        { start: 30, end: 47 },
        { start: 47, end: 65 },
        { start: 65, end: 82 },
        { start: 82, end: 100 },
      ],
    });
    // many threads: the main thread reads nothing itself (21 threads and more)
    expect(cutFile(10, 21)).toEqual({
      here: undefined,
      pieces: Array.from({ length: 10 }, (_, start) => ({ start, end: start + 1 })),
    });
    // never an empty piece, however few the bytes
    expect(cutFile(2, 4)).toEqual({
      here: undefined,
      pieces: [
        { start: 0, end: 1 },
        { start: 1, end: 2 },
      ],
    });
  });
});
