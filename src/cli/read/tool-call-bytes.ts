// Checks a `tool_calls` value from its bytes, for a reader that only checks it (an output that
// does not show tool calls): only the list's shape is read here (each member's value skipped by
// the scan's own value reader), and nothing is decoded or made.

import { sameBytes, skipBlanks, valueEnd } from './json-line-scan.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The members a tool call must have as strings, by their bytes. */
const WANTED = ['id', 'name', 'arguments'].map((key) => Buffer.from(key));

/**
 * Whether the JSON array `bytes[start, end)` is a list the `toolCalls` reader takes: objects
 * whose `id`, `name` and `arguments` are strings (the last one of a key given twice, as
 * `JSON.parse` keeps it). `undefined` when its bytes alone cannot tell (a key written with an
 * escape, bytes that are not valid JSON): read it the slow way.
 *
 * @example
 * ```ts
 * const list = Buffer.from('[{"id":"t","name":"search","arguments":"{}"}]');
 * isToolCallList(list, 0, list.length); // true
 * ```
 */
export function isToolCallList(bytes: Uint8Array, start: number, end: number): boolean | undefined {
  if (bytes[start] !== OPEN_ARRAY) return undefined;
  let at = skipBlanks(bytes, start + 1, end);
  if (bytes[at] === CLOSE_ARRAY) return true;
  const isString = [false, false, false];
  for (;;) {
    if (bytes[at] !== OPEN_OBJECT) return at < end ? false : undefined;
    isString.fill(false);
    at = skipBlanks(bytes, at + 1, end);
    while (bytes[at] === QUOTE && at < end) {
      const keyEnd = valueEnd(bytes, at, end);
      if (keyEnd === -1) return undefined;
      for (let i = at + 1; i < keyEnd - 1; i++) if (bytes[i] === BACKSLASH) return undefined;
      const wanted = WANTED.findIndex((key) => sameBytes(key, bytes, at + 1, keyEnd - 1));
      at = skipBlanks(bytes, keyEnd, end);
      if (bytes[at] !== COLON) return undefined;
      at = skipBlanks(bytes, at + 1, end);
      const string = bytes[at] === QUOTE;
      at = valueEnd(bytes, at, end);
      if (at === -1) return undefined;
      if (wanted >= 0) isString[wanted] = string;
      at = skipBlanks(bytes, at, end);
      if (bytes[at] === COMMA) at = skipBlanks(bytes, at + 1, end);
    }
    if (bytes[at] !== CLOSE_OBJECT || at >= end) return undefined;
    if (!isString.every(Boolean)) return false;
    at = skipBlanks(bytes, at + 1, end);
    if (bytes[at] === CLOSE_ARRAY && at < end) return true;
    if (bytes[at] !== COMMA || at >= end) return undefined;
    at = skipBlanks(bytes, at + 1, end);
  }
}
