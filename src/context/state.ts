import { AsyncLocalStorage } from 'node:async_hooks';
import { type Configuration, configurationFromEnvironment } from './config.js';
import { type Frame, isFrame, rootFrame } from './frame.js';

/**
 * Process-wide state, kept on `globalThis` so that the ESM and the CJS build of this package,
 * loaded in one process, share one store, one global context and one configuration.
 */
interface SharedState {
  /** Bumped whenever the global context or the configuration changes: invalidates frame memos. */
  generation: number;
  /** The global context, as a frame below every scope. */
  global: Frame;
  config: Configuration;
  readonly root: Frame;
}

const STORAGE_KEY = Symbol.for('leanllm-context');
const STATE_KEY = Symbol.for('leanllm-context.state.v1');

type GlobalSlots = { [STORAGE_KEY]?: unknown; [STATE_KEY]?: SharedState };
const slots = globalThis as GlobalSlots;

function sharedStorage(): AsyncLocalStorage<Frame> {
  const existing = slots[STORAGE_KEY];
  if (existing instanceof AsyncLocalStorage) return existing as AsyncLocalStorage<Frame>;
  const created = new AsyncLocalStorage<Frame>();
  slots[STORAGE_KEY] = created;
  return created;
}

/** The one `AsyncLocalStorage` every scope runs in. */
export const storage: AsyncLocalStorage<Frame> = sharedStorage();

slots[STATE_KEY] ??= {
  generation: 0,
  global: rootFrame(),
  config: configurationFromEnvironment(process.env),
  root: rootFrame(),
};

/** The shared global context, configuration and root frame. */
export const state: SharedState = slots[STATE_KEY];

/** The frame in effect: the innermost scope's, or the root frame outside every scope. */
export function currentFrame(): Frame {
  const frame = storage.getStore();
  return isFrame(frame) ? frame : state.root;
}

/** Marks every derived value (snapshots, log fields, child loggers) as stale. */
export function invalidateFrames(): void {
  state.generation++;
}
