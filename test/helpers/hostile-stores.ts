/**
 * What a store (or the global context) can hold when something other than this package wrote
 * it, or a bug did: the mixin and `contextLogger` must write every line anyway, without context.
 * Reaches past the public API on purpose, through the package's global slots (`src/context/state.ts`).
 */
const FRAME_BRAND = Symbol.for('leanllm-context.frame.v1');
const STORAGE_KEY = Symbol.for('leanllm-context');
const STATE_KEY = Symbol.for('leanllm-context.state.v1');

interface Slots {
  run<R>(store: unknown, fn: () => R): R;
}
interface SharedState {
  global: unknown;
  generation: number;
}

const slots = globalThis as unknown as Record<symbol, unknown>;
const storage = () => slots[STORAGE_KEY] as Slots;
const sharedState = () => slots[STATE_KEY] as SharedState;

const memo = () => ({ generation: -1 });
const throwing = (thrown: unknown) => () => {
  throw thrown;
};
/** A frame as the package makes them, with `fields` replaced. */
const brandedFrame = (fields: object, extra: object = {}) => ({
  [FRAME_BRAND]: true,
  fields,
  tags: undefined,
  tagsCleared: false,
  memo: memo(),
  ...extra,
});
const getterThrowing = (thrown: unknown) =>
  Object.defineProperty({}, 'sessionId', { get: throwing(thrown), enumerable: true });

/** Named garbage for the store, each a fresh value. */
export const HOSTILE_STORES: [string, () => unknown][] = [
  ['a number', () => 42],
  ['a string', () => 'sess-1'],
  ['a plain object', () => ({ sessionId: 'not a frame' })],
  ['a proxy that throws on every read', () => new Proxy({}, { get: throwing(new Error('proxy')) })],
  [
    'a frame whose value is a getter that throws',
    () => brandedFrame(getterThrowing(new Error('getter'))),
  ],
  [
    'a frame whose getter throws something unprintable',
    () => brandedFrame(getterThrowing(Object.create(null))),
  ],
  ['a frame whose value is a BigInt', () => brandedFrame({ sessionId: 10n })],
  ['a frame whose memo is null', () => brandedFrame({ sessionId: 's1' }, { memo: null })],
  [
    'a frame whose brand is a getter that throws',
    () => Object.defineProperty({}, FRAME_BRAND, { get: throwing(new Error('brand')) }),
  ],
];

/** Runs `fn` with `store` in the package's store. */
export function inStore<R>(store: unknown, fn: () => R): R {
  return storage().run(store, fn);
}

/** Runs `fn` with the global context replaced by `hostile` (restored after). */
export function withGlobalContext<R>(hostile: unknown, fn: () => R): R {
  const state = sharedState();
  const saved = state.global;
  state.global = hostile;
  state.generation++;
  try {
    return fn();
  } finally {
    state.global = saved;
    state.generation++;
  }
}
