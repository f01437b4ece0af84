import { safeStringify } from './adapters/response-facts.js';

/**
 * `value` as text for the line, cut to `maxChars` characters: a string as is, anything else
 * (a messages array) as JSON. A cut text ends with `…` (counted in `maxChars`) and never ends
 * in half a surrogate pair.
 */
export function capturedText(value: unknown, maxChars: number): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : safeStringify(value);
  if (text.length <= maxChars) return text;
  let end = maxChars - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
