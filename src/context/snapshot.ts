import { FIELD_NAMES } from '../fields/context-fields.js';
import { type Frame, type FrameMemo, newMemo } from './frame.js';
import type { ContextSnapshot } from './schema.js';
import { state } from './state.js';

const EMPTY: ContextSnapshot = Object.freeze({});

/** The frame's memo, a new one first if the global context or configuration changed since. */
export function freshMemo(frame: Frame): FrameMemo {
  let memo = frame.memo;
  if (memo.generation !== state.generation) {
    memo = newMemo(state.generation);
    frame.memo = memo;
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

/** The frozen camelCase snapshot of the non-empty fields in effect in `frame`. */
export function snapshotOf(frame: Frame): ContextSnapshot {
  const memo = freshMemo(frame);
  memo.snapshot ??= resolve(frame);
  return memo.snapshot;
}
