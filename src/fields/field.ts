/**
 * What the registry says about one field: how it is named in each place it appears, what kind
 * of value it holds and how the outputs show it. Pure data, no imports: every layer reads it.
 */

/**
 * What a field's value is, which decides how it is checked, read back and shown:
 * `id` and `text` non-empty strings, `path` a `/`-joined section path, `enum` one of `values`,
 * `count` a non-negative integer (tokens), `ordinal` a non-negative integer shown as is,
 * `money` a non-negative amount (USD), `duration` non-negative milliseconds, `ratio` a number
 * between 0 and 1, `flag` a boolean, `time` epoch milliseconds, `version` the line format's
 * version, `content` any string (captured prompt or completion), `error` `{ type, message,
 * status? }`, `list` the tool calls, `map` the tags (string to string).
 */
export type FieldKind =
  | 'id'
  | 'text'
  | 'path'
  | 'enum'
  | 'count'
  | 'ordinal'
  | 'money'
  | 'duration'
  | 'ratio'
  | 'flag'
  | 'time'
  | 'version'
  | 'content'
  | 'error'
  | 'list'
  | 'map';

/**
 * How the OTLP export (`leanllm-logs --format otlp`) carries a field: as an attribute of that
 * AnyValue type (`json`: a string of JSON, left out when empty), by the span itself (`span`:
 * its times, status and `error.type`), or not at all (`none`).
 */
export type OtlpType = 'string' | 'int' | 'double' | 'bool' | 'json' | 'span' | 'none';

/** Who gives an event field when a call is logged: both `trackLlmCall` and `logLlmCall`, or `logLlmCall` only. */
export type GivenBy = 'track' | 'log';

/** One field of the registry. */
export interface FieldSpec {
  /** Its key on a log line (snake_case). */
  readonly logKey: string;
  /**
   * Its OpenTelemetry name (span attribute, `keys: 'otel'` lines); absent when the field keeps
   * its log key there (`time`, `error`) or has a name per entry (`tags`: `leanllm.tag.<key>`).
   */
  readonly otel?: string;
  readonly kind: FieldKind;
  /** The unit of a number (`tokens`, `USD`, `milliseconds`). */
  readonly unit?: string;
  /** The values an `enum` field may take. */
  readonly values?: readonly string[];
  readonly otlp: OtlpType;
  /** The label of the HTML report's detail row. */
  readonly label: string;
  /**
   * `false` when the HTML report's details panel has no row for it: it is drawn elsewhere (the
   * bar's model, the error box, the tool calls) or not shown at all (captured content).
   */
  readonly detailRow?: false;
  /** An event field every line has (`parseLogLine` reports a line without it as malformed). */
  readonly required?: true;
  /** An event field the caller may give (`trackLlmCall` options, `logLlmCall` call). */
  readonly givenBy?: GivenBy;
}

/**
 * The values of an `enum` field as a sentence says them: `ok, error or cancelled`.
 *
 * @example
 * ```ts
 * inWords(['provider', 'table']); // 'provider or table'
 * ```
 */
export function inWords(values: readonly string[]): string {
  return values.length < 2
    ? values.join('')
    : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}
