import type { ReadingTarget, RecordingPlan } from './reading-target.js';
import { BATCH_EVENTS, RecordingLineReader } from './recording-line-reader.js';
import { RecordReader } from './records.js';

/**
 * Reads one input on this thread: its chunks through a recording line reader, the records handed
 * on as events every few thousand (so they never pile up), the progress line kept up.
 *
 * @example
 * ```ts
 * await readHere(input.name, input.chunks(), { stats, onEvent, progress }, plan);
 * ```
 */
export async function readHere(
  name: string,
  chunks: AsyncIterable<Buffer>,
  { stats, onEvent, progress }: ReadingTarget,
  { options, layout }: RecordingPlan,
): Promise<void> {
  const reader = new RecordingLineReader(name, stats, options, layout);
  const records = new RecordReader(layout);
  let bytes = 0;
  for await (const chunk of chunks) {
    reader.push(chunk);
    if (reader.pending >= BATCH_EVENTS) records.read(reader.lendBatch(), onEvent);
    bytes += chunk.length;
    progress.update(name, bytes, reader.lines, stats.events);
  }
  reader.end();
  records.read(reader.lendBatch(), onEvent);
}
