/**
 * The OpenTelemetry attribute names of the context fields. Pure data (no imports from
 * `@opentelemetry/*`): span attributes use it, and so can anything else that writes the
 * context under OpenTelemetry names. `docs/otel.md` has the table and the semantic-conventions
 * version each name comes from.
 */
import type { FieldName } from '../context/fields.js';

/** A context field that maps to one attribute (every field but `tags`). */
export type ScalarFieldName = Exclude<FieldName, 'tags'>;

/**
 * Each scalar field's attribute name: the semantic-conventions name where one exists
 * (`session.id`, `user.id`, `gen_ai.*`, `deployment.environment.name`), a `leanllm.*` name
 * where none does.
 */
export const OTEL_ATTRIBUTE_NAMES = {
  sessionId: 'session.id',
  requestId: 'leanllm.request_id',
  modelId: 'gen_ai.request.model',
  samplingIteration: 'leanllm.sampling_iteration',
  userId: 'user.id',
  feature: 'leanllm.feature',
  environment: 'deployment.environment.name',
  correlationId: 'gen_ai.conversation.id',
  parentRequestId: 'leanllm.parent_request_id',
  section: 'leanllm.section_path',
} as const satisfies Record<ScalarFieldName, string>;

/** Tags become one attribute each, named this prefix plus the tag key (`leanllm.tag.tier`). */
export const OTEL_TAG_PREFIX = 'leanllm.tag.';
