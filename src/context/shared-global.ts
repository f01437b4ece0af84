import { AsyncLocalStorage } from 'node:async_hooks';
import { warnOnce } from '../warnings.js';

/**
 * The version of what copies of this package share on `globalThis`: the layout of a frame and
 * of the shared state. Bump it with any change a copy of the previous version would misread;
 * copies of one version (the ESM and the CJS build, or two installs of compatible releases)
 * share one store, copies of two versions keep apart and say so.
 */
export const SHARED_VERSION = 1;

const KEY_PREFIX = 'leanllm-context.v';
/** The slot of this version: `Symbol.for('leanllm-context.v1')`, shared by every copy of it. */
const SHARED_KEY = Symbol.for(`${KEY_PREFIX}${SHARED_VERSION}`);
/**
 * The documented key of the one `AsyncLocalStorage` (`globalThis[Symbol.for('leanllm-context')]`):
 * the store every scope runs in, for tools that look for it. The versioned slot holds the same
 * store beside the state.
 */
const STORE_KEY = Symbol.for('leanllm-context');

/** What one version's slot holds: the version it was made by, the store, and the state. */
export interface SharedGlobal<S> {
  readonly version: number;
  readonly storage: AsyncLocalStorage<unknown>;
  readonly state: S;
}

type Slots = Record<symbol, unknown>;

/** Whether `value` is a slot this copy can use: made by this version, with a real store. */
function isCompatible<S>(
  value: unknown,
  isState: (state: unknown) => state is S,
): value is SharedGlobal<S> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SharedGlobal<unknown>>;
  return (
    candidate.version === SHARED_VERSION &&
    candidate.storage instanceof AsyncLocalStorage &&
    isState(candidate.state)
  );
}

/** The shared-state versions of the other copies of this package loaded in this process. */
function otherVersions(slots: Slots): string[] {
  const others: string[] = [];
  for (const key of Object.getOwnPropertySymbols(slots)) {
    if (key === SHARED_KEY) continue;
    if (key.description?.startsWith(KEY_PREFIX) === true && Symbol.for(key.description) === key) {
      others.push(`v${key.description.slice(KEY_PREFIX.length)}`);
    }
  }
  return others;
}

function reportConflict(others: readonly string[]): void {
  warnOnce(
    'LEANLLM_VERSION_CONFLICT',
    `copies of this package with incompatible shared state are loaded in one process (this one: v${SHARED_VERSION}; others: ${others.join(', ')}); each keeps its own context, so a scope opened through one copy is not seen by another. Install one version (npm ls leanllm-context)`,
  );
}

/**
 * The store and state every copy of this version shares, as `@opentelemetry/api` keeps its
 * globals: the first copy to load registers them under this version's key; a later copy of
 * the same version uses them; a copy that finds another version's slot, or a slot under its
 * own key that it cannot read, says so once (`LEANLLM_VERSION_CONFLICT`) and keeps its own
 * rather than misreading another version's frames. Read once at load: nothing on the hot path.
 */
export function sharedGlobal<S>(
  createState: () => S,
  isState: (state: unknown) => state is S,
): SharedGlobal<S> {
  const slots = globalThis as unknown as Slots;
  const existing = slots[SHARED_KEY];
  if (isCompatible(existing, isState)) return existing;
  const created: SharedGlobal<S> = Object.freeze({
    version: SHARED_VERSION,
    storage: new AsyncLocalStorage<unknown>(),
    state: createState(),
  });
  if (existing !== undefined) {
    reportConflict([`an unreadable v${SHARED_VERSION} slot`]);
    return created;
  }
  slots[SHARED_KEY] = created;
  slots[STORE_KEY] = created.storage;
  const others = otherVersions(slots);
  if (others.length > 0) reportConflict(others);
  return created;
}
