import type { FieldName } from '../fields/context-fields.js';
import { propagatedFields } from './allow-list.js';
import {
  BAGGAGE_HEADER,
  BAGGAGE_KEY_PREFIX,
  type BaggageInUse,
  encodeBaggageMembers,
  MAX_BAGGAGE_BYTES,
  MAX_BAGGAGE_MEMBERS,
  memberKey,
  splitMembers,
} from './baggage.js';
import { dropReporter, type OnDropped } from './dropped.js';
import {
  type HeadersCarrier,
  type HeaderValue,
  readHeader,
  type WritableHeaders,
  writeHeader,
} from './headers.js';
import { outgoing } from './outgoing.js';
import { formatTraceparent, TRACEPARENT_HEADER } from './traceparent.js';

/** A baggage header with no room left. */
const FULL: BaggageInUse = { members: MAX_BAGGAGE_MEMBERS, bytes: MAX_BAGGAGE_BYTES };

/** Options of `injectContext`. */
export interface InjectOptions {
  /** Called for each field left out because the header would go over 64 members or 8192 bytes. */
  readonly onDropped?: OnDropped;
}

/**
 * The headers `injectContext` writes into a record.
 *
 * @example
 * ```ts
 * const { baggage, traceparent }: ContextHeaders = injectContext({});
 * ```
 */
export type ContextHeaders = {
  baggage?: string;
  traceparent?: string;
};

/** The header values the current context gives: our baggage members and a `traceparent`. */
export interface OutgoingContext {
  readonly members: readonly string[];
  readonly traceparent: string | undefined;
}

/**
 * What the current context puts into headers: the allowed fields as baggage members (within
 * what is left beside the baggage already `inUse`) and, when the correlation id may leave and is
 * a trace id, a `traceparent`.
 */
export function outgoingContext(
  allowed: ReadonlySet<FieldName>,
  inUse: BaggageInUse,
  report: OnDropped,
): OutgoingContext {
  const { context, parentIdSource } = outgoing();
  return {
    members: encodeBaggageMembers(context, allowed, inUse, report),
    traceparent: allowed.has('correlationId')
      ? formatTraceparent(context.correlationId, parentIdSource)
      : undefined,
  };
}

/**
 * The members of `baggage` values that are not ours (`leanllm.*`), and the room they take.
 */
export function foreignBaggage(values: readonly string[]): {
  members: string[];
  inUse: BaggageInUse;
} {
  const members = splitMembers(values.join(',')).filter(
    (member) => !memberKey(member)?.startsWith(BAGGAGE_KEY_PREFIX),
  );
  const text = members.join(',');
  return { members, inUse: { members: members.length, bytes: Buffer.byteLength(text) } };
}

/**
 * Writes the current context into `headers` and returns them: a W3C `baggage` header with the
 * fields `configure({ propagate })` allows (keys `leanllm.<log key>`, values percent-encoded;
 * members of others already in the header are kept, ours replaced) and, when the correlation id
 * is a W3C trace id (what `trace()` generates), a `traceparent`
 * `00-<correlation id>-<parent id>-01`. Nothing is written when propagation is off
 * (`LEANLLM_PROPAGATION=false`). Fields that would take the baggage over 64 members or 8192
 * bytes are left out and reported to `options.onDropped`.
 *
 * @example
 * ```ts
 * import { injectContext, trace, withContext } from 'leanllm-context';
 *
 * await trace(() =>
 *   withContext({ sessionId: 'sess-1', feature: 'search' }, async () => {
 *     const headers = injectContext({ 'content-type': 'application/json' });
 *     // headers.baggage: 'leanllm.session_id=sess-1,leanllm.feature=search,leanllm.correlation_id=4bf9…'
 *     // headers.traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-<16 hex>-01'
 *     await fetch('http://search.internal/query', { method: 'POST', headers, body });
 *   }),
 * );
 * ```
 */
export function injectContext<H extends WritableHeaders>(headers: H, options?: InjectOptions): H;
export function injectContext<H extends Record<string, HeaderValue>>(
  headers: H,
  options?: InjectOptions,
): H & ContextHeaders;
export function injectContext(
  headers: HeadersCarrier,
  options: InjectOptions = {},
): HeadersCarrier {
  const allowed = propagatedFields();
  if (allowed === undefined) return headers;
  const report = dropReporter(options.onDropped);
  const existing = readHeader(headers, BAGGAGE_HEADER, MAX_BAGGAGE_BYTES, report);
  // A baggage header already over the limits is left as it is, with no room for ours.
  const foreign = existing.overflow ? undefined : foreignBaggage(existing.values);
  const { members, traceparent } = outgoingContext(allowed, foreign?.inUse ?? FULL, report);
  if (foreign !== undefined && (members.length > 0 || existing.values.length > 0)) {
    const baggage = [...foreign.members, ...members];
    writeHeader(headers, BAGGAGE_HEADER, baggage.length > 0 ? baggage.join(',') : undefined);
  }
  if (traceparent !== undefined) writeHeader(headers, TRACEPARENT_HEADER, traceparent);
  return headers;
}
