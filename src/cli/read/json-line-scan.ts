// One pass over the bytes of a log line that is a JSON object: checks that it is valid JSON and
// notes where the value of each member the reader wants begins and ends, without decoding the
// line or making a string or an object of it. What the scan cannot settle alone (a key written
// with escapes, nesting deeper than it follows) makes it give up, and the line is then read the
// slow way (decoded, `JSON.parse`d): the scan is an optimisation, never a second meaning.

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
 * `numbers`, exactly the double `Number` reads (see `scanNumber`).
 */
export const VALUE_READ = 4;

/** Ten to the power of each number of decimals a `VALUE_READ` number may have. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, power) => 10 ** power);
/** The most digits a `VALUE_READ` number has: their integer stays below 2^53. */
const MAX_DIGITS = 15;

/** Nesting deeper than this is left to `JSON.parse`. */
const MAX_DEPTH = 64;
const NO_KEY = -1;

/** How many keys a table learns besides the wanted ones (the other keys of the lines it reads). */
const LEARNED_KEYS = 192;
/** The longest key a table learns. */
const LEARNED_KEY_BYTES = 64;

/**
 * The keys a scan looks for, found by their bytes without making a string: each key the table
 * meets is learnt (up to `LEARNED_KEYS` of them), with the key that followed it last time, so on
 * lines of one writer (whose keys come in the same order) a key is most often found by one
 * comparison with the key predicted after the one before.
 *
 * @example
 * ```ts
 * const keys = new KeyTable(['event', 'model', 'cost']);
 * ```
 */
export class KeyTable {
  /** The wanted keys: entry `i` below `keys.length` is `keys[i]`. */
  readonly keys: readonly string[];
  /** Every entry's bytes one after the other, and where each starts and ends. */
  #flat: Uint8Array;
  #flatBytes = 0;
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  /** Per entry, the entry that followed it last time (-1: none yet); the last one is the line's start. */
  readonly #next: Int32Array;
  #entries = 0;
  readonly #slots: Int32Array;
  readonly #mask: number;

  constructor(keys: readonly string[]) {
    this.keys = keys;
    const capacity = keys.length + LEARNED_KEYS;
    this.#flat = new Uint8Array(capacity * 16);
    this.#starts = new Int32Array(capacity);
    this.#ends = new Int32Array(capacity);
    this.#next = new Int32Array(capacity + 1).fill(NO_KEY);
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.#mask = size - 1;
    this.#slots = new Int32Array(size).fill(NO_KEY);
    for (const [index, key] of keys.entries()) {
      const bytes = new TextEncoder().encode(key);
      if (bytes.some((byte) => byte >= 0x80 || byte === 0x22 || byte === 0x5c || byte < 0x20)) {
        throw new TypeError(`KeyTable: key ${JSON.stringify(key)} is not plain ASCII`);
      }
      if (keys.indexOf(key) !== index) {
        throw new TypeError(`KeyTable: key ${JSON.stringify(key)} is given twice`);
      }
      this.#add(bytes, 0, bytes.length, hashOf(bytes, 0, bytes.length));
    }
  }

  /** The entry that stands for the start of a line (what the first key follows). */
  get lineStart(): number {
    return this.#next.length - 1;
  }

  /** The entry `keyAfter` matched last. */
  matched = NO_KEY;

  /**
   * Whether the key starting at `bytes[start]` is the one that followed entry `before` last
   * time: its bytes, then the closing quote. Returns the position past that quote, and sets
   * `matched` to the entry; -1 when it is not (the key is then read and `find` looks it up).
   */
  keyAfter(before: number, bytes: Uint8Array, start: number, end: number): number {
    if (before === NO_KEY) return -1;
    const entry = this.#next[before] as number;
    if (entry === NO_KEY) return -1;
    const flat = this.#flat;
    const keyStart = this.#starts[entry] as number;
    const past = start + (this.#ends[entry] as number) - keyStart; // where its closing quote is
    if (past >= end || bytes[past] !== 0x22) return -1;
    for (let k = keyStart, at = start; at < past; k++, at++) if (bytes[at] !== flat[k]) return -1;
    this.matched = entry;
    return past + 1;
  }

  /**
   * The entry of the key `bytes[start, end)`, which follows entry `before` (remembered for
   * `keyAfter`): a wanted key's entry is its index in `keys`, another key's is above, -1 for a
   * key not learnt (too many, too long).
   */
  find(before: number, bytes: Uint8Array, start: number, end: number): number {
    const entry = this.#lookUp(bytes, start, end);
    if (before !== NO_KEY) this.#next[before] = entry;
    return entry;
  }

  #is(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const flat = this.#flat;
    const keyStart = this.#starts[entry] as number;
    const length = end - start;
    if ((this.#ends[entry] as number) - keyStart !== length) return false;
    let i = 0;
    while (i < length && flat[keyStart + i] === bytes[start + i]) i++;
    return i === length;
  }

  #lookUp(bytes: Uint8Array, start: number, end: number): number {
    const mask = this.#mask;
    const hash = hashOf(bytes, start, end);
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.#slots[slot] as number;
      if (entry === NO_KEY) break;
      if (this.#is(entry, bytes, start, end)) return entry;
    }
    if (this.#entries === this.#starts.length || end - start > LEARNED_KEY_BYTES) return NO_KEY;
    return this.#add(bytes, start, end, hash);
  }

  #add(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const entry = this.#entries++;
    if (this.#flatBytes + end - start > this.#flat.length) {
      const larger = new Uint8Array(this.#flat.length * 2 + end - start);
      larger.set(this.#flat);
      this.#flat = larger;
    }
    this.#flat.set(bytes.subarray(start, end), this.#flatBytes);
    this.#starts[entry] = this.#flatBytes;
    this.#flatBytes += end - start;
    this.#ends[entry] = this.#flatBytes;
    let slot = hash & this.#mask;
    while (this.#slots[slot] !== NO_KEY) slot = (slot + 1) & this.#mask;
    this.#slots[slot] = entry;
    return entry;
  }
}

/**
 * FNV-1a of `bytes[start, end)`, as a scan hashes a key while reading it.
 *
 * @example
 * ```ts
 * hashOf(Buffer.from('"model"'), 1, 6) === hashOf(Buffer.from('model'), 0, 5); // true
 * ```
 */
export function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash;
}

/**
 * Whether `bytes[start, end)` are the bytes of `expected`.
 *
 * @example
 * ```ts
 * sameBytes(Buffer.from('cost'), Buffer.from('"cost"'), 1, 5); // true
 * ```
 */
export function sameBytes(
  expected: Uint8Array,
  bytes: Uint8Array,
  start: number,
  end: number,
): boolean {
  if (expected.length !== end - start) return false;
  for (let i = 0; i < expected.length; i++) if (expected[i] !== bytes[start + i]) return false;
  return true;
}

/**
 * Where the wanted members of the last line scanned are, by key index. For a string, `starts`
 * and `ends` bound its bytes between the quotes; for any other value, the value's own bytes. A
 * key given twice is read as `JSON.parse` reads it: the last one counts.
 */
export class ScannedLine {
  readonly types: Uint8Array;
  readonly flags: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The value of a `VALUE_READ` number. */
  readonly numbers: Float64Array;
  /** The indexes of the keys on the line, each once, in the order they first came. */
  readonly present: Int32Array;
  presentCount = 0;

  constructor(keys: KeyTable) {
    const count = keys.keys.length;
    this.present = new Int32Array(count);
    this.types = new Uint8Array(count);
    this.flags = new Uint8Array(count);
    this.starts = new Int32Array(count);
    this.ends = new Int32Array(count);
    this.numbers = new Float64Array(count);
  }
}

/** Per byte inside a string: 0 plain ASCII, 1 the closing quote, 2 a backslash, 3 a control character (invalid), 4 above 0x7f. */
const IN_STRING = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte++) IN_STRING[byte] = 3;
IN_STRING[0x22] = 1;
IN_STRING[0x5c] = 2;
for (let byte = 0x80; byte < 0x100; byte++) IN_STRING[byte] = 4;

const isBlank = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a;
const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;
const isHex = (byte: number) =>
  isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);

/**
 * The scan's cursor and what the last string or number it read was like: one per scanner, so a
 * scan allocates nothing.
 */
class Cursor {
  position = 0;
  flags = 0;
  /** The value of a `VALUE_READ` number. */
  value = 0;
}

/**
 * Scans `bytes[start, end)`, which must hold one JSON object and nothing else (the reader trims
 * the line to its braces), into `line`. `false` when the bytes are not valid JSON, or valid in a
 * way the scan leaves to `JSON.parse` (an escaped key, deep nesting): read the line the slow way.
 *
 * @example
 * ```ts
 * const keys = new KeyTable(['event', 'model']);
 * const line = new ScannedLine(keys);
 * const scanner = new JsonLineScanner(keys, line);
 * scanner.scan(Buffer.from('{"event":"llm.call","model":"gpt-4o"}'), 0, 38); // true; line.types[1] === STRING
 * ```
 */
export class JsonLineScanner {
  readonly #keys: KeyTable;
  readonly #line: ScannedLine;
  readonly #cursor = new Cursor();
  constructor(keys: KeyTable, line: ScannedLine) {
    this.#keys = keys;
    this.#line = line;
  }

  scan(bytes: Uint8Array, start: number, end: number): boolean {
    const line = this.#line;
    const types = line.types;
    for (let i = 0; i < line.presentCount; i++) types[line.present[i] as number] = 0;
    line.presentCount = 0;
    const cursor = this.#cursor;
    const keys = this.#keys;
    const wanted = keys.keys.length;
    let before = keys.lineStart;
    let at = start;
    if (bytes[at] !== 0x7b) return false;
    at = skipBlanks(bytes, at + 1, end);
    if (bytes[at] === 0x7d) return at + 1 === end;
    for (;;) {
      if (at >= end || bytes[at] !== 0x22) return false;
      const keyStart = at + 1;
      let entry: number;
      const afterKey = keys.keyAfter(before, bytes, keyStart, end);
      if (afterKey !== -1) {
        entry = keys.matched;
        cursor.position = afterKey;
      } else {
        cursor.position = keyStart;
        if (!scanString(bytes, end, cursor)) return false;
        if ((cursor.flags & ESCAPED) !== 0) return false;
        entry =
          (cursor.flags & NON_ASCII) !== 0
            ? NO_KEY
            : keys.find(before, bytes, keyStart, cursor.position - 1);
      }
      before = entry;
      const key = entry < wanted ? entry : NO_KEY;
      at = cursor.position;
      if (bytes[at] === 0x3a) at++;
      else {
        at = skipBlanks(bytes, at, end);
        if (bytes[at] !== 0x3a) return false;
        at = skipBlanks(bytes, at + 1, end);
      }
      if ((bytes[at] as number) <= 0x20) at = skipBlanks(bytes, at, end);
      if (at >= end) return false;
      const valueStart = at;
      let type: number;
      if (bytes[at] === 0x22) {
        // most values are strings of plain ASCII: read inline, the rest by `scanString`
        let past = at + 1;
        // four bytes a turn: most strings are short, and a turn costs more than a byte
        for (;;) {
          if (IN_STRING[bytes[past] as number] !== 0) break;
          if (IN_STRING[bytes[past + 1] as number] !== 0) {
            past += 1;
            break;
          }
          if (IN_STRING[bytes[past + 2] as number] !== 0) {
            past += 2;
            break;
          }
          if (IN_STRING[bytes[past + 3] as number] !== 0) {
            past += 3;
            break;
          }
          past += 4;
        }
        if (past < end && bytes[past] === 0x22) {
          cursor.position = past + 1;
          cursor.flags = 0;
        } else {
          cursor.position = at + 1;
          if (!scanString(bytes, end, cursor)) return false;
        }
        type = STRING;
      } else {
        type = scanValue(bytes, end, cursor, valueStart);
        if (type === 0) return false;
      }
      if (key !== NO_KEY) {
        if (line.types[key] === 0) line.present[line.presentCount++] = key;
        line.types[key] = type;
        line.flags[key] = cursor.flags;
        if (type === STRING) {
          line.starts[key] = valueStart + 1;
          line.ends[key] = cursor.position - 1;
        } else {
          line.starts[key] = valueStart;
          line.ends[key] = cursor.position;
          if (type === NUMBER) line.numbers[key] = cursor.value;
        }
      }
      at = cursor.position;
      if ((bytes[at] as number) <= 0x20) at = skipBlanks(bytes, at, end);
      const separator = bytes[at];
      if (separator === 0x2c) {
        at++;
        if ((bytes[at] as number) <= 0x20) at = skipBlanks(bytes, at, end);
        continue;
      }
      return separator === 0x7d && at + 1 === end;
    }
  }
}

/** The first position from `from` (up to `end`) that is not a blank. */
export function skipBlanks(bytes: Uint8Array, from: number, end: number): number {
  let at = from;
  while (at < end && isBlank(bytes[at] as number)) at++;
  return at;
}

/**
 * Reads the string whose first byte (after the quote) is at `cursor.position`, up to and past its
 * closing quote; sets `cursor.flags`. `false` when
 * it is not a valid JSON string.
 */
function scanString(bytes: Uint8Array, end: number, cursor: Cursor): boolean {
  let at = cursor.position;
  let flags = 0;
  for (;;) {
    if (at >= end) return false;
    const kind = IN_STRING[bytes[at] as number] as number;
    if (kind === 0) {
      at++;
    } else if (kind === 1) {
      cursor.position = at + 1;
      cursor.flags = flags;
      return true;
    } else if (kind === 4) {
      flags |= NON_ASCII;
      at++;
    } else if (kind === 2) {
      flags |= ESCAPED;
      const escaped = bytes[at + 1];
      if (escaped === 0x75) {
        if (at + 6 > end) return false;
        for (let i = at + 2; i < at + 6; i++) if (!isHex(bytes[i] as number)) return false;
        at += 6;
      } else if (
        escaped === 0x22 ||
        escaped === 0x5c ||
        escaped === 0x2f ||
        escaped === 0x62 ||
        escaped === 0x66 ||
        escaped === 0x6e ||
        escaped === 0x72 ||
        escaped === 0x74
      ) {
        at += 2;
      } else {
        return false;
      }
    } else {
      return false; // a control character must be escaped
    }
  }
}

/**
 * Reads the number at `cursor.position` (JSON's grammar: `-? (0 | [1-9][0-9]*) (.[0-9]+)?
 * ([eE][+-]?[0-9]+)?`); `false` when it is not a valid JSON number. One of at most 15 digits
 * without an exponent is read too (flag `VALUE_READ`, its value in `cursor.value`): its digits
 * make an integer below 2^53 and the decimals a power of ten below 10^16, both exact doubles, so
 * their quotient, rounded once, is the double nearest the decimal: what `Number` gives.
 */
function scanNumber(bytes: Uint8Array, end: number, cursor: Cursor): boolean {
  let at = cursor.position;
  const negative = bytes[at] === 0x2d;
  if (negative) at++;
  const first = bytes[at] as number;
  if (at >= end || !isDigit(first)) return false;
  let digits = 0;
  const digitsStart = at;
  if (first === 0x30) at++;
  else {
    while (at < end && isDigit(bytes[at] as number)) {
      digits = digits * 10 + ((bytes[at] as number) - 0x30);
      at++;
    }
  }
  let count = at - digitsStart;
  let decimals = 0;
  if (bytes[at] === 0x2e) {
    at++;
    const decimalsStart = at;
    if (at >= end || !isDigit(bytes[at] as number)) return false;
    while (at < end && isDigit(bytes[at] as number)) {
      digits = digits * 10 + ((bytes[at] as number) - 0x30);
      at++;
    }
    decimals = at - decimalsStart;
    count += decimals;
  }
  let read = count <= MAX_DIGITS;
  const exponent = bytes[at];
  if (exponent === 0x65 || exponent === 0x45) {
    read = false;
    at++;
    if (bytes[at] === 0x2b || bytes[at] === 0x2d) at++;
    if (at >= end || !isDigit(bytes[at] as number)) return false;
    while (at < end && isDigit(bytes[at] as number)) at++;
  }
  cursor.position = at;
  cursor.flags = read ? VALUE_READ : 0;
  if (read) {
    const value = decimals === 0 ? digits : digits / (POWERS_OF_TEN[decimals] as number);
    cursor.value = negative ? -value : value;
  }
  return true;
}

/** Whether `bytes[at...]` is the word `word` (`true`, `false`, `null`). */
function isWord(bytes: Uint8Array, at: number, end: number, word: readonly number[]): boolean {
  if (at + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return false;
  return true;
}

const TRUE_BYTES = [0x74, 0x72, 0x75, 0x65];
const FALSE_BYTES = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL_BYTES = [0x6e, 0x75, 0x6c, 0x6c];

/**
 * Reads the value starting at `at`, leaving `cursor.position` past it; its type, or 0 when it is
 * not valid JSON (or nests deeper than `MAX_DEPTH`).
 */
function scanValue(bytes: Uint8Array, end: number, cursor: Cursor, at: number): number {
  const byte = bytes[at];
  cursor.flags = 0;
  if (byte === 0x22) {
    cursor.position = at + 1;
    return scanString(bytes, end, cursor) ? STRING : 0;
  }
  if (byte === 0x2d || (byte !== undefined && isDigit(byte))) {
    cursor.position = at;
    return scanNumber(bytes, end, cursor) ? NUMBER : 0;
  }
  if (byte === 0x7b || byte === 0x5b) return skipNested(bytes, end, cursor, at);
  const word =
    byte === 0x74 ? TRUE_BYTES : byte === 0x66 ? FALSE_BYTES : byte === 0x6e ? NULL_BYTES : null;
  if (word === null || !isWord(bytes, at, end, word)) return 0;
  cursor.position = at + word.length;
  return byte === 0x74 ? TRUE : byte === 0x66 ? FALSE : NULL;
}

/** The cursor of `valueEnd`. */
const skipping = new Cursor();

/**
 * Where the JSON value starting at `bytes[at]` ends, checked as a scan checks it; -1 when it
 * is not valid JSON (or nests deeper than a scan follows).
 *
 * @example
 * ```ts
 * valueEnd(Buffer.from('{"a":[1,"]"]}'), 5, 13); // 12, past the list
 * ```
 */
export function valueEnd(bytes: Uint8Array, at: number, end: number): number {
  return scanValue(bytes, end, skipping, at) === 0 ? -1 : skipping.position;
}

/** What each open level of a nested value waits for (`}` or `]`): one stack for every scan. */
const closers = new Uint8Array(MAX_DEPTH);

/**
 * Checks the object or array at `at` and moves past it (its members are not noted); its type,
 * or 0. Iterative, so no input can exhaust the call stack.
 */
function skipNested(bytes: Uint8Array, end: number, cursor: Cursor, at: number): number {
  const type = bytes[at] === 0x7b ? OBJECT : ARRAY;
  let depth = 0;
  let position = at;
  for (;;) {
    // a value begins at `position`
    const byte = bytes[position];
    if (byte === 0x7b || byte === 0x5b) {
      if (depth === MAX_DEPTH) return 0;
      const closer = byte === 0x7b ? 0x7d : 0x5d;
      closers[depth++] = closer;
      position = skipBlanks(bytes, position + 1, end);
      if (bytes[position] !== closer) {
        if (closer === 0x7d) position = memberValue(bytes, end, cursor, position);
        if (position < 0 || position >= end) return 0;
        continue;
      }
      depth--;
      position++;
    } else {
      if (scanValue(bytes, end, cursor, position) === 0) return 0;
      position = cursor.position;
    }
    // a value ended at `position`: a separator, or the closer of its level, follows
    for (;;) {
      if (depth === 0) {
        cursor.position = position;
        cursor.flags = 0;
        return type;
      }
      position = skipBlanks(bytes, position, end);
      const closer = closers[depth - 1];
      const next = bytes[position];
      if (next === closer) {
        depth--;
        position++;
        continue;
      }
      if (next !== 0x2c) return 0;
      position = skipBlanks(bytes, position + 1, end);
      if (closer === 0x7d) position = memberValue(bytes, end, cursor, position);
      if (position < 0 || position >= end) return 0;
      break;
    }
  }
}

/** Reads `"key" :` at `at` inside an object; the position of the value after it, or -1. */
function memberValue(bytes: Uint8Array, end: number, cursor: Cursor, at: number): number {
  if (bytes[at] !== 0x22) return -1;
  cursor.position = at + 1;
  if (!scanString(bytes, end, cursor)) return -1;
  const colon = skipBlanks(bytes, cursor.position, end);
  if (bytes[colon] !== 0x3a) return -1;
  const value = skipBlanks(bytes, colon + 1, end);
  return value < end ? value : -1;
}
