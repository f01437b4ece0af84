// The split of a window of log bytes into lines, by a WebAssembly module with SIMD (compiled from
// wasm/line-split.ts): one call per window finds the line breaks and the text `llm.call` 16 bytes
// a step, counts the blank lines and the lines it can class alone, and notes the others.

import { LINE_SPLIT_WASM } from './line-split-wasm.js';
import { growTo, instantiate } from './wasm.js';

/** What the split's module exports (wasm/line-split.ts says what each is). */
interface SplitExports {
  readonly memory: WebAssembly.Memory;
  readonly NOTES: WebAssembly.Global;
  readonly MAX_NOTES: WebAssembly.Global;
  readonly WINDOW: WebAssembly.Global;
  readonly lines: WebAssembly.Global;
  readonly blankLines: WebAssembly.Global;
  readonly otherLines: WebAssembly.Global;
  readonly noted: WebAssembly.Global;
  split(length: number, from: number, strict: number, maxLineBytes: number): number;
}

/** The most bytes one call reads. */
export const WINDOW_BYTES = 1024 * 1024;
/** The room the split wants after the bytes: it writes zeros there, and reads past a candidate. */
const ROOM_AFTER_WINDOW = 64;

/** The splitter every line reader of this thread uses (a window is read within one call). */
let threadSplitter: LineSplitter | undefined;

/** What one `split` read: how many lines, how many blank or classed alone, how many noted. */
export interface SplitWindow {
  /** Where the bytes read end: past the last line break (`start` when there was none). */
  readonly end: number;
  readonly lines: number;
  readonly blankLines: number;
  /** Lines that are a JSON object's shape without the text `llm.call`. */
  readonly otherLines: number;
  readonly noted: number;
}

/**
 * Splits windows of bytes into lines: `split` reads the complete lines of a window, counts the
 * blank ones and those it classes alone, and hands on each other line: a line that mentions
 * `llm.call`, is not shaped as a JSON object (`{` to `}` inside blanks), is longer than
 * `maxLineBytes`, or, under `strict`, is not blank.
 *
 * @example
 * ```ts
 * const splitter = new LineSplitter();
 * const bytes = Buffer.from('{"a":1}\n\n{"event":"llm.call"}\n');
 * const options = { strict: false, maxLineBytes: 1e6 };
 * splitter.split(bytes, 0, bytes.length, options, (index, start, end, mentionsEvent) => {});
 * // noted: 2, 9, 30, true; returns { end: 31, lines: 3, blankLines: 1, otherLines: 1, noted: 1 }
 * ```
 */
export class LineSplitter {
  /**
   * This thread's splitter, made when first asked for: one for every reader (a splitter holds a
   * megabyte of memory, and `split` does its whole work within the call).
   */
  static ofThisThread(): LineSplitter {
    threadSplitter ??= new LineSplitter();
    return threadSplitter;
  }

  readonly #exports: SplitExports;
  readonly #bytes: Uint8Array;
  readonly #notes: Int32Array;
  readonly #window: number;
  readonly #maxNotes: number;
  #splitting = false;

  constructor() {
    const exports = instantiate<SplitExports>(LINE_SPLIT_WASM);
    this.#exports = exports;
    this.#window = exports.WINDOW.value;
    this.#maxNotes = exports.MAX_NOTES.value;
    growTo(exports.memory, this.#window + WINDOW_BYTES + ROOM_AFTER_WINDOW);
    this.#bytes = new Uint8Array(exports.memory.buffer);
    this.#notes = new Int32Array(
      exports.memory.buffer,
      exports.NOTES.value,
      exports.MAX_NOTES.value * 4,
    );
  }

  /**
   * Reads the complete lines of `bytes[start, end)` (at most `WINDOW_BYTES`), handing each line
   * it notes to `onNoted` in order: its index among the window's lines, where it starts and ends
   * (its line break) in `bytes`, whether it mentions `llm.call`.
   */
  split(
    bytes: Uint8Array,
    start: number,
    end: number,
    { strict, maxLineBytes }: { strict: boolean; maxLineBytes: number },
    onNoted: (index: number, start: number, end: number, mentionsEvent: boolean) => void,
  ): SplitWindow {
    if (this.#splitting) throw new Error('LineSplitter: split called again from a noted line');
    const length = end - start;
    if (length > WINDOW_BYTES) {
      throw new RangeError(`LineSplitter: ${length} bytes, over ${WINDOW_BYTES}`);
    }
    this.#bytes.set(new Uint8Array(bytes.buffer, bytes.byteOffset + start, length), this.#window);
    const exports = this.#exports;
    const notes = this.#notes;
    const counts = { end: start, lines: 0, blankLines: 0, otherLines: 0, noted: 0 };
    let from = 0;
    this.#splitting = true;
    try {
      for (;;) {
        const read = exports.split(length, from, strict ? 1 : 0, maxLineBytes);
        const noted = exports.noted.value;
        for (let at = 0; at < noted * 4; at += 4) {
          onNoted(
            counts.lines + (notes[at] as number),
            start + (notes[at + 1] as number),
            start + (notes[at + 2] as number),
            notes[at + 3] === 1,
          );
        }
        counts.lines += exports.lines.value;
        counts.blankLines += exports.blankLines.value;
        counts.otherLines += exports.otherLines.value;
        counts.noted += noted;
        counts.end = start + read;
        // the module stops early when its notes are full: read on from there
        if (noted < this.#maxNotes || read === from) return counts;
        from = read;
      }
    } finally {
      this.#splitting = false;
    }
  }
}
