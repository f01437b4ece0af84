import type { FieldSpec } from './field.js';

/**
 * Every context field, once, in log-line order: its key on a log line, its OpenTelemetry name
 * (the semantic-conventions name where one exists, `session.id`, `user.id`, `gen_ai.*`,
 * `deployment.environment.name`; a `leanllm.*` name where none does; `docs/otel.md` has the
 * table), its kind and its label. Everything else about the context's names derives from it.
 */
// biome-ignore format: one line per field keeps the registry a table
export const CONTEXT_FIELDS = {
  sessionId: { logKey: 'session_id', otel: 'session.id', kind: 'id', otlp: 'string', label: 'Session' },
  requestId: { logKey: 'request_id', otel: 'leanllm.request_id', kind: 'id', otlp: 'string', label: 'Request' },
  // The context's model: the call's own `model` is `gen_ai.request.model` on an event.
  modelId: { logKey: 'model_id', otel: 'gen_ai.request.model', kind: 'text', otlp: 'none', label: 'Context model', detailRow: false },
  samplingIteration: { logKey: 'sampling_iteration', otel: 'leanllm.sampling_iteration', kind: 'ordinal', otlp: 'int', label: 'Sampling iteration' },
  userId: { logKey: 'user_id', otel: 'user.id', kind: 'id', otlp: 'string', label: 'User' },
  feature: { logKey: 'feature', otel: 'leanllm.feature', kind: 'text', otlp: 'string', label: 'Feature' },
  environment: { logKey: 'environment', otel: 'deployment.environment.name', kind: 'text', otlp: 'string', label: 'Environment' },
  correlationId: { logKey: 'correlation_id', otel: 'gen_ai.conversation.id', kind: 'id', otlp: 'string', label: 'Correlation', detailRow: false },
  parentRequestId: { logKey: 'parent_request_id', otel: 'leanllm.parent_request_id', kind: 'id', otlp: 'string', label: 'Parent' },
  section: { logKey: 'section_path', otel: 'leanllm.section_path', kind: 'path', otlp: 'string', label: 'Section' },
  // One attribute per tag, named `OTEL_TAG_PREFIX` plus the tag key; one detail row per tag.
  tags: { logKey: 'tags', kind: 'map', otlp: 'string', label: 'Tag' },
} as const satisfies Record<string, FieldSpec>;

/** A context field's TypeScript name, such as `sessionId`. */
export type FieldName = keyof typeof CONTEXT_FIELDS;

/** Every field name, in log-line order. */
export const FIELD_NAMES = Object.keys(CONTEXT_FIELDS) as readonly FieldName[];

/** A context field that maps to one attribute (every field but `tags`). */
export type ScalarFieldName = Exclude<FieldName, 'tags'>;

/** Context fields: their TypeScript names and the keys they carry on a log line. */
export const CONTEXT_LOG_KEYS = Object.fromEntries(
  FIELD_NAMES.map((name) => [name, CONTEXT_FIELDS[name].logKey]),
) as { readonly [K in FieldName]: (typeof CONTEXT_FIELDS)[K]['logKey'] };

/** Each scalar field's OpenTelemetry attribute name (tags use `OTEL_TAG_PREFIX`). */
export const OTEL_ATTRIBUTE_NAMES = Object.fromEntries(
  FIELD_NAMES.filter((name) => name !== 'tags').map((name) => [name, CONTEXT_FIELDS[name].otel]),
) as { readonly [K in ScalarFieldName]: (typeof CONTEXT_FIELDS)[K]['otel'] };

/** Tags become one attribute each, named this prefix plus the tag key (`leanllm.tag.tier`). */
export const OTEL_TAG_PREFIX = 'leanllm.tag.';

/** Longest accepted string value and tag value, in characters. */
export const MAX_VALUE_LENGTH = 256;
/** Most tags one context may carry. */
export const MAX_TAGS = 32;
/** Longest accepted `section_path` (the joined nested sections), in characters. */
export const MAX_SECTION_PATH_LENGTH = 1024;
/** What a tag key may look like. */
export const TAG_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
/** The separator between nested section names in `section_path`. */
export const SECTION_SEPARATOR = '/';
