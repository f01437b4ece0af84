import { describeValue } from '../context/schema.js';
import type { OnDropped } from './dropped.js';

/**
 * One header's value as header records hold it: a string, a list of strings for a repeated
 * header (Node's `IncomingHttpHeaders`), a number (Node's `OutgoingHttpHeaders`).
 *
 * @example
 * ```ts
 * const value: HeaderValue = request.headers.baggage; // string | string[] | undefined
 * ```
 */
export type HeaderValue = string | readonly string[] | number | undefined;

/** A `Headers`-like object that can be read (fetch's `Headers`, undici's). */
interface ReadableHeaders {
  get(name: string): string | null;
}

/** A `Headers`-like object that can be written. */
export interface WritableHeaders extends ReadableHeaders {
  set(name: string, value: string): void;
  delete(name: string): void;
}

/**
 * Headers to read context from: Node's `request.headers` (`IncomingHttpHeaders`), a `Headers`
 * object, or a plain record. Names are matched case-insensitively.
 *
 * @example
 * ```ts
 * extractContext(request.headers); // node:http, Express, Fastify
 * extractContext(new Headers({ baggage: 'leanllm.session_id=sess-1' }));
 * extractContext({ Baggage: 'leanllm.session_id=sess-1' });
 * ```
 */
export type HeadersInput = ReadableHeaders | Readonly<Record<string, HeaderValue>>;

/**
 * Headers to write context into, changed in place: a `Headers` object or a plain record (such
 * as the `headers` option of `fetch` or `http.request`).
 *
 * @example
 * ```ts
 * await fetch(url, { headers: injectContext({ accept: 'application/json' }) });
 * ```
 */
export type HeadersCarrier = WritableHeaders | Record<string, HeaderValue>;

/** An HTTP token (RFC 7230): what a header name, and a baggage key, may be made of. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const OPTIONAL_WHITESPACE = /^[ \t]+|[ \t]+$/g;
const SPACE = 0x20;
const TAB = 0x09;

/** `text` without the optional whitespace (spaces and tabs, as HTTP allows) around it. */
export function trimWhitespace(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first === SPACE || first === TAB || last === SPACE || last === TAB
    ? text.replace(OPTIONAL_WHITESPACE, '')
    : text;
}

/** What was read of one header: its values in order, cut to a size, and whether more followed. */
export interface HeaderRead {
  readonly values: readonly string[];
  /**
   * True when the header held more than `maxChars` characters (or values): then the last of
   * `values` is the cut start of the value that did not fit, and the rest is unread.
   */
  readonly overflow: boolean;
}

function isHeadersObject(headers: object): headers is ReadableHeaders {
  return typeof (headers as Partial<ReadableHeaders>).get === 'function';
}

/** Whether a record key names `name` (given lowercase), in any letter case. */
const sameName = (key: string, name: string) =>
  key.length === name.length && key.toLowerCase() === name;

/**
 * Reads every value of header `name` (lowercase), at most `maxChars` characters counting a
 * separator between values: repeated headers and array values in order, a value that is not a
 * string reported and skipped. Reading stops at the limits, so a huge header costs no more than
 * a small one.
 */
export function readHeader(
  headers: HeadersInput,
  name: string,
  maxChars: number,
  report: OnDropped,
): HeaderRead {
  const values: string[] = [];
  let length = 0;
  let overflow = false;
  let seen = 0;
  const take = (value: unknown): void => {
    if (overflow) return;
    // Every value counts, empty or not a string, so a list of a million costs a bounded loop.
    if (++seen > maxChars) {
      overflow = true;
      values.push('');
      return;
    }
    if (typeof value !== 'string') {
      report(name, `not a string: ${describeValue(value)}`);
      return;
    }
    const separator = values.length === 0 ? 0 : 1;
    const room = maxChars - length - separator;
    if (value.length > room) {
      overflow = true;
      values.push(value.slice(0, Math.max(room, 0)));
      return;
    }
    values.push(value);
    length += separator + value.length;
  };
  if (isHeadersObject(headers)) {
    const value = headers.get(name);
    if (value !== null) take(value);
    return { values, overflow };
  }
  for (const key of Object.keys(headers)) {
    if (!sameName(key, name)) continue;
    const value: unknown = (headers as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) {
        take(item);
        if (overflow) break;
      }
    } else {
      take(value);
    }
    if (overflow) break;
  }
  return { values, overflow };
}

/**
 * Sets header `name` (lowercase) to `value`, or removes it when `value` is `undefined`. On a
 * record, keys naming the same header in another letter case are removed first, so the header
 * is written once.
 */
export function writeHeader(
  carrier: HeadersCarrier,
  name: string,
  value: string | undefined,
): void {
  if (isHeadersObject(carrier)) {
    const writable = carrier as WritableHeaders;
    if (value === undefined) writable.delete(name);
    else writable.set(name, value);
    return;
  }
  const record = carrier as Record<string, HeaderValue>;
  for (const key of Object.keys(record)) {
    if (key !== name && sameName(key, name)) delete record[key];
  }
  if (value === undefined) delete record[name];
  else record[name] = value;
}
