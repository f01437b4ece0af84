import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { EventFieldSelection } from '../../graph/parse-log-line.js';
import { RecordLayout, transferables } from './records.js';
import { scanRange } from './scan-range.js';
import type { RangeAnswer, RangeTask } from './task.js';

// A reading worker of leanllm-logs (built as dist/cli/read-worker.js): reads the byte ranges it
// is given and answers each with the range's counts and its events as compact records.
function answer(task: RangeTask): { answer: RangeAnswer; transfer: ArrayBuffer[] } {
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
    return { answer: { ok: true, reading }, transfer: transferables(reading.records) };
  } catch (error) {
    return { answer: { ok: false, message: (error as Error).message }, transfer: [] };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

parentPort?.on('message', (task: RangeTask) => {
  const { answer: reply, transfer } = answer(task);
  parentPort?.postMessage(reply, transfer);
});
