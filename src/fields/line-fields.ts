import { CONTEXT_FIELDS, FIELD_NAMES, type FieldName, OTEL_TAG_PREFIX } from './context-fields.js';
import { EVENT_FIELD_NAMES, EVENT_FIELDS, type EventFieldName } from './event-fields.js';
import type { FieldSpec } from './field.js';

/** A field of an `llm.call` line: an `LlmEvent` key. */
export type LineFieldName = EventFieldName | FieldName;

/** One field of an `llm.call` line, as every reader and writer of the line walks them. */
export interface LineField {
  readonly name: LineFieldName;
  readonly spec: FieldSpec;
  /**
   * Its key on a line written with `keys: 'otel'`: the OpenTelemetry name, the log key for a
   * field that keeps it (`time`, `error`), `undefined` for a context field whose OpenTelemetry
   * name the call's own field has (`modelId`: the call's `model` is `gen_ai.request.model`).
   * Tags are written one key per tag (`leanllm.tag.<key>`): theirs is `leanllm.tag.*`.
   */
  readonly otelKey: string | undefined;
  /** Whether it comes from the context the call ran in (and not from the call). */
  readonly fromContext: boolean;
}

const eventOtelNames = new Set<string>(
  EVENT_FIELD_NAMES.flatMap((name) => {
    const spec: FieldSpec = EVENT_FIELDS[name];
    return spec.otel === undefined ? [] : [spec.otel];
  }),
);

/**
 * Every field of an `llm.call` line, in `LlmEvent` order: the event's own fields, then the
 * context fields the event carries (those it does not have itself: `correlationId` and
 * `parentRequestId` are the call's lineage).
 */
export const LINE_FIELDS: readonly LineField[] = [
  ...EVENT_FIELD_NAMES.map(
    (name): LineField => ({
      name,
      spec: EVENT_FIELDS[name],
      otelKey: (EVENT_FIELDS[name] as FieldSpec).otel ?? EVENT_FIELDS[name].logKey,
      fromContext: false,
    }),
  ),
  ...FIELD_NAMES.filter((name) => !Object.hasOwn(EVENT_FIELDS, name)).map((name): LineField => {
    const spec: FieldSpec = CONTEXT_FIELDS[name];
    const otel = spec.kind === 'map' ? `${OTEL_TAG_PREFIX}*` : spec.otel;
    return {
      name,
      spec,
      otelKey: otel !== undefined && eventOtelNames.has(otel) ? undefined : otel,
      fromContext: true,
    };
  }),
];

/** The line's fields by name. */
export const LINE_FIELD_BY_NAME: ReadonlyMap<LineFieldName, LineField> = new Map(
  LINE_FIELDS.map((field) => [field.name, field]),
);
