import { generateRequestId } from '../context/ids.js';
import { optionError } from '../context/option-error.js';
import { type ContextSnapshot, contextString, describeValue } from '../context/schema.js';
import { propagatedFields } from './allow-list.js';
import { dropReporter, type OnDropped } from './dropped.js';
import { extractContext } from './extract.js';
import { type HeadersInput, HTTP_TOKEN, readHeader } from './headers.js';

/** The header the server glue reads an incoming request id from and echoes the request id in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Longest incoming request id header read. */
const MAX_REQUEST_ID_HEADER_LENGTH = 256;
/** What an HTTP header value may hold without Node refusing it: printable US-ASCII. */
const HEADER_SAFE = /^[\x20-\x7e]+$/;

/**
 * Options of `fastifyContext` and `expressContext`.
 *
 * @example
 * ```ts
 * const options: ServerContextOptions = { requestIdHeader: 'request-id', onDropped: countDropped };
 * ```
 */
export interface ServerContextOptions {
  /**
   * The header an incoming request id is read from (when the baggage carries none) and the
   * request id is echoed in (any letter case); `false` for neither. Default `'x-request-id'`.
   */
  readonly requestIdHeader?: string | false;
  /** Called for each incoming header member left out (see `extractContext`). */
  readonly onDropped?: OnDropped;
}

/** The context one incoming request runs in, and the response header to echo its id in. */
export interface IncomingRequestContext {
  readonly fields: ContextSnapshot;
  /** `[name, value]` for the response, or `undefined` when the id is not to be (or cannot be) echoed. */
  readonly echo: readonly [string, string] | undefined;
  /** Where what is left out is reported (`options.onDropped`). */
  readonly report: OnDropped;
}

/** The request id header option, checked and lowercased, or `false`. */
function requestIdHeaderOf(option: unknown, caller: string): string | false {
  if (option === undefined) return REQUEST_ID_HEADER;
  if (option === false) return false;
  if (typeof option !== 'string' || !HTTP_TOKEN.test(option)) {
    throw optionError(
      caller,
      'requestIdHeader',
      `must be a header name such as "x-request-id", or false; got ${describeValue(option)}`,
    );
  }
  return option.toLowerCase();
}

/**
 * Checks the server glue's options once and returns what each incoming request runs in: the
 * fields its headers carry and a `requestId` — the one its baggage carries, else a valid one
 * in the request id header, else a new one. Throws `ContextValidationError` for a bad option,
 * naming `caller`.
 */
export function incomingRequestReader(
  options: ServerContextOptions,
  caller: string,
): (headers: HeadersInput) => IncomingRequestContext {
  const header = requestIdHeaderOf(options.requestIdHeader, caller);
  const report = dropReporter(options.onDropped);
  const readRequestId = (headers: HeadersInput): string | undefined => {
    if (header === false || !propagatedFields()?.has('requestId')) return undefined;
    const read = readHeader(headers, header, MAX_REQUEST_ID_HEADER_LENGTH, report);
    const [value] = read.values;
    if (value === undefined) return undefined;
    if (read.overflow || read.values.length > 1) {
      report(
        header,
        `more than one value, or longer than ${MAX_REQUEST_ID_HEADER_LENGTH} characters`,
      );
      return undefined;
    }
    const parsed = contextString.safeParse(value);
    if (parsed.success) return parsed.data;
    report(header, `invalid value: ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
    return undefined;
  };
  return (headers) => {
    const fields = extractContext(headers, { onDropped: report });
    const requestId = fields.requestId ?? readRequestId(headers) ?? generateRequestId();
    let echo: [string, string] | undefined;
    if (header !== false) {
      if (HEADER_SAFE.test(requestId)) echo = [header, requestId];
      else report(header, 'not echoed: the request id is not printable US-ASCII');
    }
    return { fields: { ...fields, requestId }, echo, report };
  };
}
