import { z } from 'zod';
import {
  MAX_SECTION_PATH_LENGTH,
  MAX_TAGS,
  MAX_VALUE_LENGTH,
  TAG_KEY_PATTERN,
} from '../fields/context-fields.js';
import { setOwnProperty } from '../util/own-property.js';
import { describeThrown } from '../warnings.js';
import { ContextValidationError } from './errors.js';
import { suggestField } from './suggest.js';

/** C0 controls, DEL and C1 controls: they would break a log line or a terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Whether `value` is what every text field and option takes: a string of 1-256 characters
 * without control characters (the rule `contextString` states as a schema, as a plain test for
 * checks that run on every call).
 */
export const isContextText = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length > 0 &&
  value.length <= MAX_VALUE_LENGTH &&
  !CONTROL_CHARACTER.test(value);

/** A short description of a value for an error message: `number 42`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'object': {
      const name = Object.getPrototypeOf(value)?.constructor?.name;
      return name && name !== 'Object' ? `an instance of ${name}` : 'an object';
    }
    default:
      return typeof value;
  }
}

function controlCharacterMessage(value: string): string {
  const index = value.search(CONTROL_CHARACTER);
  const code = value.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return `must not contain control characters (found U+${code} at index ${index})`;
}

/** A non-empty string of at most `max` characters without control characters. */
function boundedString(max: number) {
  return z
    .string({ error: (issue) => `must be a string, got ${describeValue(issue.input)}` })
    .min(1, { error: 'must not be empty' })
    .max(max, {
      error: (issue) => `must be at most ${max} characters, got ${String(issue.input).length}`,
    })
    .refine((value) => !CONTROL_CHARACTER.test(value), {
      error: (issue) => controlCharacterMessage(String(issue.input)),
    });
}

/** A non-empty string of at most 256 characters without control characters. */
export const contextString = boundedString(MAX_VALUE_LENGTH);

const samplingIteration = z
  .number({ error: (issue) => `must be an integer >= 0, got ${describeValue(issue.input)}` })
  .int({ error: (issue) => `must be an integer >= 0, got ${describeValue(issue.input)}` })
  .min(0, { error: (issue) => `must be an integer >= 0, got ${describeValue(issue.input)}` })
  .max(Number.MAX_SAFE_INTEGER, {
    error: (issue) => `must be a safe integer, got ${describeValue(issue.input)}`,
  });

const tagValue = z
  .string({
    error: (issue) =>
      `must be a string of 1-${MAX_VALUE_LENGTH} characters, got ${describeValue(issue.input)}`,
  })
  .min(1, { error: `must be a string of 1-${MAX_VALUE_LENGTH} characters, got an empty string` })
  .max(MAX_VALUE_LENGTH, {
    error: (issue) =>
      `must be a string of 1-${MAX_VALUE_LENGTH} characters, got ${String(issue.input).length}`,
  })
  .refine((value) => !CONTROL_CHARACTER.test(value), {
    error: (issue) => controlCharacterMessage(String(issue.input)),
  })
  .nullable();

/** Whether `value` is a plain object (or `Object.create(null)`), not an array or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Tags: at most 32 entries, keys matching `[A-Za-z0-9_.:-]{1,64}`, values 1-256 character
 * strings (`null` removes an inherited tag). The count is checked before any entry is read,
 * so an oversized object costs nothing to reject.
 */
const tags = z
  .custom<Record<string, unknown>>(isPlainObject, {
    error: (issue) => `must be an object of string tags, got ${describeValue(issue.input)}`,
  })
  .transform((input, context) => {
    const keys = Object.keys(input);
    if (keys.length > MAX_TAGS) {
      context.issues.push({
        code: 'custom',
        input,
        message: `must have at most ${MAX_TAGS} entries, got ${keys.length}`,
      });
      return z.NEVER;
    }
    const output: Record<string, string | null> = {};
    for (const key of keys) {
      if (!TAG_KEY_PATTERN.test(key)) {
        context.issues.push({
          code: 'custom',
          input,
          message: `has an invalid key ${JSON.stringify(key.slice(0, 80))}: tag keys must match [A-Za-z0-9_.:-]{1,64}`,
        });
        return z.NEVER;
      }
      const parsed = tagValue.safeParse(input[key]);
      if (!parsed.success) {
        context.issues.push({
          code: 'custom',
          input,
          path: [key],
          message: parsed.error.issues[0]?.message ?? 'is invalid',
        });
        return z.NEVER;
      }
      setOwnProperty(output, key, parsed.data);
    }
    return output as Readonly<Record<string, string | null>>;
  });

/**
 * The schema of the fields `withContext` and friends accept. Strict: an unknown key is an
 * error. `undefined` means "not set"; `null` clears an inherited value in the nested scope.
 */
export const ContextFieldsSchema = z.strictObject({
  sessionId: contextString.nullish(),
  requestId: contextString.nullish(),
  modelId: contextString.nullish(),
  samplingIteration: samplingIteration.nullish(),
  userId: contextString.nullish(),
  feature: contextString.nullish(),
  environment: contextString.nullish(),
  correlationId: contextString.nullish(),
  parentRequestId: contextString.nullish(),
  section: contextString.nullish(),
  tags: tags.nullish(),
});

/**
 * The fields of a whole context as it leaves a process (`exportContext`, baggage): the same as
 * `ContextFieldsSchema` except that `section` is the joined path, up to 1024 characters.
 */
export const ContextSnapshotSchema = ContextFieldsSchema.extend({
  section: boundedString(MAX_SECTION_PATH_LENGTH).nullish(),
});

/**
 * The context fields a scope accepts (camelCase). `undefined` means "not set"; `null` clears
 * an inherited value inside the nested scope; tags merge key by key.
 *
 * @example
 * ```ts
 * const fields: ContextFields = { sessionId: 'sess-1', feature: 'search', tags: { tier: 'pro' } };
 * ```
 */
export type ContextFields = z.input<typeof ContextFieldsSchema>;

/** Validated scope fields: what a frame stores. */
export type ValidatedFields = z.output<typeof ContextFieldsSchema>;

/**
 * The context in effect: the non-empty fields only, frozen.
 *
 * @example
 * ```ts
 * const snapshot: ContextSnapshot = getCurrentContext();
 * snapshot.sessionId; // 'sess-1' or undefined
 * ```
 */
export type ContextSnapshot = {
  readonly [K in Exclude<keyof ValidatedFields, 'tags'>]?: NonNullable<ValidatedFields[K]>;
} & { readonly tags?: Readonly<Record<string, string>> };

function unknownFieldError(key: string): ContextValidationError {
  const suggestion = suggestField(key);
  const hint = suggestion === undefined ? '' : `: did you mean "${suggestion}"?`;
  return new ContextValidationError(
    key,
    `unknown context field ${JSON.stringify(key.slice(0, 80))}${hint}`,
  );
}

/**
 * Runs `read` over an untrusted object: anything it throws other than a `ContextValidationError`
 * (a proxy trap, a getter, even a value that cannot be printed) becomes one, named `field`, with
 * the message `<what> could not be read: ...`. Validation only ever throws its own error.
 */
export function readUntrusted<T>(field: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ContextValidationError) throw error;
    throw new ContextValidationError(field, `${what} could not be read: ${describeThrown(error)}`);
  }
}

/**
 * Validates context fields, returning a fresh copy built from the validated values only (a
 * proxy or getter is read once, by the schema). `ContextSnapshotSchema` validates a whole
 * context from elsewhere (its `section` is a joined path). Throws `ContextValidationError` naming the
 * first bad field.
 */
export function validateContextFields(
  input: unknown,
  schema: typeof ContextFieldsSchema | typeof ContextSnapshotSchema = ContextFieldsSchema,
): ValidatedFields {
  const result = readUntrusted('(fields)', 'context fields', () => {
    if (!isPlainObject(input)) {
      throw new ContextValidationError(
        '(fields)',
        `context fields must be a plain object, got ${describeValue(input)}`,
      );
    }
    return schema.safeParse(input);
  });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined)
    throw new ContextValidationError('(fields)', 'context fields are invalid');
  if (issue.code === 'unrecognized_keys') throw unknownFieldError(String(issue.keys[0]));
  const field = issue.path.map(String).join('.');
  throw new ContextValidationError(field, `context field "${field}" ${issue.message}`);
}
