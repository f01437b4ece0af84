import { fnv1a } from '../util/fnv1a.js';

/**
 * A stable hash of a correlation id to [0, 1): FNV-1a over the UTF-16 code units, then
 * murmur3's finalizer so that ids differing in one character land far apart.
 */
export function correlationHash(correlationId: string): number {
  let hash = fnv1a(correlationId);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}

/**
 * Whether sampling at `rate` keeps the correlation `correlationId`: the same id always gets the
 * same answer, in every process, so a correlation is kept or dropped whole.
 */
export function isSampledIn(correlationId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return correlationHash(correlationId) < rate;
}
