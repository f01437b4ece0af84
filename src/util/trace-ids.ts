// A leaf: this folder holds generic helpers and imports nothing of ours.

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
/** The all-zero trace id, which W3C Trace Context forbids. */
export const INVALID_TRACE_ID = '0'.repeat(32);
/** The all-zero span (parent) id, which W3C Trace Context forbids. */
export const INVALID_SPAN_ID = '0'.repeat(16);

/**
 * Whether `id` is a valid W3C / OpenTelemetry trace id: 32 lowercase hex characters, not all
 * zeros (as `isValidTraceId` in `@opentelemetry/api`).
 */
export function isValidTraceId(id: unknown): id is string {
  return typeof id === 'string' && TRACE_ID.test(id) && id !== INVALID_TRACE_ID;
}

/** Whether `id` is a valid W3C / OpenTelemetry span id: 16 lowercase hex characters, not all zeros. */
export function isValidSpanId(id: unknown): id is string {
  return typeof id === 'string' && SPAN_ID.test(id) && id !== INVALID_SPAN_ID;
}
