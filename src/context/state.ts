import type { AsyncLocalStorage } from 'node:async_hooks';
import { describeThrown, warnOnce } from '../warnings.js';
import { type Configuration, configurationFromEnvironment } from './configuration.js';
import { type Frame, isFrame, rootFrame } from './frame.js';
import { describeValue } from './schema.js';
import { sharedGlobal } from './shared-global.js';

/**
 * Process-wide state, kept on `globalThis` (`sharedGlobal`, under a versioned key) so that the
 * ESM and the CJS build of this package, loaded in one process, share one store, one global
 * context and one configuration.
 */
interface SharedState {
  /** Bumped whenever the global context or the configuration changes: invalidates frame memos. */
  generation: number;
  /** The global context, as a frame below every scope. */
  global: Frame;
  config: Configuration;
  readonly root: Frame;
}

function isSharedState(value: unknown): value is SharedState {
  const candidate = value as Partial<SharedState> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.generation === 'number' &&
    isFrame(candidate.root)
  );
}

const shared = sharedGlobal<SharedState>(
  () => ({
    generation: 0,
    global: rootFrame(),
    config: configurationFromEnvironment(process.env),
    root: rootFrame(),
  }),
  isSharedState,
);

/** The one `AsyncLocalStorage` every scope runs in. */
export const storage = shared.storage as AsyncLocalStorage<Frame>;

/** The shared global context, configuration and root frame. */
export const state: SharedState = shared.state;

/**
 * The frame a store value stands for: the latest frame of its scope (`assignContext` moves it
 * on), or the root frame when the store is empty. Anything else in the store (someone else's
 * value, a bug) is the root frame too, reported once as `LEANLLM_CONTEXT_UNREADABLE`.
 */
export function frameOfStore(store: unknown): Frame {
  if (isFrame(store)) return store.scope?.current ?? store;
  if (store !== undefined) reportForeignStore(store);
  return state.root;
}

/**
 * Reports, once, that the context could not be read (whatever was thrown, even a value that
 * cannot be printed): the line is then written without it.
 */
export function reportUnreadableContext(error: unknown): void {
  warnOnce(
    'LEANLLM_CONTEXT_UNREADABLE',
    `the context could not be read, lines are written without it (${describeThrown(error)})`,
  );
}

function reportForeignStore(store: unknown): void {
  reportUnreadableContext(`the store holds ${describeValue(store)}, not a context frame`);
}

/** The frame in effect: the innermost scope's latest, or the root frame outside every scope. */
export function currentFrame(): Frame {
  return frameOfStore(storage.getStore());
}

/** Marks every derived value (snapshots, log fields, child loggers) as stale. */
export function invalidateFrames(): void {
  state.generation++;
}
