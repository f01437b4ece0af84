import { deriveFrame, rootFrame } from './frame.js';
import { checkMergedLimits } from './merged-limits.js';
import { type ContextFields, validateContextFields } from './schema.js';
import { invalidateFrames, state } from './state.js';

/**
 * Sets process-wide default fields, below every scope. Merges over the global context already
 * set (`null` removes a field; a `section` replaces the previous one); scopes and per-call
 * values win over it.
 *
 * @example
 * ```ts
 * import { setGlobalContext } from 'leanllm-context';
 *
 * setGlobalContext({ environment: 'production', tags: { region: 'eu-west-1' } });
 * ```
 */
export function setGlobalContext(fields: ContextFields): void {
  const valid = validateContextFields(fields);
  const global = deriveFrame(state.global, valid, { nestSections: false });
  checkMergedLimits(global, valid, () => undefined);
  state.global = global;
  invalidateFrames();
}

/**
 * Removes every global context field set by `setGlobalContext`.
 *
 * @example
 * ```ts
 * afterEach(() => clearGlobalContext());
 * ```
 */
export function clearGlobalContext(): void {
  state.global = rootFrame();
  invalidateFrames();
}
