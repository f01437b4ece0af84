/** What `parseJson` gives for text that is not JSON. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/**
 * `JSON.parse(text)`, or `NOT_JSON` when it throws: for untrusted text whose reader decides what
 * a parse failure means.
 *
 * @example
 * ```ts
 * const value = parseJson(line);
 * if (value === NOT_JSON) countMalformed();
 * ```
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
