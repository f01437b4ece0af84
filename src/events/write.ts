import pino from 'pino';
import type { Frame } from '../context/frame.js';
import { currentFrame, storage } from '../context/state.js';
import { LLM_CALL_EVENT } from '../fields/event-fields.js';
import { loggerWrappedBy } from '../pino/context-logger.js';
import { describeThrown, warnOnce } from '../warnings.js';

/**
 * What `logLlmCall` and `trackLlmCall` need of a logger: pino's `info` and `error` (and, when it
 * has one, `isLevelEnabled`, to skip building a line nobody will write). A pino logger, child or
 * `contextLogger` fits.
 *
 * @example
 * ```ts
 * const logger: LlmLogger = pino({ mixin: contextMixin() });
 * ```
 */
export interface LlmLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
  isLevelEnabled?(level: string): boolean;
}

/** Whether `logger` writes lines at `level` (a logger that cannot tell is assumed to). */
export function writesAt(logger: LlmLogger, level: 'info' | 'error'): boolean {
  try {
    return typeof logger.isLevelEnabled !== 'function' || logger.isLevelEnabled(level);
  } catch {
    return true;
  }
}

const TIME = pino.symbols.timeSym;
const EPOCH_TIME = pino.stdTimeFunctions.epochTime;

// The time the next line is written with: the event's own `time`, so that the returned event
// and the line agree to the millisecond.
let pinnedTime = 0;
function writePinnedTime(): string {
  return `,"time":${pinnedTime}`;
}

/**
 * Loggers that write pino's default epoch `time` get a twin that writes `pinnedTime` instead: an
 * object whose prototype is the logger (as pino's own child loggers are), made once per
 * logger, so nothing is allocated per line and the logger itself is never modified.
 */
const pinnedTwins = new WeakMap<object, LlmLogger>();

function targetOf(logger: LlmLogger): LlmLogger {
  // A contextLogger would bind the context as a child binding and the line would carry its
  // keys twice: write through the logger it wraps (the line carries the context itself).
  const base: LlmLogger = loggerWrappedBy(logger) ?? logger;
  if ((base as unknown as Record<symbol, unknown>)[TIME] !== EPOCH_TIME) return base;
  let twin = pinnedTwins.get(base);
  if (twin === undefined) {
    twin = Object.create(base) as LlmLogger;
    Object.defineProperty(twin, TIME, { value: writePinnedTime });
    pinnedTwins.set(base, twin);
  }
  return twin;
}

function write(
  logger: LlmLogger,
  level: 'info' | 'error',
  line: Record<string, unknown>,
  time: number,
): void {
  pinnedTime = time;
  targetOf(logger)[level](line, LLM_CALL_EVENT);
}

/**
 * Writes an `llm.call` line at `level`, inside `frame` (so a context mixin stamps the context
 * the call was made in, even when a stream ends elsewhere), with pino's `time` set to `time`.
 * Never throws: a logger that fails costs the line (reported once as a process warning), never
 * the call.
 */
export function writeEventLine(
  logger: LlmLogger,
  level: 'info' | 'error',
  line: Record<string, unknown>,
  time: number,
  frame: Frame,
): void {
  try {
    if (currentFrame() === frame) write(logger, level, line, time);
    else storage.run(frame, write, logger, level, line, time);
  } catch (error) {
    warnOnce(
      'LEANLLM_EVENT_NOT_WRITTEN',
      `an llm.call line could not be written (${describeThrown(error)})`,
    );
  }
}
