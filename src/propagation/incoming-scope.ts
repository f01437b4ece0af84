import { ContextValidationError } from '../context/errors.js';
import type { Frame } from '../context/frame.js';
import {
  type ContextFields,
  ContextSnapshotSchema,
  type ValidatedFields,
  validateContextFields,
} from '../context/schema.js';
import { openScope } from '../context/scope.js';
import { storage } from '../context/state.js';
import type { OnDropped } from './dropped.js';

/**
 * The scope of incoming fields. With `report` (headers: never throw), a field that would take
 * the merged context over its limits (`tags`, `section`) is reported and left out; without it
 * (an import), that is a `ContextValidationError`.
 */
function openIncomingScope(fields: ValidatedFields, report: OnDropped | undefined): Frame {
  const { correlationId, parentRequestId } = fields;
  const options = {
    chain: correlationId == null ? undefined : { correlationId, lastRequestId: undefined },
    callId: parentRequestId ?? undefined,
  };
  let valid = fields;
  for (;;) {
    try {
      return openScope(valid, options);
    } catch (error) {
      if (report === undefined || !(error instanceof ContextValidationError)) throw error;
      report(error.field, error.message);
      valid = { ...valid, [error.field]: undefined };
    }
  }
}

/**
 * Runs `fn` in context that came from another process. A correlation id that came with it opens
 * a correlation scope, as `trace()` does, so the LLM calls made here chain to one another; a
 * `parentRequestId` that came with it (the caller's in-flight call) stands for that call, so
 * every call made here outside a call of its own is its child, as it would be in-process.
 */
export function runInIncomingContext<R>(fields: ContextFields, fn: () => R, report?: OnDropped): R {
  const valid = validateContextFields(fields, ContextSnapshotSchema);
  return storage.run(openIncomingScope(valid, report), fn);
}
