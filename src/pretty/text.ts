import { CONTROL_CHARACTER } from '../context/schema.js';

/** The colour functions pino-pretty hands to `messageFormat` (colorette's, or identities). */
export interface PrettyColors {
  readonly red: (text: string) => string;
  readonly gray: (text: string) => string;
}

/** Colour functions that leave the text as it is (`colorize: false`). */
export const NO_COLORS: PrettyColors = { red: (text) => text, gray: (text) => text };

/** Every control character, to remove from a part of a pretty line (it must not move the cursor). */
const CONTROL = new RegExp(CONTROL_CHARACTER.source, 'g');

/** The control characters pino-pretty removes from a message (tab and newline stay). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_IN_MESSAGE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** A line's own message as pino-pretty prints it (a string, number or boolean), else `''`. */
export function messageTextOf(value: unknown): string {
  const type = typeof value;
  if (type !== 'string' && type !== 'number' && type !== 'boolean') return '';
  return String(value).replace(UNSAFE_IN_MESSAGE, '');
}

/**
 * A log value as text for one pretty line, or undefined when it is not a string, a finite number
 * or a boolean (a line written by another producer may hold anything under our keys).
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value.replace(CONTROL, '');
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** A finite number >= 0 from a log value, or undefined. */
export function amountOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Ids longer than this print as their first characters and an ellipsis. */
const ID_PREFIX = 8;

/** A long id shortened for the eye (`4bf92f35…`); the full id stays in the JSON line. */
export function shortId(id: string): string {
  return id.length > ID_PREFIX + 1 ? `${id.slice(0, ID_PREFIX)}…` : id;
}

/** The separator between the parts of a pretty line. */
export const SEPARATOR = ' · ';
