import type { Frame, FrameMemo } from '../context/frame.js';
import { freshMemo, snapshotOf } from '../context/snapshot.js';
import {
  CONTEXT_LOG_KEYS,
  FIELD_NAMES,
  OTEL_ATTRIBUTE_NAMES,
  OTEL_TAG_PREFIX,
} from '../fields/context-fields.js';

/**
 * What pino keeps per frame (and generation): the context's log fields under each naming, and
 * the child loggers bound to them. Made on first use; a new generation (a change of settings)
 * gives the frame a new memo, and so a new cache.
 */
export interface PinoFrameCache {
  logFields: Readonly<Record<string, unknown>> | undefined;
  /** The log fields under OpenTelemetry names (`keys: 'otel'`). */
  otelLogFields: Readonly<Record<string, unknown>> | undefined;
  /** The child logger first made for this frame, and the `contextLogger` it was made for. */
  childOf: object | undefined;
  child: object | undefined;
  /** Child loggers for the other `contextLogger`s used in this frame. */
  children: WeakMap<object, object> | undefined;
}

/**
 * The memo slot of pino's cache: a symbol of this copy of the package, so that two copies
 * (ESM and CJS) sharing frames never read each other's child loggers.
 */
export const PINO_CACHE = Symbol('leanllm-context.pino');

/** The cache of `memo` if it has one (for the per-line paths, which inline the hit). */
export const cachedOf = (memo: FrameMemo): PinoFrameCache | undefined =>
  memo[PINO_CACHE] as PinoFrameCache | undefined;

/** The frame's pino cache for the current generation, made when missing. */
export function pinoCacheOf(frame: Frame): PinoFrameCache {
  const memo = freshMemo(frame);
  let cache = cachedOf(memo);
  if (cache === undefined) {
    cache = {
      logFields: undefined,
      otelLogFields: undefined,
      childOf: undefined,
      child: undefined,
      children: undefined,
    };
    memo[PINO_CACHE] = cache;
  }
  return cache;
}

/**
 * `fields` rebuilt through JSON.parse: V8 then lays the properties out in-object, which makes
 * the per-line copy and pino's per-line serialization of them measurably faster (bench/).
 */
function laidOutInObject(fields: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
}

/**
 * The snapshot's fields under their log keys (`session_id`, `section_path`, ...), or under
 * their OpenTelemetry names (`session.id`, `gen_ai.conversation.id`, a `leanllm.tag.<key>` per
 * tag), in table order, laid out in-object.
 */
function namedFields(frame: Frame, otel: boolean): Readonly<Record<string, unknown>> {
  const snapshot = snapshotOf(frame) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const value = snapshot[name];
    if (value === undefined) continue;
    if (!otel) fields[CONTEXT_LOG_KEYS[name]] = value;
    else if (name !== 'tags') fields[OTEL_ATTRIBUTE_NAMES[name]] = value;
    else
      for (const [key, tag] of Object.entries(value as object))
        fields[`${OTEL_TAG_PREFIX}${key}`] = tag;
  }
  return laidOutInObject(fields);
}

/** The snapshot under log keys (`session_id`, `section_path`, ...), memoized; shared, so callers copy it. */
export function logFieldsOf(frame: Frame): Readonly<Record<string, unknown>> {
  const cache = pinoCacheOf(frame);
  cache.logFields ??= namedFields(frame, false);
  return cache.logFields;
}

/** The snapshot under OpenTelemetry names (the log fields of `keys: 'otel'`), memoized next to the snake_case ones. */
export function otelLogFieldsOf(frame: Frame): Readonly<Record<string, unknown>> {
  const cache = pinoCacheOf(frame);
  cache.otelLogFields ??= namedFields(frame, true);
  return cache.otelLogFields;
}
