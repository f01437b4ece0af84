import type { LineFieldName } from '../../fields/line-fields.js';
import { accountRange } from './account-range.js';
import type { WorkerPool } from './pool.js';
import type { ReadingTarget, RecordingPlan } from './reading-target.js';
import { RecordReader } from './records.js';
import type { BlockResult, TaskAnswer } from './task.js';

/** A stream goes to its worker in blocks of this many bytes. */
const BLOCK_BYTES = 1024 * 1024;
/** Blocks sent and not answered yet, at most: memory stays flat however long the stream. */
const BLOCKS_IN_FLIGHT = 16;

/**
 * Reads a stream that cannot be split (stdin, gzip) as a pipeline: this thread takes its chunks
 * (gunzip itself runs on libuv's thread pool) and copies them into blocks, one worker (`pool`,
 * of one) splits and parses the blocks in order, and this thread turns each block's records into
 * events as they come back. The counts and line numbers are the worker's, for the whole stream.
 *
 * @example
 * ```ts
 * await readStream(pool, input.name, input.chunks(), { stats, onEvent, progress }, plan);
 * ```
 */
export async function readStream(
  pool: WorkerPool,
  name: string,
  chunks: AsyncIterable<Buffer>,
  { stats, onEvent, progress }: ReadingTarget,
  { options, layout }: RecordingPlan,
): Promise<void> {
  const records = new RecordReader(layout);
  const keep = [...options.keep] as LineFieldName[];
  const pending: Promise<TaskAnswer<BlockResult>>[] = [];
  let block = Buffer.allocUnsafeSlow(BLOCK_BYTES); // never pooled: it is transferred
  let filled = 0;
  let bytes = 0;
  const send = (last: boolean) => {
    const bytesOfBlock = new Uint8Array(block.buffer, 0, filled);
    const answer = pool.run<BlockResult>(
      { kind: 'block', strict: options.strict, keep, bytes: bytesOfBlock, last },
      [block.buffer as ArrayBuffer],
    );
    answer.catch(() => {}); // awaited in turn below
    pending.push(answer);
    block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
    filled = 0;
  };
  const settle = async () => {
    const answer = (await pending.shift()) as TaskAnswer<BlockResult>;
    if (!answer.ok) throw new Error(answer.message);
    records.read(answer.records, onEvent);
    if (answer.reading !== undefined) accountRange(stats, name, 0, answer.reading);
    progress.update(name, bytes, answer.lines, answer.events);
  };
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      const taken = Math.min(chunk.length - at, BLOCK_BYTES - filled);
      chunk.copy(block, filled, at, at + taken);
      filled += taken;
      at += taken;
      if (filled === BLOCK_BYTES) {
        send(false);
        if (pending.length >= BLOCKS_IN_FLIGHT) await settle();
      }
    }
    bytes += chunk.length;
  }
  send(true);
  while (pending.length > 0) await settle();
}
