import { randomBytes } from 'node:crypto';
import { sha256 } from '../util/sha256.js';
import { INVALID_SPAN_ID, INVALID_TRACE_ID, isValidTraceId } from '../util/trace-ids.js';
import type { OnDropped } from './dropped.js';
import { type HeaderRead, trimWhitespace } from './headers.js';

/** The W3C Trace Context header. */
export const TRACEPARENT_HEADER = 'traceparent';
/** Longest `traceparent` value read (version 00 is 55 characters; later versions may add fields). */
export const MAX_TRACEPARENT_LENGTH = 512;

// version-traceId-parentId-flags, and for versions after 00 possibly more fields after a dash.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

let derivedFor: string | undefined;
let derived = '';

/**
 * The 16-hex parent id written for a request: derived from its request id (the first 8 bytes
 * of its SHA-256, so every hop from one request names the same parent), random without one.
 * Never all zeros, which W3C Trace Context forbids.
 */
function parentIdFor(requestId: string | undefined): string {
  if (requestId !== undefined) {
    // One request makes its outgoing calls in a row: remember the last derivation.
    if (requestId !== derivedFor) {
      derivedFor = requestId;
      derived = sha256(requestId).slice(0, 16);
    }
    if (derived !== INVALID_SPAN_ID) return derived;
  }
  let random: string;
  do random = randomBytes(8).toString('hex');
  while (random === INVALID_SPAN_ID);
  return random;
}

/**
 * The `traceparent` for a context: `00-<correlation id>-<parent id>-01` when the correlation id
 * is a valid trace id (what `trace()` generates), otherwise `undefined`.
 */
export function formatTraceparent(
  correlationId: string | undefined,
  requestId: string | undefined,
): string | undefined {
  if (!isValidTraceId(correlationId)) return undefined;
  return `00-${correlationId}-${parentIdFor(requestId)}-01`;
}

/**
 * The trace id of a valid `traceparent` header, or `undefined`. A malformed value, a version
 * `ff`, a version 00 with extra fields, an all-zero trace or parent id, or more than one
 * `traceparent` header is reported and ignored.
 */
export function parseTraceparent(header: HeaderRead, report: OnDropped): string | undefined {
  const [first] = header.values;
  if (first === undefined) return undefined;
  if (header.values.length > 1 || header.overflow) {
    report(
      TRACEPARENT_HEADER,
      header.overflow && header.values.length === 1
        ? `longer than ${MAX_TRACEPARENT_LENGTH} characters`
        : 'more than one traceparent header',
    );
    return undefined;
  }
  const match = TRACEPARENT.exec(trimWhitespace(first));
  const [, version, traceId, parentId, , extra] = match ?? [];
  if (
    traceId === undefined ||
    version === 'ff' ||
    (version === '00' && extra !== undefined) ||
    traceId === INVALID_TRACE_ID ||
    parentId === INVALID_SPAN_ID
  ) {
    report(TRACEPARENT_HEADER, 'malformed traceparent');
    return undefined;
  }
  return traceId;
}
