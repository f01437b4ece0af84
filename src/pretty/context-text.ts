import { CONTEXT_LOG_KEYS } from '../fields/context-fields.js';
import { SEPARATOR, shortId, textOf } from './text.js';

const keys = CONTEXT_LOG_KEYS;

/** Fields shown by value alone, in this order: who, what, where, which flow. */
const BARE: readonly (keyof typeof CONTEXT_LOG_KEYS)[] = ['sessionId', 'userId', 'feature'];

/** Fields shown as `label=value` after them (rarer, or meaningless without a name). */
const LABELLED: readonly [keyof typeof CONTEXT_LOG_KEYS, string, boolean][] = [
  ['environment', 'env', false],
  ['modelId', 'model', false],
  ['samplingIteration', 'iter', false],
  ['requestId', 'req', true],
  ['parentRequestId', 'parent', true],
];

/**
 * A line's context fields as one compact text: `sess-1 · u-42 · search · agent:planner ·
 * 4bf92f35…` (session, user, feature, section, correlation id shortened), then `env=`, `model=`,
 * `iter=`, `req=`, `parent=` and each tag as `key=value`. Empty when the line carries none.
 * `withSection: false` leaves the section out (an `llm.call` line shows it already).
 */
export function contextText(log: Readonly<Record<string, unknown>>, withSection: boolean): string {
  const parts: string[] = [];
  for (const field of BARE) {
    const value = textOf(log[keys[field]]);
    if (value !== undefined) parts.push(value);
  }
  const section = withSection ? textOf(log[keys.section]) : undefined;
  if (section !== undefined) parts.push(section);
  const correlation = textOf(log[keys.correlationId]);
  if (correlation !== undefined) parts.push(shortId(correlation));
  for (const [field, label, isId] of LABELLED) {
    const value = textOf(log[keys[field]]);
    if (value !== undefined) parts.push(`${label}=${isId ? shortId(value) : value}`);
  }
  const tags = log[keys.tags];
  if (typeof tags === 'object' && tags !== null && !Array.isArray(tags)) {
    for (const [key, raw] of Object.entries(tags)) {
      const value = textOf(raw);
      if (value !== undefined) parts.push(`${textOf(key)}=${value}`);
    }
  }
  return parts.join(SEPARATOR);
}
