import diagnosticsChannel from 'node:diagnostics_channel';
import { optionError } from '../context/option-error.js';
import { warnOnce } from '../warnings.js';
import { propagatedFields } from './allow-list.js';
import { BAGGAGE_HEADER, BAGGAGE_KEY_PREFIX, memberKey, splitMembers } from './baggage.js';
import { dropReporter, type OnDropped } from './dropped.js';
import { foreignBaggage, outgoingContext } from './inject.js';
import { TRACEPARENT_HEADER } from './traceparent.js';

/** The channel undici (and so Node's own `fetch`) publishes each new request on. */
const REQUEST_CREATE_CHANNEL = 'undici:request:create';

/** Options of `instrumentFetch`. */
export interface InstrumentFetchOptions {
  /**
   * The origins that may receive the context, such as `'https://api.internal'` or
   * `new URL('http://127.0.0.1:8080')`. Requests to any other origin are left untouched.
   */
  readonly origins: readonly (string | URL)[];
  /** Called for each field left out because the header would go over 64 members or 8192 bytes. */
  readonly onDropped?: OnDropped;
}

/** What undici's `undici:request:create` message carries (undici 5 to 7). */
interface UndiciRequest {
  readonly origin?: unknown;
  /** `[name, value, name, value, ...]` (undici 6, 7) or raw `name: value\r\n` lines (undici 5). */
  readonly headers?: unknown;
  addHeader(name: string, value: string): unknown;
}

function canonicalOrigin(origin: string | URL): string {
  let url: URL;
  try {
    url = typeof origin === 'string' ? new URL(origin) : new URL(origin.href);
  } catch {
    throw optionError(
      'instrumentFetch',
      'origins',
      `holds ${JSON.stringify(String(origin))}, which is not a URL; give origins such as "https://api.internal"`,
    );
  }
  const isOriginOnly = url.pathname === '/' && url.search === '' && url.hash === '';
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !isOriginOnly) {
    throw optionError(
      'instrumentFetch',
      'origins',
      `holds ${JSON.stringify(String(origin))}, which is not an http(s) origin; give origins such as "https://api.internal" (scheme, host and port only)`,
    );
  }
  return url.origin;
}

/** The headers a request already has, as `[lowercase name, value]` pairs. */
function headerPairs(headers: unknown): [string, string][] {
  const pairs: [string, string][] = [];
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) {
      pairs.push([String(headers[index]).toLowerCase(), String(headers[index + 1])]);
    }
  } else if (typeof headers === 'string') {
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0)
        pairs.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    }
  }
  return pairs;
}

/**
 * Adds the context headers to one undici request: a `baggage` header with our members unless
 * the request already carries some (its own baggage members are kept: a second `baggage`
 * header is combined with the first by the receiver), and a `traceparent` unless it has one.
 */
function addContextHeaders(request: UndiciRequest, report: OnDropped): void {
  const allowed = propagatedFields();
  if (allowed === undefined) return;
  const pairs = headerPairs(request.headers);
  const baggage = pairs.filter(([name]) => name === BAGGAGE_HEADER).map(([, value]) => value);
  const hasOurs = splitMembers(baggage.join(',')).some((member) =>
    memberKey(member)?.startsWith(BAGGAGE_KEY_PREFIX),
  );
  const hasTraceparent = pairs.some(([name]) => name === TRACEPARENT_HEADER);
  const { members, traceparent } = outgoingContext(
    allowed,
    foreignBaggage(baggage).inUse,
    hasOurs ? () => {} : report,
  );
  if (members.length > 0 && !hasOurs) request.addHeader(BAGGAGE_HEADER, members.join(','));
  if (traceparent !== undefined && !hasTraceparent) {
    request.addHeader(TRACEPARENT_HEADER, traceparent);
  }
}

/**
 * Makes every `fetch` request (Node's own, or undici's) to the listed origins carry the current
 * context, as `injectContext` writes it: a `baggage` header with the allowed fields and, when a
 * trace is active, a `traceparent`. It listens on Node's `diagnostics_channel`
 * (`undici:request:create`): nothing is patched. Requests to other origins are untouched, a
 * header the request already has is not replaced, and a failure to add headers never fails the
 * request (it is reported once as a process warning). Returns the function that uninstalls it.
 * Does nothing while propagation is off (`LEANLLM_PROPAGATION=false`).
 *
 * @example
 * ```ts
 * import { instrumentFetch, withContext } from 'leanllm-context';
 *
 * const uninstall = instrumentFetch({ origins: ['http://billing.internal:8080'] });
 * await withContext({ sessionId: 'sess-1' }, () =>
 *   fetch('http://billing.internal:8080/usage'), // sends baggage: leanllm.session_id=sess-1
 * );
 * uninstall();
 * ```
 */
export function instrumentFetch(options: InstrumentFetchOptions): () => void {
  const given = (options as Partial<InstrumentFetchOptions> | undefined)?.origins;
  if (!Array.isArray(given) || given.length === 0) {
    throw optionError(
      'instrumentFetch',
      'origins',
      'must list at least one origin, such as "https://api.internal"',
    );
  }
  const origins = new Set(given.map(canonicalOrigin));
  const report = dropReporter(options.onDropped);
  const onRequestCreate = (message: unknown): void => {
    try {
      const request = (message as { request?: UndiciRequest } | null)?.request;
      if (typeof request?.addHeader !== 'function') return;
      const { origin } = request;
      const key =
        typeof origin === 'string' ? origin : origin instanceof URL ? origin.origin : undefined;
      if (key === undefined || !origins.has(key)) return;
      addContextHeaders(request, report);
    } catch {
      // A subscriber's exception would surface as an uncaught exception: never let one out.
      warnOnce(
        'LEANLLM_FETCH_HEADERS_FAILED',
        'could not add context headers to a fetch request; the request was sent without them',
      );
    }
  };
  diagnosticsChannel.subscribe(REQUEST_CREATE_CHANNEL, onRequestCreate);
  let installed = true;
  return function uninstallFetchInstrumentation(): void {
    if (!installed) return;
    installed = false;
    diagnosticsChannel.unsubscribe(REQUEST_CREATE_CHANNEL, onRequestCreate);
  };
}
