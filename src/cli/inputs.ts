import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { StdinSource } from './io.js';
import { UsageError } from './usage-error.js';

/** The name standard input goes by in messages and stats. */
export const STDIN_NAME = '<stdin>';

const READ_CHUNK_BYTES = 1024 * 1024;
const GUNZIP_CHUNK_BYTES = 256 * 1024;

/** One input, opened: a name and its bytes (decompressed when they were gzip). */
export interface Input {
  readonly name: string;
  chunks(): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

const describe = (error: NodeJS.ErrnoException) =>
  ({
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    EMFILE: 'too many open files',
  })[error.code ?? ''] ?? error.message;

/**
 * Opens every file named (or stdin for `-`), before any is read, so an unreadable one is a
 * usage error and nothing is printed. A directory is refused.
 */
export async function openInputs(files: readonly string[], stdin: StdinSource): Promise<Input[]> {
  const inputs: Input[] = [];
  try {
    for (const file of files) {
      if (file === '-') {
        inputs.push(stdinInput(stdin));
        continue;
      }
      let handle: FileHandle;
      try {
        handle = await open(file, 'r');
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${describe(error as NodeJS.ErrnoException)}`);
      }
      inputs.push(fileInput(file, handle));
      if ((await handle.stat()).isDirectory())
        throw new UsageError(`cannot read ${file}: is a directory`);
    }
  } catch (error) {
    await Promise.all(inputs.map((input) => input.close()));
    throw error;
  }
  return inputs;
}

function fileInput(name: string, handle: FileHandle): Input {
  return {
    name,
    chunks: () => gunzipIfCompressed(readInto(handle)),
    close: () => handle.close(),
  };
}

/**
 * The file's bytes through two reused buffers, the next chunk read while the caller works on
 * this one (the read runs on libuv's thread pool): each chunk is valid until the next is asked
 * for (the line reader copies what it keeps), so reading allocates nothing per chunk and the
 * caller does not wait for the disk between chunks.
 */
async function* readInto(handle: FileHandle): AsyncGenerator<Buffer> {
  const buffers = [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)];
  const readNext = (buffer: Buffer) => handle.read(buffer, 0, buffer.length, null);
  let turn = 0;
  let next: Promise<{ bytesRead: number }> | undefined = readNext(buffers[turn] as Buffer);
  try {
    for (;;) {
      const { bytesRead } = await next;
      next = undefined;
      if (bytesRead === 0) return;
      const current = buffers[turn] as Buffer;
      turn ^= 1;
      next = readNext(buffers[turn] as Buffer);
      yield current.subarray(0, bytesRead);
    }
  } finally {
    // a caller that stops early: the read ahead ends before the file can be closed
    await next?.catch(() => undefined);
  }
}

function stdinInput(stdin: StdinSource): Input {
  return {
    name: STDIN_NAME,
    chunks: () => gunzipIfCompressed(asBuffers(stdin)),
    close: async () => {},
  };
}

async function* copies(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield Buffer.from(chunk);
}

async function* asBuffers(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    yield typeof chunk === 'string'
      ? Buffer.from(chunk)
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** gzip data starts with the bytes 1f 8b: the input is recognised by them, not by its name. */
export const isGzip = (head: Buffer) => head[0] === 0x1f && head[1] === 0x8b;

/**
 * Passes the bytes through, or through gunzip when they start with the gzip magic bytes (several
 * gzip members one after the other, as `cat a.gz b.gz` makes, are read in turn). A chunk may be
 * a view of a buffer the source reuses: what is held on to here is copied.
 */
async function* gunzipIfCompressed(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) {
      if (head.length > 0) yield head;
      return;
    }
    head = Buffer.concat([head, next.value]);
  }
  const rest = (async function* () {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  })();
  if (!isGzip(head)) {
    yield* rest;
    return;
  }
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  const compressed = Readable.from(copies(rest));
  compressed.on('error', (error) => gunzip.destroy(error));
  compressed.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    throw new Error(`gzip data is corrupt or cut short (${(error as Error).message})`);
  } finally {
    compressed.destroy();
  }
}
