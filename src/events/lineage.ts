import type { ChainState, Frame } from '../context/frame.js';
import { generateCorrelationId } from '../context/ids.js';
import type { ContextSnapshot } from '../context/schema.js';

/** The per-call lineage options: they win over everything the context says. */
export interface LineageOptions {
  readonly correlationId?: string | undefined;
  readonly parentRequestId?: string | undefined;
}

/** Where a call sits: its correlation, its parent, and the auto-chain it records itself in. */
export interface Lineage {
  readonly correlationId: string;
  readonly parentRequestId: string | undefined;
  /** The correlation scope's chain this call is recorded in when it ends (same correlation only). */
  readonly chain: ChainState | undefined;
}

/**
 * The lineage of a call starting now in `frame`:
 * - `correlationId`: the per-call value, else the context's, else a fresh one (a trace of one call);
 * - `parentRequestId`: the per-call value, else the enclosing in-flight call, else (with
 *   `autoChain`) the last call that ended in the same correlation scope before this one
 *   started, else the context's `parentRequestId`.
 * Outside a correlation scope (`trace()` or an in-flight call) there is no chain to follow.
 */
export function resolveLineage(
  frame: Frame,
  context: ContextSnapshot,
  options: LineageOptions,
  autoChain: boolean,
): Lineage {
  const correlationId = options.correlationId ?? context.correlationId ?? generateCorrelationId();
  const scopeChain = frame.chain;
  const chain = scopeChain?.correlationId === correlationId ? scopeChain : undefined;
  const parentRequestId =
    options.parentRequestId ??
    frame.callId ??
    (autoChain ? chain?.lastRequestId : undefined) ??
    context.parentRequestId;
  return { correlationId, parentRequestId, chain };
}

/** Records a call that ended as the last one of its correlation scope (for the next call's auto-chain). */
export function recordInChain(lineage: Lineage, eventId: string): void {
  if (lineage.chain !== undefined) lineage.chain.lastRequestId = eventId;
}
