import { type ContextSnapshot, describeValue } from '../context/schema.js';
import { propagatedFields } from './allow-list.js';
import { BAGGAGE_HEADER, decodeBaggage, MAX_BAGGAGE_BYTES } from './baggage.js';
import { dropReporter, type OnDropped } from './dropped.js';
import { type HeadersInput, readHeader } from './headers.js';
import { MAX_TRACEPARENT_LENGTH, parseTraceparent, TRACEPARENT_HEADER } from './traceparent.js';

/** Options of `extractContext`. */
export interface ExtractOptions {
  /**
   * Called once for each member or header left out: malformed, unknown, not in the propagate
   * allow-list, invalid for the context schema, a repeated key, or over the limits (64 members,
   * 8192 bytes, 32 tags).
   */
  readonly onDropped?: OnDropped;
}

/**
 * Reads the context another process sent in HTTP headers: our members of the W3C `baggage`
 * header (`leanllm.session_id`, ...; written by `injectContext` or by OpenTelemetry's baggage
 * propagator) and, when the baggage carries no correlation id, the trace id of a valid W3C
 * `traceparent` as the correlation id. Returns a plain object of validated fields, ready for
 * `withContext`. Only the fields `configure({ propagate })` allows are read. Never throws:
 * whatever is invalid or over the limits (64 members, 8192 bytes) is left out and reported to
 * `options.onDropped(key, reason)`. Returns `{}` when propagation is off.
 *
 * @example
 * ```ts
 * import { extractContext, withContext } from 'leanllm-context';
 *
 * http.createServer((request, response) => {
 *   const fields = extractContext(request.headers, {
 *     onDropped: (key, reason) => logger.debug({ key, reason }, 'context header dropped'),
 *   });
 *   // { sessionId: 'sess-1', correlationId: '4bf92f3577b34da6a3ce929d0e0e4736' }
 *   withContext(fields, () => handle(request, response));
 * });
 * ```
 */
export function extractContext(
  headers: HeadersInput,
  options: ExtractOptions = {},
): ContextSnapshot {
  const allowed = propagatedFields();
  if (allowed === undefined) return {};
  const report = dropReporter(options.onDropped);
  if (typeof headers !== 'object' || headers === null) {
    report('(headers)', `not a headers object: ${describeValue(headers)}`);
    return {};
  }
  try {
    const baggage = readHeader(headers, BAGGAGE_HEADER, MAX_BAGGAGE_BYTES, report);
    const fields = decodeBaggage(baggage, allowed, report);
    const traceparent = readHeader(headers, TRACEPARENT_HEADER, MAX_TRACEPARENT_LENGTH, report);
    if (fields.correlationId === undefined && traceparent.values.length > 0) {
      if (allowed.has('correlationId')) {
        const traceId = parseTraceparent(traceparent, report);
        if (traceId !== undefined) fields.correlationId = traceId;
      } else {
        report(TRACEPARENT_HEADER, 'not in the propagate allow-list (correlationId)');
      }
    }
    return fields as ContextSnapshot;
  } catch (error) {
    report(
      '(headers)',
      `could not be read: ${error instanceof Error ? error.message.slice(0, 200) : describeValue(error)}`,
    );
    return {};
  }
}
