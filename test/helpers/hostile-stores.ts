import type { Logger } from 'pino';
import { expect, it, onTestFinished, vi } from 'vitest';
import { withContext } from '../../src/index.js';

/**
 * What a store (or the global context) can hold when something other than this package wrote
 * it, or a bug did: the mixin and `contextLogger` must write every line anyway, without context.
 * Reaches past the public API on purpose, through the package's global slots (`src/context/state.ts`).
 */
const FRAME_BRAND = Symbol.for('leanllm-context.frame.v1');
/** The package's versioned global slot (`src/context/shared-global.ts`). */
const SHARED_KEY = Symbol.for('leanllm-context.v1');

interface Slots {
  run<R>(store: unknown, fn: () => R): R;
}
interface SharedState {
  global: unknown;
  generation: number;
}

const slots = globalThis as unknown as Record<symbol, { storage: Slots; state: SharedState }>;
/** The one store every copy of the package shares, reached past the public API. */
export const packageStorage = (): Slots => (slots[SHARED_KEY] as { storage: Slots }).storage;
const storage = packageStorage;
const sharedState = () => (slots[SHARED_KEY] as { state: SharedState }).state;

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

const UNREADABLE = 'leanllm-context: the context could not be read, lines are written without it';
const UNREADABLE_CODE = { code: 'LEANLLM_CONTEXT_UNREADABLE' };

/** Spies on `process.emitWarning` (silenced) for the current test, restored when it finishes. */
function spyOnWarnings() {
  const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  onTestFinished(() => warning.mockRestore());
  return warning;
}

/** Every warning emitted is the "context could not be read" one (each message once a process). */
function expectOnlyUnreadableWarnings(warning: ReturnType<typeof spyOnWarnings>): void {
  for (const call of warning.mock.calls) {
    expect(call).toEqual([expect.stringMatching(`^${UNREADABLE} \\(.+\\)$`), UNREADABLE_CODE]);
  }
}

/**
 * The tests every context-stamping logger passes: whatever the store or the global context
 * holds, each line is written (without context) and the only warning is the one saying so.
 * `make` gives a fresh logger and the raw lines it wrote.
 */
export function itWritesEveryLineWhateverTheStoreHolds(
  make: () => { log: Logger; raw: string[] },
): void {
  it('a store that throws on every read: the lines are written without context, one warning says why', () => {
    const warning = spyOnWarnings();
    const { log, raw } = make();
    const store = new Proxy({}, { get: throwing(new Error('hostile store')) });
    inStore(store, () => {
      log.info('first');
      log.info('second');
    });
    expect(raw).toEqual(['{"level":30,"msg":"first"}\n', '{"level":30,"msg":"second"}\n']);
    expect(warning.mock.calls).toEqual([[`${UNREADABLE} (hostile store)`, UNREADABLE_CODE]]);
  });

  it.each(HOSTILE_STORES)(
    'never throws: %s in the store writes the line without context',
    (_, store) => {
      const warning = spyOnWarnings();
      const { log, raw } = make();
      expect(() => inStore(store(), () => log.info('line'))).not.toThrow();
      expect(raw).toEqual(['{"level":30,"msg":"line"}\n']);
      expectOnlyUnreadableWarnings(warning);
    },
  );

  it.each(HOSTILE_STORES)(
    'never throws: %s as the global context writes every line',
    (_, hostile) => {
      const warning = spyOnWarnings();
      const { log, raw } = make();
      withGlobalContext(hostile(), () => {
        log.info('outside');
        withContext({ sessionId: 's1' }, () => log.info('inside'));
      });
      expect(raw.map((line) => JSON.parse(line).msg)).toEqual(['outside', 'inside']);
      expectOnlyUnreadableWarnings(warning);
    },
  );
}
