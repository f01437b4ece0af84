// The splitting of log bytes into lines, in AssemblyScript compiled to WebAssembly with SIMD
// (`npm run build:wasm` writes src/cli/line-split-wasm.ts from it). One call reads the
// complete lines of a window of bytes, 16 bytes a step: it counts the blank lines and the lines
// it can class alone (a JSON object without the text `llm.call`), and notes the others for the
// caller (a line that mentions `llm.call`, one that is not shaped as an object, one too long, and
// under `strict` every line that is not blank), as src/cli/line-reader.ts documents.
//
// Memory (bytes): the notes sit below WINDOW; the caller copies the bytes to WINDOW and leaves
// 64 bytes of room after them (the split reads 16 bytes a step, and 8 past a candidate).

/** The notes: per line noted, 4 i32 (its index among the lines of the call, start, end, mentions `llm.call`). */
export const NOTES: u32 = 1024;
export const MAX_NOTES: i32 = 4096;
/** Where the bytes are copied. */
export const WINDOW: u32 = 131072;

/** `llm.call`, read as a little-endian u64. */
const NEEDLE: u64 = 0x6c6c61632e6d6c6c;

/** What the last call read: its lines, the blank ones, the ones classed alone, the ones noted. */
export let lines: i32 = 0;
export let blankLines: i32 = 0;
export let otherLines: i32 = 0;
export let noted: i32 = 0;

@inline
function byteAt(at: i32): u32 {
  return load<u8>(WINDOW + <u32>at);
}

@inline
function isBlank(byte: u32): bool {
  return byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a;
}

/** Counts or notes the line `[start, end)` (`end` is its line break). */
function finish(start: i32, end: i32, mentions: bool, strict: bool, maxLineBytes: i32): void {
  const index = lines++;
  let first = start;
  let last = end;
  while (last > first && isBlank(byteAt(last - 1))) last--;
  while (first < last && isBlank(byteAt(first))) first++;
  if (end - start <= maxLineBytes) {
    if (first == last) {
      blankLines++;
      return;
    }
    if (!mentions && !strict && byteAt(first) == 0x7b && byteAt(last - 1) == 0x7d) {
      otherLines++;
      return;
    }
  }
  const note = NOTES + (<u32>noted << 4);
  store<i32>(note, index);
  store<i32>(note, start, 4);
  store<i32>(note, end, 8);
  store<i32>(note, mentions ? 1 : 0, 12);
  noted++;
}

/**
 * Reads the complete lines of the `length` bytes at WINDOW, from `from`: a line ends with a
 * line break, and the bytes after the last one are left. Stops early once MAX_NOTES lines are
 * noted. Returns the position after the last line break read (`from` when there is none); the
 * counts are in `lines`, `blankLines`, `otherLines` and `noted`.
 */
export function split(length: i32, from: i32, strict: i32, maxLineBytes: i32): i32 {
  lines = 0;
  blankLines = 0;
  otherLines = 0;
  noted = 0;
  v128.store(WINDOW + <u32>length, i8x16.splat(0));
  v128.store(WINDOW + <u32>length + 16, i8x16.splat(0));
  const newline = i8x16.splat(0x0a);
  const l = i8x16.splat(0x6c);
  const m = i8x16.splat(0x6d);
  let lineStart = from;
  let mentions = false;
  for (let block = from; block < length; block += 16) {
    const at = WINDOW + <u32>block;
    const bytes = v128.load(at);
    const breaks = i8x16.bitmask(i8x16.eq(bytes, newline));
    const candidates = i8x16.bitmask(
      v128.and(
        v128.and(i8x16.eq(bytes, l), i8x16.eq(v128.load(at, 1), l)),
        i8x16.eq(v128.load(at, 2), m),
      ),
    );
    let marks = breaks | candidates;
    while (marks != 0) {
      const bit = ctz(marks);
      marks &= marks - 1;
      const position = block + bit;
      if (position >= length) break;
      if ((breaks & (1 << bit)) != 0) {
        finish(lineStart, position, mentions, strict != 0, maxLineBytes);
        lineStart = position + 1;
        mentions = false;
        if (noted == MAX_NOTES) return lineStart;
      } else if (load<u64>(WINDOW + <u32>position) == NEEDLE) {
        mentions = true;
      }
    }
  }
  return lineStart;
}
