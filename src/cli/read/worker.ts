import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { EventFieldSelection } from '../../graph/parse-log-line.js';
import { emptyStats, type RunStats } from '../stats.js';
import { RecordingLineReader } from './recording-line-reader.js';
import { RecordLayout, transferables } from './records.js';
import { rangeReading, scanRange } from './scan-range.js';
import type {
  BlockResult,
  BlockTask,
  RangeResult,
  RangeTask,
  ReadTask,
  TaskAnswer,
} from './task.js';

// A reading worker of leanllm-logs (built as dist/cli/read-worker.js): reads the byte ranges of
// files, or the blocks of one stream in order, and answers each with its counts and its events as
// compact records.

interface Reply<Result> {
  readonly answer: TaskAnswer<Result>;
  readonly transfer: ArrayBuffer[];
}

const failed = (error: unknown): Reply<never> => ({
  answer: { ok: false, message: (error as Error).message },
  transfer: [],
});

function readRange(task: RangeTask): Reply<RangeResult> {
  const keep = new Set(task.keep) as EventFieldSelection;
  let fd: number | undefined;
  try {
    fd = openSync(task.file, 'r');
    const descriptor = fd;
    const reading = scanRange(
      (buffer, position) => readSync(descriptor, buffer, 0, buffer.length, position),
      task,
      { strict: task.strict, keep },
      new RecordLayout(keep),
    );
    return {
      answer: { ok: true, kind: 'range', reading },
      transfer: transferables(reading.records),
    };
  } catch (error) {
    return failed(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The stream being read, from its first block to its last. */
let stream: { readonly reader: RecordingLineReader; readonly stats: RunStats } | undefined;

function readBlock(task: BlockTask): Reply<BlockResult> {
  try {
    if (stream === undefined) {
      const keep = new Set(task.keep) as EventFieldSelection;
      const stats = emptyStats();
      const options = { strict: task.strict, keep };
      stream = {
        stats,
        reader: new RecordingLineReader('', stats, options, new RecordLayout(keep)),
      };
    }
    const { reader, stats } = stream;
    reader.push(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength));
    if (task.last) {
      reader.end();
      stream = undefined;
    }
    const records = reader.takeBatch();
    const result: BlockResult = {
      kind: 'block',
      records,
      lines: stats.lines,
      events: stats.events,
      reading: task.last ? rangeReading(stats, records) : undefined,
    };
    return { answer: { ok: true, ...result }, transfer: transferables(records) };
  } catch (error) {
    stream = undefined;
    return failed(error);
  }
}

parentPort?.on('message', (task: ReadTask) => {
  const { answer, transfer } = task.kind === 'range' ? readRange(task) : readBlock(task);
  parentPort?.postMessage(answer, transfer);
});
