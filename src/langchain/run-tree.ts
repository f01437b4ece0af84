import { snapshotOf } from '../context/snapshot.js';
import { currentFrame, state } from '../context/state.js';
import type { InFlightCall } from '../events/in-flight-call.js';
import { resolveLineage } from '../events/lineage.js';

/** One LangChain root run (an `invoke`, `stream` or `batch` entry) and everything under it. */
interface RunTree {
  /** The correlation every model call of the tree shares. */
  readonly correlationId: string;
  /** The parent the first model call of the tree takes: what a call made where the root started would. */
  readonly anchor: string | undefined;
  /** The last model call of the tree that ended (the auto-chain). */
  lastRequestId: string | undefined;
}

/** A run we know of: a chain, tool or retriever run, or a model run with its call. */
interface Run {
  readonly tree: RunTree;
  readonly parent: Run | undefined;
  readonly call: InFlightCall | undefined;
}

/** Runs kept at most: a run whose end never comes (a stream the consumer dropped) is forgotten after as many more. */
const MAX_RUNS = 10_000;

/** Where a model run sits in its tree: the lineage options of its call. */
export interface RunLineage {
  readonly correlationId?: string;
  readonly parentRequestId?: string;
}

/**
 * The LangChain run tree as the handler sees it, run id by run id, mapped to our events. A root
 * run's model calls share one correlation (the caller's, or a fresh one); a model call's parent
 * is the model run it is nested in, else (with `autoChain`) the tree's previous model call, else
 * what a call made where the root run started would take.
 */
export class RunTrees {
  private readonly runs = new Map<string, Run>();

  private add(runId: string, run: Run): void {
    if (this.runs.size >= MAX_RUNS) {
      const oldest = this.runs.keys().next().value as string;
      this.runs.delete(oldest);
    }
    this.runs.set(runId, run);
  }

  /** A chain, tool or retriever run started (under `parentRunId` when it has one). */
  enter(runId: string, parentRunId: string | undefined): void {
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    this.add(runId, { tree: parent?.tree ?? this.newTree(), parent, call: undefined });
  }

  /** The lineage options of a model run starting under `parentRunId` (none for a root run). */
  lineageOf(parentRunId: string | undefined): RunLineage {
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    if (parent === undefined) return {};
    const { tree } = parent;
    const enclosing = enclosingCall(parent);
    const previous = state.config.autoChain ? tree.lastRequestId : undefined;
    return {
      correlationId: tree.correlationId,
      parentRequestId: enclosing?.eventId ?? previous ?? tree.anchor,
    };
  }

  /** A model run started with its call (the call's lineage came from `lineageOf`). */
  enterCall(runId: string, parentRunId: string | undefined, call: InFlightCall): void {
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    const tree = parent?.tree ?? {
      correlationId: call.correlationId,
      anchor: undefined,
      lastRequestId: undefined,
    };
    this.add(runId, { tree, parent, call });
  }

  /** The call of a model run, if it is still in flight. */
  callOf(runId: string): InFlightCall | undefined {
    return this.runs.get(runId)?.call;
  }

  /** A run ended: forgotten; a model run's call becomes the tree's last (unless nested in another call). */
  leave(runId: string): void {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    this.runs.delete(runId);
    if (
      run.call !== undefined &&
      (run.parent === undefined || enclosingCall(run.parent) === undefined)
    )
      run.tree.lastRequestId = run.call.eventId;
  }

  private newTree(): RunTree {
    const frame = currentFrame();
    const { correlationId, parentRequestId } = resolveLineage(
      frame,
      snapshotOf(frame),
      {},
      state.config.autoChain,
    );
    return { correlationId, anchor: parentRequestId, lastRequestId: undefined };
  }
}

/** The nearest model run at or above `run`, if any. */
function enclosingCall(run: Run): InFlightCall | undefined {
  for (let at: Run | undefined = run; at !== undefined; at = at.parent) {
    if (at.call !== undefined) return at.call;
  }
  return undefined;
}
