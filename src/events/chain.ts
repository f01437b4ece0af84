import { generateCorrelationId } from '../context/ids.js';
import { optionError } from '../context/option-error.js';
import { text } from './options.js';
import type { LlmEvent } from './schema.js';

/**
 * Options of `new Chain()`.
 *
 * @example
 * ```ts
 * const chain = new Chain({ correlationId: job.data.correlationId } satisfies ChainOptions);
 * ```
 */
export interface ChainOptions {
  /**
   * The correlation this chain follows (1-256 characters, no control characters, as every call
   * requires; a `TypeError` at construction otherwise); a new W3C-trace-id-shaped one when absent.
   */
  readonly correlationId?: string;
}

/**
 * What `chain.kwargs()` returns: spread it into `logLlmCall` / `trackLlmCall` options.
 *
 * @example
 * ```ts
 * const kwargs: ChainKwargs = chain.kwargs(); // { correlationId: 'job-7', parentRequestId: 'V1StGXR8_Z5jdHi6B-myT' }
 * logLlmCall(logger, { model: 'gpt-4o-mini', provider: 'openai', latencyMs: 120, ...kwargs });
 * ```
 */
export interface ChainKwargs {
  readonly correlationId: string;
  readonly parentRequestId?: string;
}

/**
 * An explicit chain of calls, for flows that cannot rely on the context (a loop over queued
 * jobs, calls made from callbacks): `kwargs()` gives the next call its correlation id and the
 * last recorded call as its parent; `record(event)` (or passing the chain as `onEvent`)
 * remembers a call. Only events of the chain's own correlation are recorded.
 *
 * @example
 * ```ts
 * import { Chain, trackLlmCall } from 'leanllm-context';
 *
 * const chain = new Chain();
 * for (const step of plan) {
 *   await trackLlmCall(logger, { model: 'gpt-4o-mini', provider: 'openai', ...chain.kwargs(), onEvent: chain }, () =>
 *     openai.chat.completions.create({ model: 'gpt-4o-mini', messages: step.messages }),
 *   ); // each call's parent_request_id is the previous call's event_id
 * }
 * ```
 */
export class Chain {
  /** The correlation id every call of this chain carries. */
  readonly correlationId: string;
  /** The event id of the last call recorded, or `undefined` (a new or reset chain). */
  lastRequestId: string | undefined;

  constructor(options: ChainOptions = {}) {
    const { correlationId } = options;
    // The rules every call applies to its correlationId: checked here, not at the first call.
    const problem = correlationId === undefined ? undefined : text(correlationId);
    if (problem !== undefined) {
      throw optionError('new Chain', 'correlationId', problem);
    }
    this.correlationId = correlationId ?? generateCorrelationId();
    this.lastRequestId = undefined;
  }

  /** `{ correlationId, parentRequestId }` for the next call (no parent before the first call). */
  kwargs(): ChainKwargs {
    const { correlationId, lastRequestId } = this;
    return lastRequestId === undefined
      ? { correlationId }
      : { correlationId, parentRequestId: lastRequestId };
  }

  /**
   * Records `event` as the chain's last call when it belongs to the chain's correlation;
   * returns whether it did. Bound to its chain, so `onEvent: chain.record` works too.
   */
  readonly record = (event: Pick<LlmEvent, 'eventId' | 'correlationId'>): boolean => {
    if (event.correlationId !== this.correlationId) return false;
    this.lastRequestId = event.eventId;
    return true;
  };

  /** Forgets the last call: the next call starts the chain again (same correlation). */
  reset(): void {
    this.lastRequestId = undefined;
  }
}
