import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../../src/cli/inputs.js';
import { Progress } from '../../../src/cli/progress.js';
import { InputReading } from '../../../src/cli/read/input-reading.js';
import { emptyStats } from '../../../src/cli/stats.js';
import type { EventFieldSelection } from '../../../src/graph/parse-log-line.js';
import type { LlmEvent } from '../../../src/index.js';
import { eventLine } from '../../helpers/llm-lines.js';

/** The worker as the bin uses it (`npm test` builds it first). */
const WORKER = new URL('../../../dist/cli/read-worker.js', import.meta.url);
const KEEP: EventFieldSelection = new Set(['parentRequestId', 'cost', 'section', 'toolCalls']);

const dir = mkdtempSync(join(tmpdir(), 'leanllm-input-reading-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** About 3 MB: lines of every length run across the 1 MB blocks of a stream; the last is cut. */
function log(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 6000; i++) {
    lines.push(
      eventLine({
        event_id: `e${i}`,
        correlation_id: `c${i % 31}`,
        section_path: `agent:${'计'.repeat(i % 7)}`,
        ...(i >= 31 && { parent_request_id: `e${i - 31}` }),
      }),
      `{"msg":"${'x'.repeat(i % 257)}"}`,
      i % 500 === 0 ? 'not json' : '',
    );
  }
  return Buffer.from(`${lines.join('\n')}\n${eventLine({ event_id: 'cut' }).slice(0, 30)}`);
}

/** Reads `files` (`-` for `stdin`) with `jobs` threads: the stats and the events, in order. */
async function readAll(files: string[], jobs: number, stdin?: Buffer) {
  const source = Object.assign(
    (async function* () {
      // stdin arrives in pipe-sized chunks
      for (let at = 0; stdin !== undefined && at < stdin.length; at += 65_536) {
        yield stdin.subarray(at, at + 65_536);
      }
    })(),
    { isTTY: false },
  );
  const inputs = await openInputs(files, source);
  const reading = await InputReading.start(
    inputs,
    { jobs, explicit: true, strict: false, keep: KEEP },
    WORKER,
  );
  const stats = emptyStats();
  const events: LlmEvent[] = [];
  const progress = new Progress({ write: () => {} }, Date.now);
  try {
    for (const input of inputs) {
      await reading.read(input, { stats, onEvent: (event) => events.push(event), progress });
    }
  } finally {
    await reading.close();
    await Promise.all(inputs.map((input) => input.close()));
  }
  return { stats, events };
}

describe('reading inputs with worker threads, in this process', () => {
  const bytes = log();
  const plain = join(dir, 'app.ndjson');
  writeFileSync(plain, bytes);
  const gz = join(dir, 'app.ndjson.gz');
  writeFileSync(gz, gzipSync(bytes));

  it('a plain file read by this thread and two workers: what one thread reads', async () => {
    const one = await readAll([plain], 1);
    expect(one.stats).toMatchObject({
      lines: 18_001,
      events: 6000,
      malformedLines: 12,
      blankLines: 5988,
      truncatedLines: 1,
    });
    expect(await readAll([plain], 3)).toStrictEqual(one);
  });

  it('gzip and stdin piped through a worker in blocks: what one thread reads', async () => {
    const one = await readAll([gz, '-'], 1, bytes);
    expect(one.events).toHaveLength(12_000);
    expect(one.stats.truncated).toEqual([
      { file: gz, line: 18_001 },
      { file: '<stdin>', line: 18_001 },
    ]);
    expect(await readAll([gz, '-'], 2, bytes)).toStrictEqual(one);
  });

  it('a stream whose worker cannot start fails the read with the reason', async () => {
    const inputs = await openInputs([gz], Object.assign((async function* () {})(), {}));
    const reading = await InputReading.start(
      inputs,
      { jobs: 2, explicit: true, strict: false, keep: KEEP },
      new URL('./no-such-read-worker.js', import.meta.url),
    );
    const target = {
      stats: emptyStats(),
      onEvent: () => {},
      progress: new Progress({ write: () => {} }, Date.now),
    };
    await expect(reading.read(inputs[0] as (typeof inputs)[0], target)).rejects.toThrow(
      /^a reading worker failed/,
    );
    await reading.close();
    await Promise.all(inputs.map((input) => input.close()));
  });
});
