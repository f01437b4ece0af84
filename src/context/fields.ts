import { CONTEXT_LOG_KEYS } from '../log-keys.js';

/** A context field's TypeScript name, such as `sessionId`. */
export type FieldName = keyof typeof CONTEXT_LOG_KEYS;

/** Every field name, in log-line order. */
export const FIELD_NAMES = Object.keys(CONTEXT_LOG_KEYS) as readonly FieldName[];

/** The fields whose value is a plain string. */
export type TextFieldName = Exclude<FieldName, 'samplingIteration' | 'tags'>;

/** Longest accepted string value and tag value, in characters. */
export const MAX_VALUE_LENGTH = 256;
/** Most tags one context may carry. */
export const MAX_TAGS = 32;
/** What a tag key may look like. */
export const TAG_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
/** The separator between nested section names in `section_path`. */
export const SECTION_SEPARATOR = '/';
