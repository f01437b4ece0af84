import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../src/cli/inputs.js';
import { parseLogLine } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { eventLine, plainLine } from '../helpers/llm-lines.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leanllm-logs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** The stats of a run, and the event ids of its graphs (in order). */
async function statsOf(argv: string[], stdin?: (string | Uint8Array)[]) {
  const result = await runCli(['-f', 'json', ...argv], stdin ? { stdin } : {});
  expect(result.stderr).toBe('');
  const { graphs, stats } = JSON.parse(result.stdout);
  const ids: string[] = [];
  const stack = graphs.flatMap((graph: { roots: unknown[] }) => graph.roots).reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    ids.push(node.eventId);
    stack.push(...[...node.children].reverse());
  }
  return { stats, ids };
}

const EMPTY = {
  lines: 0,
  events: 0,
  otherLines: 0,
  malformedLines: 0,
  blankLines: 0,
  truncatedLines: 0,
  oversizedLines: 0,
  malformed: [],
  truncated: [],
  duplicates: 0,
  orphans: 0,
  sampledOutParents: 0,
  cycles: 0,
  suspectUsage: 0,
  excludedEvents: 0,
  graphs: 0,
};

const e1 = eventLine({ event_id: 'e1' });
const e2 = eventLine({ event_id: 'e2', parent_request_id: 'e1', time: 1795428002000 });

describe('every line is accounted for', () => {
  it('malformed lines: not an object, an llm.call line that does not parse, with places', async () => {
    const path = file(
      'malformed.log',
      [
        e1,
        'plain text',
        '[1,2]',
        '{"event":"llm.call","event_id":"x" oops}',
        eventLine({ event_id: 'e9', latency_ms: 'slow' }),
        '{"msg":"llm.call mentioned" oops}',
        plainLine(),
        '',
      ].join('\n'),
    );
    const { stats, ids } = await statsOf([path]);
    expect(ids).toEqual(['e1']);
    expect(stats).toEqual({
      ...EMPTY,
      files: [path],
      lines: 7,
      events: 1,
      otherLines: 2,
      malformedLines: 4,
      malformed: [
        { file: path, line: 2, reason: 'not a JSON object' },
        { file: path, line: 3, reason: 'not a JSON object' },
        { file: path, line: 4, reason: expect.stringMatching(/^invalid JSON \(/) },
        { file: path, line: 5, reason: 'latency_ms: expected a non-negative number' },
      ],
      graphs: 1,
    });
  });

  it('lists the first 10 malformed lines and counts them all', async () => {
    const path = file(
      'many.log',
      `${Array.from({ length: 25 }, (_, i) => `junk ${i}`).join('\n')}\n`,
    );
    const { stats } = await statsOf([path]);
    expect(stats.malformedLines).toBe(25);
    expect(stats.malformed.map((m: { line: number }) => m.line)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('a truncated last line is counted as truncated, not malformed; a complete one without a break is read', async () => {
    const cut = file('cut.log', `${e1}\n${e2.slice(0, 80)}`);
    expect((await statsOf([cut])).stats).toEqual({
      ...EMPTY,
      files: [cut],
      lines: 2,
      events: 1,
      truncatedLines: 1,
      truncated: [{ file: cut, line: 2 }],
      graphs: 1,
    });
    const whole = file('whole.log', `${e1}\n${e2}`);
    const read = await statsOf([whole]);
    expect(read.ids).toEqual(['e1', 'e2']);
    expect(read.stats).toMatchObject({ lines: 2, events: 2, truncatedLines: 0 });
    const text = file('text-tail.log', `${e1}\nnot json`);
    expect((await statsOf([text])).stats).toMatchObject({
      lines: 2,
      malformedLines: 1,
      truncatedLines: 0,
    });
  });

  it('CRLF line endings, blank lines with spaces, and a UTF-8 BOM', async () => {
    const path = file('crlf.log', `\uFEFF${e1}\r\n  \r\n${plainLine()}\r\n${e2}\r\n\r\n`);
    const { stats, ids } = await statsOf([path]);
    expect(ids).toEqual(['e1', 'e2']);
    expect(stats).toEqual({
      ...EMPTY,
      files: [path],
      lines: 5,
      events: 2,
      otherLines: 1,
      blankLines: 2,
      graphs: 1,
    });
  });

  it('a BOM is ignored only at the start of an input', async () => {
    const path = file('bom-later.log', `${plainLine()}\n\uFEFF${plainLine()}\n`);
    const { stats } = await statsOf([path]);
    expect(stats).toMatchObject({ lines: 2, otherLines: 1, malformedLines: 1 });
  });

  it('gzip is recognised by its magic bytes, whatever the name; concatenated members are read', async () => {
    const plain = `${e1}\n${plainLine()}\n`;
    const gz = file('rotated.log', gzipSync(plain));
    const named = file('app.log.gz', Buffer.concat([gzipSync(`${e1}\n`), gzipSync(`${e2}\n`)]));
    const notGz = file('looks.gz', plain);
    expect(await statsOf([gz])).toEqual({
      ids: ['e1'],
      stats: { ...EMPTY, files: [gz], lines: 2, events: 1, otherLines: 1, graphs: 1 },
    });
    expect((await statsOf([named])).ids).toEqual(['e1', 'e2']);
    expect((await statsOf([notGz])).stats).toMatchObject({ lines: 2, events: 1 });
  });

  it('a corrupt gzip input is an unreadable input: exit 2 with a clear message', async () => {
    const broken = file('broken.gz', gzipSync(`${e1}\n`.repeat(50)).subarray(0, 40));
    const result = await runCli([broken]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^leanllm-logs: cannot read ${broken.replace(/[.]/g, '\\.')}: gzip data is corrupt or cut short \\(.+\\)\\n$`,
      ),
    );
  });

  it('several files at once: one account, line numbers per file, graphs across files', async () => {
    const a = file('service-a.log', `${e1}\nbad\n`);
    const b = file('service-b.log', `${plainLine()}\n${e2}\nworse`);
    const { stats, ids } = await statsOf([a, b]);
    expect(ids).toEqual(['e1', 'e2']);
    expect(stats).toEqual({
      ...EMPTY,
      files: [a, b],
      lines: 5,
      events: 2,
      otherLines: 1,
      malformedLines: 2,
      malformed: [
        { file: a, line: 2, reason: 'not a JSON object' },
        { file: b, line: 3, reason: 'not a JSON object' },
      ],
      graphs: 1,
    });
  });

  it('stdin, with no file or with -, alone or between files; chunks split anywhere', async () => {
    const text = `${e1}\n${plainLine()}\n${e2}\n`;
    const bytes = Buffer.from(text);
    const oneByteChunks = [...bytes].map((byte) => Uint8Array.of(byte));
    for (const stdin of [[text], oneByteChunks, [gzipSync(text)]]) {
      const { stats, ids } = await statsOf([], stdin);
      expect(ids).toEqual(['e1', 'e2']);
      expect(stats).toEqual({
        ...EMPTY,
        files: ['<stdin>'],
        lines: 3,
        events: 2,
        otherLines: 1,
        graphs: 1,
      });
    }
    const a = file('before.log', `${plainLine()}\n`);
    const { stats } = await statsOf([a, '-'], [text]);
    expect(stats).toMatchObject({ files: [a, '<stdin>'], lines: 4, events: 2, otherLines: 2 });
    expect((await statsOf([], [])).stats).toEqual({ ...EMPTY, files: ['<stdin>'] });
  });

  it('a line over 16 MiB is counted as oversized and skipped, without a crash', async () => {
    const huge = eventLine({ event_id: 'huge', prompt: 'x'.repeat(17 * 1024 * 1024) });
    const path = file('huge.log', `${e1}\n${huge}\n${e2}\n`);
    const { stats, ids } = await statsOf([path]);
    expect(ids).toEqual(['e1', 'e2']);
    expect(stats).toMatchObject({ lines: 3, events: 2, oversizedLines: 1 });
    const inOneChunk = await statsOf([], [`${huge}\n${e1}\n`]);
    expect(inOneChunk.stats).toMatchObject({ lines: 2, events: 1, oversizedLines: 1 });
    const last = await statsOf([], [`${e1}\n`, huge]);
    expect(last.stats).toMatchObject({ lines: 2, events: 1, oversizedLines: 1, truncatedLines: 0 });
  });

  it('duplicates, orphans and cycles are counted', async () => {
    const lines = [
      eventLine({ event_id: 'a' }),
      eventLine({ event_id: 'a' }),
      eventLine({ event_id: 'o', parent_request_id: 'elsewhere' }),
      eventLine({ event_id: 'x', parent_request_id: 'y' }),
      eventLine({ event_id: 'y', parent_request_id: 'x' }),
      eventLine({ event_id: 'c', correlation_id: 'other', parent_request_id: 'a' }),
    ];
    const { stats } = await statsOf([], [`${lines.join('\n')}\n`]);
    expect(stats).toMatchObject({ events: 6, duplicates: 1, orphans: 2, cycles: 1, graphs: 2 });
  });
});

/** A random log line, and what it must count as. */
const randomLine = fc.oneof(
  fc.constant([eventLine({ event_id: 'r' }), 'events'] as const),
  fc.constant([plainLine('hello llm.call'), 'otherLines'] as const),
  fc.constant([plainLine(), 'otherLines'] as const),
  fc.constant(['  ', 'blankLines'] as const),
  fc.constant(['', 'blankLines'] as const),
  fc
    .string({ maxLength: 30 })
    .map((text) => [`x${text.replace(/[\r\n]/g, '')}`, 'malformedLines'] as const),
  fc.constant([eventLine({ event_id: 'bad', time: 'never' }), 'malformedLines'] as const),
);

describe('accounting properties', () => {
  it('lines = events + other + malformed + blank, however the input is chunked, and agrees with parseLogLine', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(randomLine, { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (lines, cuts, crlf) => {
          const text = lines.map(([line]) => `${line}${crlf ? '\r\n' : '\n'}`).join('');
          const bytes = Buffer.from(text);
          const chunks: Uint8Array[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = cuts[i % cuts.length] as number;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const { stats } = await statsOf([], chunks);
          const expected = { events: 0, otherLines: 0, malformedLines: 0, blankLines: 0 };
          for (const [line, kind] of lines) {
            expected[kind]++;
            expect(parseLogLine(line) !== undefined).toBe(kind === 'events');
          }
          expect(stats).toMatchObject({
            ...expected,
            lines: lines.length,
            truncatedLines: 0,
            oversizedLines: 0,
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('reading a file in chunks', () => {
  const bytes = Buffer.alloc(2.5 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 12)) & 0xff;

  it('gives every byte in order, each chunk read ahead while the last is worked on', async () => {
    const [input] = await openInputs([file('chunks.bin', bytes)], { isTTY: false } as never);
    const seen: Buffer[] = [];
    for await (const chunk of input?.chunks() ?? []) seen.push(Buffer.from(chunk)); // a chunk is valid until the next
    await input?.close();
    expect(seen.map((chunk) => chunk.length)).toEqual([1024 * 1024, 1024 * 1024, 512 * 1024]);
    expect(Buffer.concat(seen).equals(bytes)).toBe(true);
  });

  it('a reader that stops after the first chunk can close the file at once', async () => {
    const [input] = await openInputs([file('chunks-stop.bin', bytes)], { isTTY: false } as never);
    for await (const chunk of input?.chunks() ?? []) {
      expect(chunk.subarray(0, 4)).toEqual(bytes.subarray(0, 4));
      break;
    }
    await expect(input?.close()).resolves.toBeUndefined();
  });
});
