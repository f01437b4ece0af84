import type { Frame } from '../context/frame.js';
import type { ValidatedFields } from '../context/schema.js';
import { snapshotOf } from '../context/snapshot.js';
import { state } from '../context/state.js';
import { loggerKeys } from '../pino/context-logger.js';
import { usesOtelKeys } from '../pino/log-keys-option.js';
import { describeThrown, warnOnce } from '../warnings.js';
import { buildEvent, type CallFacts } from './event.js';
import { toLine, toOtelLine } from './line.js';
import { type Lineage, recordInChain } from './lineage.js';
import type { LlmEventHook } from './options.js';
import { lineFrame } from './per-call-context.js';
import { isSampledIn } from './sampling.js';
import type { LlmEvent } from './schema.js';
import { type LlmLogger, writeEventLine, writesAt } from './write.js';

function reportHookFailure(error: unknown): void {
  warnOnce(
    'LEANLLM_ON_EVENT_FAILED',
    `an onEvent hook threw (${describeThrown(error)}); the call is not affected`,
  );
}

function callHook(hook: LlmEventHook, event: LlmEvent): void {
  try {
    const result: unknown = typeof hook === 'function' ? hook(event) : hook.record(event);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, reportHookFailure);
    }
  } catch (error) {
    reportHookFailure(error);
  }
}

/**
 * Ends a call: builds its event (in the context of `frame`, the scope the call was made in, as
 * it is now, with the call's own context fields `perCall` over it),
 * records it in its correlation scope's auto-chain, writes its line unless sampling drops its
 * correlation (errors are always written), and hands it to `onEvent`. Returns the event, frozen.
 */
export function emitEvent(
  logger: LlmLogger,
  facts: CallFacts,
  lineage: Lineage,
  frame: Frame,
  onEvent: LlmEventHook | undefined,
  perCall: ValidatedFields | undefined,
): LlmEvent {
  const config = state.config;
  const time = Date.now();
  const scope = lineFrame(frame, perCall);
  const event = Object.freeze(buildEvent(facts, lineage, snapshotOf(scope), time, config));
  recordInChain(lineage, event.eventId);
  const level = event.status === 'error' ? 'error' : 'info';
  if (
    (level === 'error' || isSampledIn(event.correlationId, config.sampleRate)) &&
    writesAt(logger, level)
  ) {
    // under the names of the contextLogger it goes through, else the configuration's
    const line = usesOtelKeys(loggerKeys(logger)) ? toOtelLine(event) : toLine(event);
    writeEventLine(logger, level, line, time, scope);
  }
  if (onEvent !== undefined) callHook(onEvent, event);
  return event;
}
