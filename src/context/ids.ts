import { randomFillSync } from 'node:crypto';
import { nanoid } from 'nanoid';
import { INVALID_TRACE_ID } from '../util/trace-ids.js';

/**
 * A new URL-safe unique id (21 characters, nanoid), for `requestId` and LLM call event ids.
 *
 * @example
 * ```ts
 * import { generateRequestId, withContext } from 'leanllm-context';
 *
 * withContext({ requestId: generateRequestId() }, handle);
 * ```
 */
export function generateRequestId(): string {
  return nanoid();
}

const ID_BYTES = 16;
// Random bytes are drawn 4 KiB at a time (as nanoid does): one correlation id per LLM call made
// outside a trace must not cost a trip to the system's random source each.
const POOL_BYTES = ID_BYTES * 256;
let pool: Buffer | undefined;
let poolOffset = POOL_BYTES;

/** A new correlation id: 32 lowercase hex characters, never all zeros, so it is a valid W3C trace id. */
export function generateCorrelationId(): string {
  let id: string;
  do {
    if (poolOffset === POOL_BYTES) {
      pool ??= Buffer.allocUnsafe(POOL_BYTES);
      randomFillSync(pool);
      poolOffset = 0;
    }
    id = (pool as Buffer).toString('hex', poolOffset, poolOffset + ID_BYTES);
    poolOffset += ID_BYTES;
  } while (id === INVALID_TRACE_ID);
  return id;
}
