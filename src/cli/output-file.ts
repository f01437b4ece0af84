import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/** `-o FILE`: the file the output goes to, as a text output that is closed at the end. */
export interface OutputFile {
  readonly stream: WriteStream;
  /** Flushes and closes the file; rejects when a write failed. */
  close(): Promise<void>;
}

/** Creates (or truncates) `path`; rejects with the system's message when it cannot. */
export async function openOutputFile(path: string): Promise<OutputFile> {
  const stream = createWriteStream(path);
  await once(stream, 'open');
  return {
    stream,
    async close() {
      stream.end();
      await once(stream, 'close');
    },
  };
}
