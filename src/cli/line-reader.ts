import type { LlmEvent } from '../events/schema.js';
import { LLM_CALL_EVENT } from '../fields/event-fields.js';
import {
  type EventFieldSelection,
  type LogLineReading,
  readLogLine,
  readLogObject,
} from '../graph/parse-log-line.js';
import { isJsonBlank } from '../util/json-blank.js';
import { NOT_JSON, parseJson } from '../util/parse-json.js';
import { LineSplitter, WINDOW_BYTES } from './line-split.js';
import { MALFORMED_LISTED, type RunStats } from './stats.js';

/** Lines longer than this are counted as oversized and never parsed (memory stays bounded). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const NEWLINE = 0x0a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const NEEDLE = Buffer.from(LLM_CALL_EVENT);
const BOM = [0xef, 0xbb, 0xbf] as const;

/** Options of a `LineReader`. */
export interface LineReaderOptions {
  /** Parse every line, and count one that is not JSON as malformed. */
  readonly strict: boolean;
  /** The optional event fields to keep (what the output needs). */
  readonly keep: EventFieldSelection;
  /** The bytes start past the input's first line (a byte range of a file): no BOM is looked for. */
  readonly midInput?: boolean;
  /**
   * Reads an event line from its bytes (trimmed to its braces) when it can, and says whether it
   * did; a line it leaves is decoded, parsed and handed to `onEvent`.
   */
  readonly readBytes?: (bytes: Buffer, start: number, end: number) => boolean;
}

/**
 * Splits one input's bytes into lines and accounts for each in `stats`, handing every `llm.call`
 * event to `onEvent`. Works on bytes: a line is decoded and parsed only when the text `llm.call`
 * occurs in it (or with `strict`). The lines of a chunk are split a window at a time by a
 * `LineSplitter` (WebAssembly), which counts the blank lines and the JSON-object-shaped lines
 * without `llm.call` itself; this class reads the lines it notes. A line split across chunks is
 * joined; one longer than `MAX_LINE_BYTES` is skipped as it streams by. CRLF endings and a UTF-8
 * BOM at the start of the input are ignored.
 */
export class LineReader {
  readonly #file: string;
  readonly #stats: RunStats;
  readonly #onEvent: (event: LlmEvent) => void;
  readonly #options: LineReaderOptions;
  #lineNumber = 0;
  /** The start of a line whose end has not arrived yet. */
  #held: Buffer[] = [];
  #heldBytes = 0;
  #oversized = false;

  constructor(
    file: string,
    stats: RunStats,
    onEvent: (event: LlmEvent) => void,
    options: LineReaderOptions,
  ) {
    this.#file = file;
    this.#stats = stats;
    this.#onEvent = onEvent;
    this.#options = options;
  }

  /** The number of lines read so far. */
  get lines(): number {
    return this.#lineNumber;
  }

  /** Reads the next chunk of the input. */
  push(chunk: Buffer): void {
    let position = 0;
    if (this.#heldBytes > 0 || this.#oversized) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.#hold(chunk);
        return;
      }
      this.#hold(chunk.subarray(0, newline));
      this.#releaseHeld(true);
      position = newline + 1;
    }
    // the input's first line may start with a BOM: read here, as a line too long for a window is
    if (this.#lineNumber === 0 && this.#options.midInput !== true) {
      position = this.#readLineAt(chunk, position);
    }
    position = this.#readLines(chunk, position);
    if (position < chunk.length) this.#hold(chunk.subarray(position));
  }

  /** Reads the complete lines of `chunk` from `position`, a window at a time; where they end. */
  #readLines(chunk: Buffer, from: number): number {
    const splitter = LineSplitter.ofThisThread();
    const stats = this.#stats;
    const options = { strict: this.#options.strict, maxLineBytes: MAX_LINE_BYTES };
    let position = from;
    while (position < chunk.length) {
      const end = Math.min(chunk.length, position + WINDOW_BYTES);
      const first = this.#lineNumber;
      const window = splitter.split(
        chunk,
        position,
        end,
        options,
        (index, start, lineEnd, mentionsEvent) => {
          this.#lineNumber = first + index;
          this.#line(chunk, start, lineEnd, mentionsEvent, true);
        },
      );
      if (window.end === position) {
        if (end === chunk.length) break; // the rest is the start of a line
        // no line break in the window: a line longer than it
        const next = this.#readLineAt(chunk, position);
        if (next === position) break;
        position = next;
        continue;
      }
      this.#lineNumber = first + window.lines;
      stats.lines += window.lines - window.noted;
      stats.blankLines += window.blankLines;
      stats.otherLines += window.otherLines;
      position = window.end;
    }
    return position;
  }

  /** Reads the line starting at `position` if its line break is in `chunk`; where the next one starts. */
  #readLineAt(chunk: Buffer, position: number): number {
    const newline = chunk.indexOf(NEWLINE, position);
    if (newline === -1) return position;
    const needle = chunk.indexOf(NEEDLE, position);
    this.#line(chunk, position, newline, needle !== -1 && needle < newline, true);
    return newline + 1;
  }

  /** The input ended: a last line without a line break is read (or found truncated). */
  end(): void {
    if (this.#heldBytes > 0 || this.#oversized) this.#releaseHeld(false);
  }

  #hold(piece: Buffer): void {
    if (this.#oversized) return;
    if (this.#heldBytes + piece.length > MAX_LINE_BYTES) {
      this.#oversized = true;
      this.#held = [];
      this.#heldBytes = 0;
      return;
    }
    this.#held.push(Buffer.from(piece)); // the chunk's buffer may be reused for the next one
    this.#heldBytes += piece.length;
  }

  #releaseHeld(complete: boolean): void {
    if (this.#oversized) {
      this.#lineNumber++;
      this.#stats.lines++;
      this.#stats.oversizedLines++;
    } else {
      const line = this.#held.length === 1 ? (this.#held[0] as Buffer) : Buffer.concat(this.#held);
      this.#line(line, 0, line.length, line.indexOf(NEEDLE) !== -1, complete);
    }
    this.#held = [];
    this.#heldBytes = 0;
    this.#oversized = false;
  }

  /** Accounts for the line `bytes[start, end)`; `complete` is false for a last line without a break. */
  #line(
    bytes: Buffer,
    start: number,
    end: number,
    mentionsEvent: boolean,
    complete: boolean,
  ): void {
    const stats = this.#stats;
    const number = ++this.#lineNumber;
    stats.lines++;
    if (end - start > MAX_LINE_BYTES) {
      stats.oversizedLines++;
      return;
    }
    let first = start;
    let last = end;
    if (
      number === 1 &&
      this.#options.midInput !== true &&
      bytes[first] === BOM[0] &&
      bytes[first + 1] === BOM[1] &&
      bytes[first + 2] === BOM[2]
    ) {
      first += 3;
    }
    while (last > first && isJsonBlank(bytes[last - 1])) last--;
    while (first < last && isJsonBlank(bytes[first])) first++;
    if (first === last) {
      stats.blankLines++;
      return;
    }
    if (bytes[first] !== OPEN) {
      this.#malformed(number, 'not a JSON object');
      return;
    }
    if (!complete) {
      const text = bytes.toString('utf8', first, last);
      if (parseJson(text) === NOT_JSON) {
        stats.truncatedLines++;
        stats.truncated.push({ file: this.#file, line: number });
        return;
      }
      this.#account(readLogLine(text, this.#options), number);
      return;
    }
    if (bytes[last - 1] !== CLOSE) {
      this.#malformed(number, 'not a JSON object');
      return;
    }
    if (!mentionsEvent && !this.#options.strict) {
      stats.otherLines++;
      return;
    }
    if (mentionsEvent && this.#options.readBytes?.(bytes, first, last) === true) {
      stats.events++;
      return;
    }
    this.#account(readLogObject(bytes.toString('utf8', first, last), this.#options), number);
  }

  #account(reading: LogLineReading, number: number): void {
    if (reading.kind === 'event') {
      this.#stats.events++;
      this.#onEvent(reading.event);
    } else if (reading.kind === 'other') {
      this.#stats.otherLines++;
    } else {
      this.#malformed(number, reading.reason);
    }
  }

  #malformed(line: number, reason: string): void {
    const stats = this.#stats;
    stats.malformedLines++;
    if (stats.malformed.length < MALFORMED_LISTED)
      stats.malformed.push({ file: this.#file, line, reason });
  }
}
