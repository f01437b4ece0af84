import { randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';

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

const ALL_ZERO_TRACE_ID = '0'.repeat(32);

/** A new correlation id: 32 lowercase hex characters, never all zeros, so it is a valid W3C trace id. */
export function generateCorrelationId(): string {
  let id: string;
  do id = randomBytes(16).toString('hex');
  while (id === ALL_ZERO_TRACE_ID);
  return id;
}
