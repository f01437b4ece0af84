import { currentConfiguration } from '../context/configure.js';
import type { FieldName } from '../fields/context-fields.js';

const sets = new WeakMap<readonly FieldName[], ReadonlySet<FieldName>>();

/**
 * The fields that may cross a process boundary in headers, per `configure({ propagate })`, or
 * `undefined` when propagation is off (`configure({ propagation: false })`,
 * `LEANLLM_PROPAGATION=false`). Read on every call, so a `configure()` takes effect at once.
 */
export function propagatedFields(): ReadonlySet<FieldName> | undefined {
  const config = currentConfiguration();
  if (!config.propagation) return undefined;
  let allowed = sets.get(config.propagate);
  if (allowed === undefined) {
    allowed = new Set(config.propagate);
    sets.set(config.propagate, allowed);
  }
  return allowed;
}

/** Whether propagation is on: when off, every propagation function is a pass-through. */
export function propagationEnabled(): boolean {
  return currentConfiguration().propagation;
}
