import { type FileHandle, open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a followed file yields: bytes, or news that the file was replaced or cut short. */
export type TailChunk = Buffer | 'rotated' | 'truncated';

const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Follows a file as `tail -F` does: reads it from the start, then keeps reading what is
 * appended, checking every `pollMs` when there is nothing new. When the name comes to point at
 * another file (rotation: renamed away and created again), the rest of the old file is read,
 * then `'rotated'`, then the new file from its start; when the file gets shorter than what was
 * read (truncation, `> app.log`), `'truncated'`, then it is read again from the start. A name
 * missing for a while (between the rename and the new file) is waited for. Ends when `signal`
 * aborts. Chunks are valid until the next one is asked for.
 *
 * @example
 * ```ts
 * for await (const chunk of tailFile('app.log', handle, 250, signal)) {
 *   if (typeof chunk !== 'string') reader.push(chunk);
 * }
 * ```
 */
export async function* tailFile(
  path: string,
  first: FileHandle,
  pollMs: number,
  signal: AbortSignal,
): AsyncGenerator<TailChunk> {
  const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  let handle = first;
  let position = 0;
  try {
    while (!signal.aborted) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead > 0) {
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
        continue;
      }
      const [now, mine] = await Promise.all([stat(path).catch(() => undefined), handle.stat()]);
      if (now !== undefined && (now.ino !== mine.ino || now.dev !== mine.dev)) {
        const next = await open(path, 'r').catch(() => undefined);
        if (next !== undefined) {
          // what reached the old file before the new one appeared is still read
          for (;;) {
            const rest = await handle.read(buffer, 0, buffer.length, position);
            if (rest.bytesRead === 0) break;
            position += rest.bytesRead;
            yield buffer.subarray(0, rest.bytesRead);
          }
          await handle.close();
          handle = next;
          position = 0;
          yield 'rotated';
          continue;
        }
      } else if (now !== undefined && now.size < position) {
        position = 0;
        yield 'truncated';
        continue;
      }
      await sleep(pollMs, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
