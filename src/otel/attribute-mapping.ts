import { z } from 'zod';
import { parseBoolean } from '../context/configuration.js';
import { optionError, optionsIssueError, unknownOptionError } from '../context/option-error.js';
import { describeValue } from '../context/schema.js';
import {
  FIELD_NAMES,
  OTEL_ATTRIBUTE_NAMES,
  OTEL_TAG_PREFIX,
  type ScalarFieldName,
} from '../fields/context-fields.js';

/** Longest attribute name (or tag prefix) accepted in `attributes`. */
const MAX_ATTRIBUTE_NAME_LENGTH = 255;

/**
 * Where each context field goes on a span: an attribute name instead of the default one, or
 * `false` to leave the field out. For `tags`, the prefix of the tag attributes (default
 * `leanllm.tag.`), or `false`.
 *
 * @example
 * ```ts
 * const names: SpanAttributeNames = { correlationId: 'leanllm.correlation_id', userId: false };
 * ```
 */
export type SpanAttributeNames = {
  readonly [K in ScalarFieldName | 'tags']?: string | false;
};

/**
 * Options of `getSpanAttributes`; `contextSpanProcessor` takes them too.
 *
 * @example
 * ```ts
 * const options: SpanAttributeOptions = { attributes: { correlationId: 'app.flow_id' } };
 * ```
 */
export interface SpanAttributeOptions {
  /** Rename or leave out fields; the fields not listed keep their default name. */
  readonly attributes?: SpanAttributeNames;
}

/** The attribute names chosen, compiled once: what the span code reads. */
export interface AttributeMapping {
  /** The scalar fields kept, each with its attribute name, in field order. */
  readonly fields: ReadonlyArray<readonly [ScalarFieldName, string]>;
  /** The prefix of tag attributes, or `undefined` when tags are left out. */
  readonly tagPrefix: string | undefined;
  /** Attributes already computed, by context snapshot (a snapshot is per frame and generation). */
  readonly memo: WeakMap<object, Readonly<Record<string, string | number>>>;
}

const notAnAttributeName = (issue: { input: unknown }) =>
  `must be an attribute name (a string of 1-${MAX_ATTRIBUTE_NAME_LENGTH} characters) or false, got ${describeValue(issue.input)}`;

const attributeName = z.union(
  [
    z.literal(false),
    z
      .string()
      .min(1, { error: notAnAttributeName })
      .max(MAX_ATTRIBUTE_NAME_LENGTH, { error: notAnAttributeName }),
  ],
  { error: notAnAttributeName },
);

const AttributeNamesSchema = z.strictObject(
  Object.fromEntries(FIELD_NAMES.map((name) => [name, attributeName.optional()])),
  { error: (issue) => `must be an object, got ${describeValue(issue.input)}` },
);

const SpanAttributeOptionsSchema = z.strictObject({ attributes: AttributeNamesSchema.optional() });

const SpanProcessorOptionsSchema = SpanAttributeOptionsSchema.extend({
  spans: z
    .boolean({ error: (issue) => `must be a boolean, got ${describeValue(issue.input)}` })
    .optional(),
});

/**
 * Validates the options of `where` (`getSpanAttributes` or `contextSpanProcessor`), throwing
 * `ContextValidationError` naming the bad option.
 */
function validate<S extends z.ZodObject>(schema: S, options: unknown, where: string): z.output<S> {
  const result = schema.safeParse(options === undefined ? {} : options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys' && issue.path.length > 0) {
    const key = String(issue.keys[0]);
    throw unknownOptionError(where, 'attributes', key, FIELD_NAMES);
  }
  throw optionsIssueError(where, result.error, options, Object.keys(schema.shape));
}

/** Compiles validated attribute names, refusing two fields under one name. */
function compile(names: SpanAttributeNames, where: string): AttributeMapping {
  const fields: Array<readonly [ScalarFieldName, string]> = [];
  const fieldByName = new Map<string, ScalarFieldName>();
  for (const field of Object.keys(OTEL_ATTRIBUTE_NAMES) as ScalarFieldName[]) {
    const name = names[field] ?? OTEL_ATTRIBUTE_NAMES[field];
    if (name === false) continue;
    const taken = fieldByName.get(name);
    if (taken !== undefined) {
      throw optionError(
        where,
        `attributes.${field}`,
        `names attribute ${JSON.stringify(name)}, already given to attributes.${taken}`,
      );
    }
    fieldByName.set(name, field);
    fields.push([field, name]);
  }
  const tags = names.tags ?? OTEL_TAG_PREFIX;
  return Object.freeze({
    fields: Object.freeze(fields),
    tagPrefix: tags === false ? undefined : tags,
    memo: new WeakMap(),
  });
}

/** The default names (`docs/otel.md`): what every call without options uses. */
export const DEFAULT_ATTRIBUTE_MAPPING: AttributeMapping = compile({}, 'default');

/** The attribute mapping of `getSpanAttributes(options)`. */
export function spanAttributeMapping(options: unknown): AttributeMapping {
  if (options === undefined) return DEFAULT_ATTRIBUTE_MAPPING;
  const where = 'getSpanAttributes';
  const { attributes } = validate(SpanAttributeOptionsSchema, options, where);
  return attributes === undefined ? DEFAULT_ATTRIBUTE_MAPPING : compile(attributes, where);
}

/** OpenTelemetry's GenAI context switch: `false` turns span stamping off. */
export const GENAI_CONTEXT_PROPAGATION_VARIABLE = 'OTEL_INSTRUMENTATION_GENAI_CONTEXT_PROPAGATION';

/**
 * The attribute mapping and the on/off switch of `contextSpanProcessor(options)`: `spans` when
 * given, else `OTEL_INSTRUMENTATION_GENAI_CONTEXT_PROPAGATION` as the processor is made, else on.
 */
export function spanProcessorSettings(options: unknown): {
  readonly mapping: AttributeMapping;
  readonly enabled: boolean;
} {
  const where = 'contextSpanProcessor';
  const { attributes, spans } = validate(SpanProcessorOptionsSchema, options, where);
  return {
    mapping: attributes === undefined ? DEFAULT_ATTRIBUTE_MAPPING : compile(attributes, where),
    enabled:
      spans ??
      parseBoolean(
        GENAI_CONTEXT_PROPAGATION_VARIABLE,
        process.env[GENAI_CONTEXT_PROPAGATION_VARIABLE],
      ) ??
      true,
  };
}
