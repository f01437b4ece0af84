import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineReader } from '../../src/cli/line-reader.js';
import { LineSplitter, WINDOW_BYTES } from '../../src/cli/line-split.js';
import { emptyStats } from '../../src/cli/stats.js';
import type { LlmEvent } from '../../src/graph/index.js';
import { eventLine, plainLine } from '../helpers/llm-lines.js';

type Note = [index: number, start: number, end: number, mentionsEvent: boolean];

/** What the split must make of `bytes[start, end)`, read line by line in plain JavaScript. */
function expected(
  bytes: Buffer,
  start: number,
  end: number,
  strict: boolean,
  maxLineBytes: number,
) {
  const notes: Note[] = [];
  let lines = 0;
  let blankLines = 0;
  let otherLines = 0;
  let lineStart = start;
  for (let at = start; at < end; at++) {
    if (bytes[at] !== 0x0a) continue;
    const text = bytes.toString('latin1', lineStart, at);
    const trimmed = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    const mentionsEvent = text.includes('llm.call');
    const index = lines++;
    if (at - lineStart <= maxLineBytes && trimmed === '') blankLines++;
    else if (
      at - lineStart <= maxLineBytes &&
      !mentionsEvent &&
      !strict &&
      trimmed.startsWith('{') &&
      trimmed.endsWith('}')
    ) {
      otherLines++;
    } else notes.push([index, lineStart, at, mentionsEvent]);
    lineStart = at + 1;
  }
  return { counts: { end: lineStart, lines, blankLines, otherLines, noted: notes.length }, notes };
}

function split(bytes: Buffer, start: number, end: number, strict: boolean, maxLineBytes: number) {
  const notes: Note[] = [];
  const counts = new LineSplitter().split(bytes, start, end, { strict, maxLineBytes }, (...note) =>
    notes.push(note),
  );
  return { counts, notes };
}

/** Lines made of pieces that matter to the split: braces, blanks, the needle and near misses. */
const piece = fc.constantFrom(
  '{',
  '}',
  ' ',
  '\t',
  '\r',
  '\n',
  'llm.call',
  'llm.cal',
  'lm.call',
  'l',
  'll',
  '"a":1',
  'é',
  'x'.repeat(17),
);
const input = fc.array(piece, { maxLength: 120 }).map((pieces) => Buffer.from(pieces.join('')));

describe('the line split', () => {
  it('counts and notes the lines a plain reading counts and notes', () => {
    fc.assert(
      fc.property(
        input,
        fc.nat(20),
        fc.nat(20),
        fc.boolean(),
        fc.integer({ min: 1, max: 80 }),
        (bytes, cutStart, cutEnd, strict, maxLineBytes) => {
          const start = Math.min(cutStart, bytes.length);
          const end = Math.max(start, bytes.length - cutEnd);
          expect(split(bytes, start, end, strict, maxLineBytes)).toEqual(
            expected(bytes, start, end, strict, maxLineBytes),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads on when more lines are noted than one call holds', () => {
    const bytes = Buffer.from('{}\n'.repeat(10_000));
    const result = split(bytes, 0, bytes.length, true, 100);
    expect(result.counts).toEqual({
      end: 30_000,
      lines: 10_000,
      blankLines: 0,
      otherLines: 0,
      noted: 10_000,
    });
    expect(result.notes[9_999]).toEqual([9_999, 29_997, 29_999, false]);
  });

  it('refuses to split again from a line it notes (its notes would be overwritten)', () => {
    const splitter = new LineSplitter();
    const bytes = Buffer.from('not json\n');
    const options = { strict: false, maxLineBytes: 100 };
    expect(() =>
      splitter.split(bytes, 0, bytes.length, options, () => {
        splitter.split(bytes, 0, bytes.length, options, () => {});
      }),
    ).toThrow('LineSplitter: split called again from a noted line');
    expect(splitter.split(bytes, 0, bytes.length, options, () => {}).noted).toBe(1);
  });

  it('refuses a window over WINDOW_BYTES', () => {
    const bytes = Buffer.alloc(WINDOW_BYTES + 1);
    expect(() => split(bytes, 0, bytes.length, false, 100)).toThrow(
      `LineSplitter: ${WINDOW_BYTES + 1} bytes, over ${WINDOW_BYTES}`,
    );
  });

  it('a line reader reads a line longer than a window, among others, in one chunk', () => {
    const long = plainLine('y'.repeat(WINDOW_BYTES + 100));
    const lines = [eventLine({ event_id: 'a' }), long, '', eventLine({ event_id: 'b' }), '{"x":1}'];
    const text = [...lines, 'oops', ''].join('\n');
    const stats = emptyStats();
    const events: LlmEvent[] = [];
    const reader = new LineReader('app.log', stats, (event) => events.push(event), {
      strict: false,
      keep: new Set(),
    });
    reader.push(Buffer.from(text));
    reader.end();
    expect(events.map((event) => event.eventId)).toEqual(['a', 'b']);
    expect(stats).toMatchObject({
      lines: 6,
      events: 2,
      otherLines: 2,
      blankLines: 1,
      malformedLines: 1,
    });
    expect(stats.malformed).toEqual([{ file: 'app.log', line: 6, reason: 'not a JSON object' }]);
  });
});
