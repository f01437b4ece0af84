import {
  CONTEXT_LOG_KEYS,
  FIELD_NAMES,
  OTEL_ATTRIBUTE_NAMES,
  OTEL_TAG_PREFIX,
} from '../fields/context-fields.js';
import type { Frame, FrameMemo } from './frame.js';
import type { ContextSnapshot } from './schema.js';
import { state } from './state.js';

const EMPTY: ContextSnapshot = Object.freeze({});

/** The frame's memo, emptied first if the global context or configuration changed since. */
export function freshMemo(frame: Frame): FrameMemo {
  const memo = frame.memo;
  if (memo.generation !== state.generation) {
    memo.generation = state.generation;
    memo.snapshot = undefined;
    memo.logFields = undefined;
    memo.childOf = undefined;
    memo.child = undefined;
    memo.children = undefined;
    memo.otelLogFields = undefined;
  }
  return memo;
}

function resolveTags(frame: Frame): Readonly<Record<string, string>> | undefined {
  // Spread, not Object.assign: a tag named `__proto__` must stay an own property.
  const merged: Record<string, string | null> = {
    ...(frame.tagsCleared ? undefined : state.global.tags),
    ...frame.tags,
  };
  const tags: Record<string, string> = {};
  let count = 0;
  for (const key of Object.keys(merged)) {
    const value = merged[key];
    if (typeof value !== 'string') continue;
    Object.defineProperty(tags, key, { value, enumerable: true });
    count++;
  }
  return count === 0 ? undefined : Object.freeze(tags);
}

function resolve(frame: Frame): ContextSnapshot {
  const { fields } = frame;
  const globalFields = state.global.fields;
  const snapshot: Record<string, unknown> = {};
  let count = 0;
  for (const name of FIELD_NAMES) {
    if (name === 'tags') continue;
    let value = fields[name];
    if (value === undefined) value = globalFields[name];
    if (value === undefined && name === 'environment') value = state.config.environment;
    if (value === undefined || value === null) continue;
    snapshot[name] = value;
    count++;
  }
  const tags = resolveTags(frame);
  if (tags !== undefined) {
    snapshot.tags = tags;
    count++;
  }
  return count === 0 ? EMPTY : Object.freeze(snapshot);
}

/**
 * `fields` rebuilt through JSON.parse: V8 then lays the properties out in-object, which makes
 * the per-line copy and pino's per-line serialization of them measurably faster (bench/).
 */
function laidOutInObject(fields: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
}

/** The frozen camelCase snapshot of the non-empty fields in effect in `frame`. */
export function snapshotOf(frame: Frame): ContextSnapshot {
  const memo = freshMemo(frame);
  memo.snapshot ??= resolve(frame);
  return memo.snapshot as ContextSnapshot;
}

/** The snapshot under log keys (`session_id`, `section_path`, ...), in table order; shared, so callers copy it. */
export function logFieldsOf(frame: Frame): Readonly<Record<string, unknown>> {
  const memo = freshMemo(frame);
  if (memo.logFields === undefined) {
    const snapshot = snapshotOf(frame) as Record<string, unknown>;
    const logFields: Record<string, unknown> = {};
    for (const name of FIELD_NAMES) {
      const value = snapshot[name];
      if (value !== undefined) logFields[CONTEXT_LOG_KEYS[name]] = value;
    }
    memo.logFields = laidOutInObject(logFields);
  }
  return memo.logFields as Readonly<Record<string, unknown>>;
}

/**
 * The frozen snapshot under OpenTelemetry names (`session.id`, `gen_ai.conversation.id`,
 * `leanllm.section_path`, a `leanllm.tag.<key>` per tag), in table order: the log fields of
 * `keys: 'otel'`, memoized next to the snake_case ones.
 */
export function otelLogFieldsOf(frame: Frame): Readonly<Record<string, unknown>> {
  const memo = freshMemo(frame);
  if (memo.otelLogFields === undefined) {
    const snapshot = snapshotOf(frame) as Record<string, unknown>;
    const logFields: Record<string, unknown> = {};
    for (const name of FIELD_NAMES) {
      const value = snapshot[name];
      if (value === undefined) continue;
      if (name !== 'tags') logFields[OTEL_ATTRIBUTE_NAMES[name]] = value;
      else
        for (const [key, tag] of Object.entries(value as object))
          logFields[`${OTEL_TAG_PREFIX}${key}`] = tag;
    }
    memo.otelLogFields = laidOutInObject(logFields);
  }
  return memo.otelLogFields as Readonly<Record<string, unknown>>;
}
