/**
 * FNV-1a (32 bits) of a string's UTF-16 code units, as a signed 32-bit integer: a fast hash for
 * tables and stable choices, not a secret (ids can be made to collide).
 *
 * @example
 * ```ts
 * fnv1a('a') === (0xe40c292c | 0); // true
 * ```
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}
