// The 7-field context the line and span benchmarks run in, and the same fields under their log
// keys (for the static child logger and the naive mixin they are compared with).

export const SEVEN_FIELDS = {
  sessionId: 'sess-7f3a9c',
  requestId: 'req-V1StGXR8_Z5jdHi6B',
  modelId: 'gpt-4o-mini',
  userId: 'user-42',
  feature: 'search',
  environment: 'production',
  correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
};

export const SEVEN_LOG_FIELDS = {
  session_id: SEVEN_FIELDS.sessionId,
  request_id: SEVEN_FIELDS.requestId,
  model_id: SEVEN_FIELDS.modelId,
  user_id: SEVEN_FIELDS.userId,
  feature: SEVEN_FIELDS.feature,
  environment: SEVEN_FIELDS.environment,
  correlation_id: SEVEN_FIELDS.correlationId,
};

/** The context of track-llm-call's "7-field context" rows (and of the transports bench's calls). */
export const CALL_CONTEXT = {
  sessionId: 'sess-7f3a9c',
  modelId: 'gpt-4o-mini',
  userId: 'user-42',
  feature: 'search',
  environment: 'production',
  section: 'agent:planner',
  tags: { tier: 'pro' },
};
