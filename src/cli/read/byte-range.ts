// Comparing and hashing a range of bytes without making a string of it.

/**
 * FNV-1a of `bytes[start, end)`.
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
