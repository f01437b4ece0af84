// The scan of a JSON log line, in AssemblyScript compiled to WebAssembly with SIMD (`npm run
// build:wasm` writes src/cli/read/json-line-scan-wasm.ts from it). It checks that a line is one
// valid JSON object and notes where the value of each wanted member begins and ends, as
// src/cli/read/json-line-scan.ts documents; strings and keys are read 16 bytes a step.
//
// Memory (all offsets in bytes): the key table and the results sit below LINE; the line is
// copied to LINE by the caller, who leaves 64 bytes of room after it. Every read stays below
// LINE + length + 48: the scan writes 32 zero bytes after the line, and a zero stops every loop.

/** The keys' hash table: 256 slots of a key index, -1 for none. */
const HASH: u32 = 0;
const HASH_MASK: i32 = 255;
/**
 * The keys' bytes, 64 bytes each, and their lengths: first the wanted keys (the caller's, by
 * index), then the others the scan meets, learnt so that a line's keys can be predicted.
 */
export const KEYS: u32 = 1024;
export const KEY_BYTES: i32 = 64;
export const MAX_KEYS: i32 = 128;
const KEY_LENGTHS: u32 = 9216;
/** The results, by key index: a value's type, its flags, where it starts and ends, a number's value. */
export const TYPES: u32 = 9728;
export const FLAGS: u32 = 9856;
export const STARTS: u32 = 9984;
export const ENDS: u32 = 10496;
export const NUMBERS: u32 = 11008;
/** The keys on the line, each once, in the order they first came. */
export const PRESENT: u32 = 12032;
/** What each open level of a nested value waits for (`}` or `]`). */
const CLOSERS: u32 = 12544;
/**
 * Per key, the key that followed it last time (-1: none yet); entry MAX_KEYS is the line's
 * start. Lines of one writer have their keys in the same order, so most keys are found by one
 * comparison with the key predicted after the one before.
 */
const NEXT: u32 = 12800;
/** Where the line is copied. */
export const LINE: u32 = 65536;

const MAX_DEPTH: i32 = 64;

const STRING: i32 = 1;
const NUMBER: i32 = 2;
const TRUE: i32 = 3;
const FALSE: i32 = 4;
const NULL: i32 = 5;
const OBJECT: i32 = 6;
const ARRAY: i32 = 7;
const ESCAPED: i32 = 1;
const NON_ASCII: i32 = 2;
const VALUE_READ: i32 = 4;
/** The most digits a `VALUE_READ` number has: their integer stays below 2^53. */
const MAX_DIGITS: i32 = 15;

/** How many keys are known, and how many of them the caller wants. */
let keyCount: i32 = 0;
let wanted: i32 = 0;
let presentCount: i32 = 0;
/** The scan's cursor: past the last value read, that value's flags, a number's value. */
let position: i32 = 0;
let flags: i32 = 0;
let value: f64 = 0;
/** Where the bytes being read end (the line's end, or a tool-call list's). */
let limit: i32 = 0;

@inline
function byteAt(at: i32): u32 {
  return load<u8>(LINE + <u32>at);
}

@inline
function isBlank(byte: u32): bool {
  return byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a;
}

@inline
function isDigit(byte: u32): bool {
  return byte - 0x30 < 10;
}

@inline
function isHex(byte: u32): bool {
  return isDigit(byte) || (byte | 0x20) - 0x61 < 6;
}

function skipBlanks(from: i32): i32 {
  let at = from;
  while (at < limit && isBlank(byteAt(at))) at++;
  return at;
}

@inline
function keyHash(length: i32, first: u32, last: u32): i32 {
  return (length * 97 + <i32>first * 31 + <i32>last) & HASH_MASK;
}

/** Forgets the keys. */
export function clearKeys(): void {
  for (let slot = 0; slot <= HASH_MASK; slot++) store<i32>(HASH + (<u32>slot << 2), -1);
  for (let entry = 0; entry <= MAX_KEYS; entry++) store<i32>(NEXT + (<u32>entry << 2), -1);
  keyCount = 0;
  wanted = 0;
}

/** Adds the next wanted key, whose `length` bytes the caller wrote at its place in KEYS. */
export function addKey(length: i32): void {
  file(keyCount++, length);
  wanted = keyCount;
}

/** Files key `entry` (its bytes in KEYS) in the hash table. */
function file(entry: i32, length: i32): void {
  store<i32>(KEY_LENGTHS + (<u32>entry << 2), length);
  const key = KEYS + <u32>(entry * KEY_BYTES);
  let slot = keyHash(length, load<u8>(key), load<u8>(key + <u32>length - 1));
  while (load<i32>(HASH + (<u32>slot << 2)) >= 0) slot = (slot + 1) & HASH_MASK;
  store<i32>(HASH + (<u32>slot << 2), entry);
}

/** The key whose bytes are the line's `length` at `start`: found, else learnt while there is room (-1 when not). */
function keyOf(start: i32, length: i32): i32 {
  const found = findKey(start, length);
  if (found >= 0 || keyCount == MAX_KEYS || length == 0 || length > KEY_BYTES) return found;
  const entry = keyCount++;
  const key = KEYS + <u32>(entry * KEY_BYTES);
  const line = LINE + <u32>start;
  for (let offset = 0; offset < length; offset += 16) {
    v128.store(key + <u32>offset, v128.load(line + <u32>offset));
  }
  file(entry, length);
  return entry;
}

/** Whether the line's `length` bytes at `start` are key `entry`'s, 16 at a step. */
function isKey(entry: i32, start: i32, length: i32): bool {
  const key = KEYS + <u32>(entry * KEY_BYTES);
  const line = LINE + <u32>start;
  for (let offset = 0; offset < length; offset += 16) {
    const same = i8x16.eq(v128.load(key + <u32>offset), v128.load(line + <u32>offset));
    let differ = ~i8x16.bitmask(same) & 0xffff;
    const left = length - offset;
    if (left < 16) differ &= (1 << left) - 1;
    if (differ != 0) return false;
  }
  return true;
}

/** The wanted key whose bytes are the line's `length` bytes at `start`, or -1. */
function findKey(start: i32, length: i32): i32 {
  if (length == 0 || length > KEY_BYTES) return -1;
  let slot = keyHash(length, byteAt(start), byteAt(start + length - 1));
  while (true) {
    const entry = load<i32>(HASH + (<u32>slot << 2));
    if (entry < 0) return -1;
    if (load<i32>(KEY_LENGTHS + (<u32>entry << 2)) == length && isKey(entry, start, length)) {
      return entry;
    }
    slot = (slot + 1) & HASH_MASK;
  }
  return -1;
}

/**
 * Reads the string whose first byte (after the quote) is at `from`, up to and past its closing
 * quote, 16 bytes a step; sets `position` and `flags`. `false` when it is not a valid JSON string.
 */
function scanString(from: i32): bool {
  let at = from;
  let found = 0;
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  while (true) {
    const bytes = v128.load(LINE + <u32>at);
    const special = i8x16.bitmask(
      v128.or(
        v128.or(i8x16.eq(bytes, quote), i8x16.eq(bytes, backslash)),
        i8x16.lt_u(bytes, space),
      ),
    );
    const high = i8x16.bitmask(bytes);
    if (special == 0) {
      if (high != 0) found |= NON_ASCII;
      at += 16;
      continue;
    }
    const step = ctz(special);
    if ((high & ((1 << step) - 1)) != 0) found |= NON_ASCII;
    at += step;
    if (at >= limit) return false;
    const byte = byteAt(at);
    if (byte == 0x22) {
      position = at + 1;
      flags = found;
      return true;
    }
    if (byte != 0x5c) return false; // a control character must be escaped
    found |= ESCAPED;
    const escaped = byteAt(at + 1);
    if (escaped == 0x75) {
      if (at + 6 > limit) return false;
      for (let hex = at + 2; hex < at + 6; hex++) if (!isHex(byteAt(hex))) return false;
      at += 6;
    } else if (
      escaped == 0x22 ||
      escaped == 0x5c ||
      escaped == 0x2f ||
      escaped == 0x62 ||
      escaped == 0x66 ||
      escaped == 0x6e ||
      escaped == 0x72 ||
      escaped == 0x74
    ) {
      at += 2;
    } else {
      return false;
    }
  }
  return false;
}

/**
 * Reads the number at `from` (JSON's grammar); `false` when it is not a valid JSON number. One
 * of at most 15 digits without an exponent is read too (flag `VALUE_READ`, its value in
 * `value`): its digits make an integer below 2^53 and the decimals a power of ten below 10^16,
 * both exact doubles, so their quotient, rounded once, is the double `Number` reads.
 */
function scanNumber(from: i32): bool {
  let at = from;
  const negative = byteAt(at) == 0x2d;
  if (negative) at++;
  const first = byteAt(at);
  if (at >= limit || !isDigit(first)) return false;
  let digits: i64 = 0;
  const digitsStart = at;
  if (first == 0x30) at++;
  else {
    while (at < limit && isDigit(byteAt(at))) {
      digits = digits * 10 + <i64>(byteAt(at) - 0x30);
      at++;
    }
  }
  let count = at - digitsStart;
  let decimals = 0;
  if (byteAt(at) == 0x2e) {
    at++;
    const decimalsStart = at;
    if (at >= limit || !isDigit(byteAt(at))) return false;
    while (at < limit && isDigit(byteAt(at))) {
      digits = digits * 10 + <i64>(byteAt(at) - 0x30);
      at++;
    }
    decimals = at - decimalsStart;
    count += decimals;
  }
  let read = count <= MAX_DIGITS;
  const exponent = byteAt(at);
  if (exponent == 0x65 || exponent == 0x45) {
    read = false;
    at++;
    if (byteAt(at) == 0x2b || byteAt(at) == 0x2d) at++;
    if (at >= limit || !isDigit(byteAt(at))) return false;
    while (at < limit && isDigit(byteAt(at))) at++;
  }
  position = at;
  flags = read ? VALUE_READ : 0;
  if (read) {
    let number = <f64>digits;
    if (decimals != 0) {
      let power: f64 = 1;
      for (let k = 0; k < decimals; k++) power *= 10;
      number /= power;
    }
    value = negative ? -number : number;
  }
  return true;
}

/** Reads the value at `at`, leaving `position` past it; its type, or 0 when it is not valid JSON. */
function scanValue(at: i32): i32 {
  const byte = byteAt(at);
  flags = 0;
  if (byte == 0x22) return scanString(at + 1) ? STRING : 0;
  if (byte == 0x2d || isDigit(byte)) return scanNumber(at) ? NUMBER : 0;
  if (byte == 0x7b || byte == 0x5b) return skipNested(at);
  if (byte == 0x74) {
    if (at + 4 > limit || load<u32>(LINE + <u32>at) != 0x65757274) return 0; // true
    position = at + 4;
    return TRUE;
  }
  if (byte == 0x66) {
    if (at + 5 > limit || load<u32>(LINE + <u32>at) != 0x736c6166 || byteAt(at + 4) != 0x65) {
      return 0; // false
    }
    position = at + 5;
    return FALSE;
  }
  if (byte == 0x6e) {
    if (at + 4 > limit || load<u32>(LINE + <u32>at) != 0x6c6c756e) return 0; // null
    position = at + 4;
    return NULL;
  }
  return 0;
}

/** Reads `"key" :` at `at` inside an object; the position of the value after it, or -1. */
function memberValue(at: i32): i32 {
  if (byteAt(at) != 0x22 || !scanString(at + 1)) return -1;
  const colon = skipBlanks(position);
  if (byteAt(colon) != 0x3a) return -1;
  const next = skipBlanks(colon + 1);
  return next < limit ? next : -1;
}

/**
 * Checks the object or array at `at` and moves past it (its members are not noted); its type,
 * or 0 when it is not valid JSON or nests deeper than MAX_DEPTH.
 */
function skipNested(at: i32): i32 {
  const type = byteAt(at) == 0x7b ? OBJECT : ARRAY;
  let depth = 0;
  let next = at;
  while (true) {
    // a value begins at `next`
    const byte = byteAt(next);
    if (byte == 0x7b || byte == 0x5b) {
      if (depth == MAX_DEPTH) return 0;
      const closer: u32 = byte == 0x7b ? 0x7d : 0x5d;
      store<u8>(CLOSERS + <u32>depth, closer);
      depth++;
      next = skipBlanks(next + 1);
      if (byteAt(next) != closer) {
        if (closer == 0x7d) next = memberValue(next);
        if (next < 0 || next >= limit) return 0;
        continue;
      }
      depth--;
      next++;
    } else {
      if (scanValue(next) == 0) return 0;
      next = position;
    }
    // a value ended at `next`: a separator, or the closer of its level, follows
    while (true) {
      if (depth == 0) {
        position = next;
        flags = 0;
        return type;
      }
      next = skipBlanks(next);
      const closer = <u32>load<u8>(CLOSERS + <u32>(depth - 1));
      const separator = byteAt(next);
      if (separator == closer) {
        depth--;
        next++;
        continue;
      }
      if (separator != 0x2c) return 0;
      next = skipBlanks(next + 1);
      if (closer == 0x7d) next = memberValue(next);
      if (next < 0 || next >= limit) return 0;
      break;
    }
  }
  return 0;
}

/** Notes the value of wanted key `key`, read from `valueStart` to `position`. */
function note(key: u32, type: i32, valueStart: i32, delta: i32): void {
  if (load<u8>(TYPES + key) == 0) {
    store<i32>(PRESENT + (<u32>presentCount << 2), key);
    presentCount++;
  }
  store<u8>(TYPES + key, type);
  store<u8>(FLAGS + key, flags);
  if (type == STRING) {
    store<i32>(STARTS + (key << 2), valueStart + 1 + delta);
    store<i32>(ENDS + (key << 2), position - 1 + delta);
  } else {
    store<i32>(STARTS + (key << 2), valueStart + delta);
    store<i32>(ENDS + (key << 2), position + delta);
    if (type == NUMBER) store<f64>(NUMBERS + (key << 3), value);
  }
}

/**
 * Scans the line of `length` bytes at LINE, which must hold one JSON object and nothing else;
 * its wanted members' places are noted plus `delta` (where the line starts in the caller's
 * bytes). 0 when the line is not valid JSON, or valid in a way the scan leaves to `JSON.parse`
 * (an escaped key, deep nesting); else 1 + the number of wanted keys on the line.
 */
export function scan(length: i32, delta: i32): i32 {
  v128.store(LINE + <u32>length, i8x16.splat(0));
  v128.store(LINE + <u32>length + 16, i8x16.splat(0));
  for (let i = 0; i < presentCount; i++) {
    store<u8>(TYPES + <u32>load<i32>(PRESENT + (<u32>i << 2)), 0);
  }
  presentCount = 0;
  limit = length;
  if (byteAt(0) != 0x7b) return 0;
  let at = skipBlanks(1);
  if (byteAt(at) == 0x7d) return at + 1 == length ? 1 : 0;
  let before = MAX_KEYS;
  while (true) {
    if (at >= length || byteAt(at) != 0x22) return 0;
    const keyStart = at + 1;
    // the key that followed the one before last time: its bytes, then the closing quote
    let entry = before >= 0 ? load<i32>(NEXT + (<u32>before << 2)) : -1;
    if (entry >= 0) {
      const past = keyStart + load<i32>(KEY_LENGTHS + (<u32>entry << 2));
      if (past < length && byteAt(past) == 0x22 && isKey(entry, keyStart, past - keyStart)) {
        position = past + 1;
        flags = 0;
      } else entry = -1;
    }
    if (entry < 0) {
      if (!scanString(keyStart) || (flags & ESCAPED) != 0) return 0;
      if ((flags & NON_ASCII) == 0) entry = keyOf(keyStart, position - 1 - keyStart);
      if (before >= 0) store<i32>(NEXT + (<u32>before << 2), entry);
    }
    before = entry;
    const key = entry < wanted ? entry : -1;
    at = skipBlanks(position);
    if (byteAt(at) != 0x3a) return 0;
    at = skipBlanks(at + 1);
    if (at >= length) return 0;
    const type = scanValue(at);
    if (type == 0) return 0;
    if (key >= 0) note(<u32>key, type, at, delta);
    at = skipBlanks(position);
    const separator = byteAt(at);
    if (separator == 0x2c) {
      at = skipBlanks(at + 1);
      continue;
    }
    return separator == 0x7d && at + 1 == length ? 1 + presentCount : 0;
  }
  return 0;
}

/** Where the value at `at` ends, or -1 when it is not valid JSON. */
function valueEnd(at: i32): i32 {
  return scanValue(at) == 0 ? -1 : position;
}

/** Which of a tool call's wanted members (`id`, `name`, `arguments`) the key at `start` is, or -1. */
function toolCallMember(start: i32, length: i32): i32 {
  if (length == 2 && load<u16>(LINE + <u32>start) == 0x6469) return 0; // id
  if (length == 4 && load<u32>(LINE + <u32>start) == 0x656d616e) return 1; // name
  if (
    length == 9 &&
    load<u64>(LINE + <u32>start) == 0x746e656d75677261 && // argument
    byteAt(start + 8) == 0x73 // s
  ) {
    return 2;
  }
  return -1;
}

/**
 * Whether the array `[start, end)` of the line last scanned (positions in the line, checked by
 * the scan) is a list of objects whose `id`, `name` and `arguments` are strings (the last one
 * of a key given twice): 1 it is, 0 it is not, 2 its bytes alone cannot tell (a key written with
 * an escape).
 */
export function toolCallList(start: i32, end: i32): i32 {
  limit = end;
  if (byteAt(start) != 0x5b) return 2;
  let at = skipBlanks(start + 1);
  if (byteAt(at) == 0x5d) return 1;
  while (true) {
    if (byteAt(at) != 0x7b) return at < end ? 0 : 2;
    let strings = 0; // a bit per wanted member whose value is a string
    at = skipBlanks(at + 1);
    while (byteAt(at) == 0x22 && at < end) {
      const keyEnd = valueEnd(at);
      if (keyEnd == -1 || (flags & ESCAPED) != 0) return 2;
      const member = toolCallMember(at + 1, keyEnd - at - 2);
      at = skipBlanks(keyEnd);
      if (byteAt(at) != 0x3a) return 2;
      at = skipBlanks(at + 1);
      const isString = byteAt(at) == 0x22;
      at = valueEnd(at);
      if (at == -1) return 2;
      if (member >= 0) strings = isString ? strings | (1 << member) : strings & ~(1 << member);
      at = skipBlanks(at);
      if (byteAt(at) == 0x2c) at = skipBlanks(at + 1);
    }
    if (byteAt(at) != 0x7d || at >= end) return 2;
    if (strings != 7) return 0;
    at = skipBlanks(at + 1);
    if (byteAt(at) == 0x5d && at < end) return 1;
    if (byteAt(at) != 0x2c || at >= end) return 2;
    at = skipBlanks(at + 1);
  }
  return 2;
}
