import { deriveFrame, type Frame } from '../context/frame.js';
import { checkMergedLimits } from '../context/merged-limits.js';
import {
  type ContextFields,
  type ValidatedFields,
  validateContextFields,
} from '../context/schema.js';
import { globalTags } from '../context/scope.js';
import { FIELD_NAMES, type FieldName } from '../fields/context-fields.js';

/**
 * The context fields a call may give for its own line (`correlationId` and `parentRequestId`
 * are its lineage options, with rules of their own).
 */
export const PER_CALL_CONTEXT_FIELDS: readonly FieldName[] = FIELD_NAMES.filter(
  (name) => name !== 'correlationId' && name !== 'parentRequestId',
);

/**
 * Context fields given for one call (`sessionId`, `userId`, `feature`, `tags`, `section`, ...):
 * they win over the ambient context on that call's line only.
 *
 * @example
 * ```ts
 * const perCall: PerCallContext = { userId: 'u-42', tags: { experiment: 'b' }, section: 'step:rerank' };
 * ```
 */
export type PerCallContext = Omit<ContextFields, 'correlationId' | 'parentRequestId'>;

/**
 * The per-call context fields of `options`, validated as `withContext` validates (a
 * `ContextValidationError` naming the field), and checked against the limits of a whole context
 * merged over `frame`; `undefined` when the call gives none.
 */
export function perCallContext(options: object, frame: Frame): ValidatedFields | undefined {
  const given: Record<string, unknown> = {};
  let count = 0;
  for (const name of PER_CALL_CONTEXT_FIELDS) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    given[name] = value;
    count++;
  }
  if (count === 0) return undefined;
  const fields = validateContextFields(given);
  checkMergedLimits(deriveFrame(frame, fields), fields, globalTags);
  return fields;
}

/**
 * The frame a call's line is written in: its caller's scope as it is now (fields assigned to it
 * while the call ran included), with the call's own context fields over it (tags merged key by
 * key, `section` appended to the path).
 */
export function lineFrame(callerFrame: Frame, perCall: ValidatedFields | undefined): Frame {
  const scope = callerFrame.scope.current;
  return perCall === undefined ? scope : deriveFrame(scope, perCall);
}
