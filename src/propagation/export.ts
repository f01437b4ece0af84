import { ContextValidationError } from '../context/errors.js';
import {
  type ContextSnapshot,
  ContextSnapshotSchema,
  describeValue,
  isPlainObject,
  readUntrusted,
  validateContextFields,
} from '../context/schema.js';
import { FIELD_NAMES } from '../fields/context-fields.js';
import { propagationEnabled } from './allow-list.js';
import { runInIncomingContext } from './incoming-scope.js';
import { outgoing } from './outgoing.js';

/** The format version `exportContext` writes and `withImportedContext` reads. */
export const EXPORTED_CONTEXT_VERSION = 1;

/**
 * The context of one process, as `exportContext()` returns it: JSON-safe (it survives
 * `JSON.stringify`, a job queue, `postMessage`) and versioned.
 *
 * @example
 * ```ts
 * const exported: ExportedContext = exportContext();
 * // { version: 1, fields: { sessionId: 'sess-1', correlationId: '4bf9…', tags: { tier: 'pro' } } }
 * ```
 */
export interface ExportedContext {
  readonly version: typeof EXPORTED_CONTEXT_VERSION;
  /** Every non-empty field in effect, camelCase, as `getCurrentContext()` gives them. */
  readonly fields: ContextSnapshot;
}

/**
 * The context in effect as a small, JSON-safe, versioned object, to hand to your own workers:
 * BullMQ job data, `worker_threads` `workerData` or messages, anything that carries JSON. It
 * carries every field, user id and tags included (the `propagate` allow-list is for HTTP
 * headers). Exported inside an in-flight LLM call, it carries that call's event id as
 * `parentRequestId`: the calls made where it is imported are that call's children. `withImportedContext` runs code inside it. When propagation is off
 * (`LEANLLM_PROPAGATION=false`) its `fields` are empty.
 *
 * @example
 * ```ts
 * import { exportContext, withContext } from 'leanllm-context';
 *
 * await withContext({ sessionId: 'sess-1', userId: 'u-42' }, () =>
 *   queue.add('summarize', { documentId, context: exportContext() }),
 * );
 * ```
 */
export function exportContext(): ExportedContext {
  if (!propagationEnabled()) return { version: EXPORTED_CONTEXT_VERSION, fields: {} };
  const { tags, ...fields } = outgoing().context;
  return {
    version: EXPORTED_CONTEXT_VERSION,
    // Spreads are fresh, unfrozen copies; a spread keeps a tag named `__proto__` an own key.
    fields: tags === undefined ? fields : { ...fields, tags: { ...tags } },
  };
}

function invalid(field: string, message: string): ContextValidationError {
  return new ContextValidationError(field, `invalid exported context: ${message}`);
}

/**
 * Checks an exported context from elsewhere, whole: the shape `{ version: 1, fields }`, at most
 * the known fields, every field valid for the context schema and not `null`. Throws
 * `ContextValidationError` naming what was wrong; nothing is ever imported in part.
 */
export function validateExportedContext(input: unknown): ContextSnapshot {
  // A proxy trap or getter that throws while the object is read makes it invalid too.
  return readUntrusted('(exported)', 'invalid exported context: the object', () =>
    readExportedContext(input),
  );
}

/** `validateExportedContext` without the guard: may throw whatever reading `input` throws. */
function readExportedContext(input: unknown): ContextSnapshot {
  if (!isPlainObject(input)) {
    throw invalid(
      '(exported)',
      `expected the object exportContext() returns, got ${describeValue(input)}`,
    );
  }
  for (const key of Object.keys(input)) {
    if (key !== 'version' && key !== 'fields') {
      throw invalid(key, `unknown key ${JSON.stringify(key.slice(0, 80))}`);
    }
  }
  if (input.version !== EXPORTED_CONTEXT_VERSION) {
    throw invalid(
      'version',
      `unsupported version ${describeValue(input.version)}: this leanllm-context reads version ${EXPORTED_CONTEXT_VERSION}`,
    );
  }
  const { fields } = input;
  if (!isPlainObject(fields)) {
    throw invalid('fields', `"fields" must be an object, got ${describeValue(fields)}`);
  }
  const keys = Object.keys(fields);
  if (keys.length > FIELD_NAMES.length) {
    throw invalid(
      'fields',
      `"fields" has ${keys.length} keys; a context has at most ${FIELD_NAMES.length}`,
    );
  }
  let valid: ReturnType<typeof validateContextFields>;
  try {
    valid = validateContextFields(fields, ContextSnapshotSchema);
  } catch (error) {
    if (error instanceof ContextValidationError) throw invalid(error.field, error.message);
    throw error;
  }
  for (const [key, value] of Object.entries(valid)) {
    if (value === null) throw invalid(key, `context field "${key}" must not be null`);
  }
  for (const [tag, value] of Object.entries(valid.tags ?? {})) {
    if (value === null)
      throw invalid(`tags.${tag}`, `context field "tags.${tag}" must not be null`);
  }
  return valid as ContextSnapshot;
}

/**
 * Runs `fn` inside a context that `exportContext()` made in another process or thread, and
 * returns what `fn` returns. The import is untrusted input: it is validated whole first, and a
 * bad one throws `ContextValidationError` before `fn` runs (never a silent partial import). A
 * correlation id in it opens a correlation scope (as `trace()` does). When propagation is off
 * (`LEANLLM_PROPAGATION=false`), it just calls `fn`.
 *
 * @example
 * ```ts
 * import { Worker } from 'bullmq';
 * import { withImportedContext } from 'leanllm-context';
 *
 * new Worker('summaries', (job) =>
 *   withImportedContext(job.data.context, async () => {
 *     logger.info('summarizing'); // carries the session_id and user_id of the request that queued it
 *     return summarize(job.data.documentId);
 *   }),
 * );
 * ```
 */
export function withImportedContext<R>(exported: unknown, fn: () => R): R {
  if (!propagationEnabled()) return fn();
  return runInIncomingContext(validateExportedContext(exported), fn);
}
