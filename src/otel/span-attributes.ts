import type { Frame } from '../context/frame.js';
import type { ContextSnapshot } from '../context/schema.js';
import { snapshotOf } from '../context/snapshot.js';
import { currentFrame } from '../context/state.js';
import { setOwnProperty } from '../util/own-property.js';
import {
  type AttributeMapping,
  type SpanAttributeOptions,
  spanAttributeMapping,
} from './attribute-mapping.js';

/**
 * The context as span attributes: OpenTelemetry attribute names to the fields' values (strings,
 * and a number for `leanllm.sampling_iteration`). Fits OpenTelemetry's `Attributes`.
 *
 * @example
 * ```ts
 * const attributes: ContextSpanAttributes = getSpanAttributes();
 * span.setAttributes(attributes);
 * ```
 */
export type ContextSpanAttributes = Record<string, string | number>;

function resolve(
  snapshot: ContextSnapshot,
  mapping: AttributeMapping,
): Readonly<ContextSpanAttributes> {
  const attributes: ContextSpanAttributes = {};
  const put = (name: string, value: string | number) => setOwnProperty(attributes, name, value);
  for (const [field, name] of mapping.fields) {
    const value = snapshot[field];
    if (value !== undefined) put(name, value);
  }
  const { tags } = snapshot;
  if (mapping.tagPrefix !== undefined && tags !== undefined) {
    for (const key of Object.keys(tags)) {
      const name = `${mapping.tagPrefix}${key}`;
      // A tag never replaces a field that a custom prefix made it collide with.
      if (!Object.hasOwn(attributes, name)) put(name, tags[key] as string);
    }
  }
  return Object.freeze(attributes);
}

/**
 * The span attributes of `frame`'s context (shared and frozen: copy before handing them out),
 * computed once per context snapshot and mapping.
 */
export function spanAttributesOf(
  frame: Frame,
  mapping: AttributeMapping,
): Readonly<ContextSpanAttributes> {
  const snapshot = snapshotOf(frame);
  let attributes = mapping.memo.get(snapshot);
  if (attributes === undefined) {
    attributes = resolve(snapshot, mapping);
    mapping.memo.set(snapshot, attributes);
  }
  return attributes;
}

/**
 * The current context as OpenTelemetry span attributes, for setting them by hand (a span started
 * without `contextSpanProcessor`, another tracing SDK, an event's attributes): `session.id`,
 * `user.id`, `gen_ai.conversation.id` (the correlation id), `gen_ai.request.model`,
 * `deployment.environment.name`, `leanllm.*` for the rest, and `leanllm.tag.<key>` per tag;
 * empty fields are left out. Returns a new object on every call. Needs no OpenTelemetry
 * package. Invalid options throw `ContextValidationError`.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * import { getSpanAttributes, withContext } from 'leanllm-context';
 *
 * const tracer = trace.getTracer('app');
 * withContext({ sessionId: 'sess-1', userId: 'u-42', modelId: 'gpt-4o-mini' }, () => {
 *   const span = tracer.startSpan('plan', { attributes: getSpanAttributes() });
 *   // span attributes: { 'session.id': 'sess-1', 'user.id': 'u-42', 'gen_ai.request.model': 'gpt-4o-mini' }
 *   span.end();
 * });
 *
 * // the correlation id under a name of your own, no user id:
 * getSpanAttributes({ attributes: { correlationId: 'app.flow_id', userId: false } });
 * ```
 */
export function getSpanAttributes(options?: SpanAttributeOptions): ContextSpanAttributes {
  return { ...spanAttributesOf(currentFrame(), spanAttributeMapping(options)) };
}
