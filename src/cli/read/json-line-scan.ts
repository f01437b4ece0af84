// One pass over the bytes of a log line that is a JSON object: checks that it is valid JSON and
// notes where the value of each member the reader wants begins and ends, without decoding the
// line or making a string or an object of it. What the scan cannot settle alone (a key written
// with escapes, nesting deeper than it follows) makes it give up, and the line is then read the
// slow way (decoded, `JSON.parse`d): the scan is an optimisation, never a second meaning.
//
// The scan is WebAssembly with SIMD, compiled from wasm/json-line-scan.ts: it reads strings and
// keys 16 bytes a step, where a JavaScript loop reads one. This module copies each line into the
// scan's memory and reads the results there.

import { growTo, instantiate } from '../wasm.js';
import { JSON_LINE_SCAN_WASM } from './json-line-scan-wasm.js';

/** What a member's value is (0: the member is not on the line). */
export const STRING = 1;
export const NUMBER = 2;
export const TRUE = 3;
export const FALSE = 4;
export const NULL = 5;
export const OBJECT = 6;
export const ARRAY = 7;

/** A string value with an escape (`\n`, `\"`, `\u00e9`): its bytes are not its text. */
export const ESCAPED = 1;
/** A string value with bytes above 0x7f (UTF-8): its text is decoded, not read as Latin-1. */
export const NON_ASCII = 2;
/**
 * A number written with at most 15 digits and no exponent (`1428`, `0.013548`): its value is in
 * `numbers`, exactly the double `Number` reads (its digits make an integer below 2^53 and its
 * decimals a power of ten below 10^16, both exact doubles, so their quotient, rounded once, is
 * the double nearest the decimal).
 */
export const VALUE_READ = 4;

/** What the scan's module exports (wasm/json-line-scan.ts says what each is). */
interface ScanExports {
  readonly memory: WebAssembly.Memory;
  readonly KEYS: WebAssembly.Global;
  readonly KEY_BYTES: WebAssembly.Global;
  readonly MAX_KEYS: WebAssembly.Global;
  readonly TYPES: WebAssembly.Global;
  readonly FLAGS: WebAssembly.Global;
  readonly STARTS: WebAssembly.Global;
  readonly ENDS: WebAssembly.Global;
  readonly NUMBERS: WebAssembly.Global;
  readonly PRESENT: WebAssembly.Global;
  readonly LINE: WebAssembly.Global;
  clearKeys(): void;
  addKey(length: number): void;
  scan(length: number, delta: number): number;
  toolCallList(start: number, end: number): number;
}

/** The room the scan wants after a line: it writes zeros there, and reads 16 bytes a step. */
const ROOM_AFTER_LINE = 64;

/**
 * Where the wanted members of the last line scanned are, by key index. For a string, `starts`
 * and `ends` bound its bytes between the quotes; for any other value, the value's own bytes. A
 * key given twice is read as `JSON.parse` reads it: the last one counts. The arrays are views of
 * the scan's memory, valid until the next scan.
 */
export interface ScannedLine {
  readonly types: Uint8Array;
  readonly flags: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The value of a `VALUE_READ` number. */
  readonly numbers: Float64Array;
  /** The indexes of the keys on the line, each once, in the order they first came. */
  readonly present: Int32Array;
  readonly presentCount: number;
}

/**
 * Scans lines for the members of the keys it is given (plain ASCII, each once, at most 64 bytes
 * and 128 keys): `scan` a line, then read `line` (by key index) and, for a list on that line,
 * `isToolCallList`. The module also learns the other keys it meets (up to 128 keys in all), so
 * that on lines of one writer each key is found by one comparison with the key that followed
 * the one before last time. Each scanner has its own instance of the module (about 130 KiB of
 * memory, grown for a longer line and kept at that size).
 *
 * @example
 * ```ts
 * const scanner = new JsonLineScanner(['event', 'model']);
 * scanner.scan(Buffer.from('{"event":"llm.call","model":"gpt-4o"}'), 0, 38); // true
 * scanner.line.types[1] === STRING; // true: bytes 29 to 35
 * ```
 */
export class JsonLineScanner {
  readonly keys: readonly string[];
  readonly #exports: ScanExports;
  readonly #lineAt: number;
  #memory: Uint8Array;
  #line: ScannedLine & { presentCount: number };
  /** The longest line the memory holds now. */
  #room: number;
  /** Where the last line scanned starts in its caller's bytes. */
  #delta = 0;

  constructor(keys: readonly string[]) {
    this.#exports = instantiate<ScanExports>(JSON_LINE_SCAN_WASM);
    const exports = this.#exports;
    this.keys = keys;
    this.#lineAt = exports.LINE.value;
    this.#memory = new Uint8Array(exports.memory.buffer);
    this.#line = this.#viewLine();
    this.#room = this.#memory.length - this.#lineAt - ROOM_AFTER_LINE;
    if (keys.length > exports.MAX_KEYS.value) {
      throw new TypeError(`JsonLineScanner: more than ${exports.MAX_KEYS.value} keys`);
    }
    exports.clearKeys();
    for (const [index, key] of keys.entries()) {
      const bytes = new TextEncoder().encode(key);
      if (bytes.some((byte) => byte >= 0x80 || byte === 0x22 || byte === 0x5c || byte < 0x20)) {
        throw new TypeError(`JsonLineScanner: key ${JSON.stringify(key)} is not plain ASCII`);
      }
      if (bytes.length === 0 || bytes.length > exports.KEY_BYTES.value) {
        throw new TypeError(`JsonLineScanner: key ${JSON.stringify(key)} is empty or too long`);
      }
      if (keys.indexOf(key) !== index) {
        throw new TypeError(`JsonLineScanner: key ${JSON.stringify(key)} is given twice`);
      }
      this.#memory.set(bytes, exports.KEYS.value + index * exports.KEY_BYTES.value);
      exports.addKey(bytes.length);
    }
  }

  /** The members of the last line scanned. */
  get line(): ScannedLine {
    return this.#line;
  }

  /**
   * Scans `bytes[start, end)`, which must hold one JSON object and nothing else (the reader trims
   * the line to its braces). `false` when the bytes are not valid JSON, or valid in a way the scan
   * leaves to `JSON.parse` (an escaped key, deep nesting): read the line the slow way.
   */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (length > this.#room) this.#grow(length);
    this.#memory.set(new Uint8Array(bytes.buffer, bytes.byteOffset + start, length), this.#lineAt);
    const scanned = this.#exports.scan(length, start);
    this.#delta = start;
    this.#line.presentCount = scanned - 1;
    return scanned !== 0;
  }

  /**
   * Whether the JSON array `[start, end)` of the line last scanned (a value the scan read, in the
   * caller's positions) is a list the `toolCalls` reader takes: objects whose `id`, `name` and
   * `arguments` are strings (the last one of a key given twice, as `JSON.parse` keeps it).
   * `undefined` when its bytes alone cannot tell (a key written with an escape).
   */
  isToolCallList(start: number, end: number): boolean | undefined {
    const verdict = this.#exports.toolCallList(start - this.#delta, end - this.#delta);
    return verdict === 2 ? undefined : verdict === 1;
  }

  /** More memory, for a line of `length` bytes (the views of the old memory are made again). */
  #grow(length: number): void {
    growTo(this.#exports.memory, this.#lineAt + length + ROOM_AFTER_LINE);
    this.#memory = new Uint8Array(this.#exports.memory.buffer);
    this.#room = this.#memory.length - this.#lineAt - ROOM_AFTER_LINE;
    this.#line = this.#viewLine();
  }

  #viewLine(): ScannedLine & { presentCount: number } {
    const exports = this.#exports;
    const buffer = exports.memory.buffer;
    const count = this.keys.length;
    return {
      types: new Uint8Array(buffer, exports.TYPES.value, count),
      flags: new Uint8Array(buffer, exports.FLAGS.value, count),
      starts: new Int32Array(buffer, exports.STARTS.value, count),
      ends: new Int32Array(buffer, exports.ENDS.value, count),
      numbers: new Float64Array(buffer, exports.NUMBERS.value, count),
      present: new Int32Array(buffer, exports.PRESENT.value, count),
      presentCount: 0,
    };
  }
}
