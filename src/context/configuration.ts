import { z } from 'zod';
import { FIELD_NAMES, type FieldName } from '../fields/context-fields.js';
import { warnOnce } from '../warnings.js';
import { optionsIssueError } from './option-error.js';
import { type PricingOptions, PricingOptionsSchema } from './pricing-options.js';
import { contextString, describeValue } from './schema.js';

/**
 * The fields that may leave the process in HTTP headers unless `configure({ propagate })` says
 * otherwise: every field but `userId` and `tags`.
 *
 * @example
 * ```ts
 * configure({ propagate: [...DEFAULT_PROPAGATED_FIELDS, 'tags'] }); // tags may travel too
 * ```
 */
export const DEFAULT_PROPAGATED_FIELDS: readonly FieldName[] = Object.freeze(
  FIELD_NAMES.filter((name) => name !== 'userId' && name !== 'tags'),
);

const maxCharsMessage = (issue: { input: unknown }) =>
  `must be an integer from 1 to 1000000, got ${describeValue(issue.input)}`;

const CaptureContentSchema = z.union(
  [
    z.literal(false),
    z.strictObject({
      maxChars: z
        .number({ error: maxCharsMessage })
        .int({ error: maxCharsMessage })
        .min(1, { error: maxCharsMessage })
        .max(1_000_000, { error: maxCharsMessage }),
    }),
  ],
  {
    error: (issue) => `must be false or { maxChars }, got ${describeValue(issue.input)}`,
  },
);

const ConfigureOptionsSchema = z.strictObject({
  environment: contextString.optional(),
  autoChain: z
    .boolean({ error: (issue) => `must be a boolean, got ${describeValue(issue.input)}` })
    .optional(),
  sampleRate: z
    .number({ error: (issue) => `must be a number from 0 to 1, got ${describeValue(issue.input)}` })
    .min(0, { error: (issue) => `must be a number from 0 to 1, got ${describeValue(issue.input)}` })
    .max(1, { error: (issue) => `must be a number from 0 to 1, got ${describeValue(issue.input)}` })
    .optional(),
  propagation: z
    .boolean({ error: (issue) => `must be a boolean, got ${describeValue(issue.input)}` })
    .optional(),
  propagate: z
    .array(
      z.enum(FIELD_NAMES as [FieldName, ...FieldName[]], {
        error: (issue) =>
          `must list context field names (${FIELD_NAMES.join(', ')}), got ${describeValue(issue.input)}`,
      }),
      { error: (issue) => `must be an array of field names, got ${describeValue(issue.input)}` },
    )
    .optional(),
  pricing: PricingOptionsSchema.optional(),
  captureContent: CaptureContentSchema.optional(),
  logKeys: z
    .enum(['snake_case', 'otel'], {
      error: (issue) => `must be 'snake_case' or 'otel', got ${describeValue(issue.input)}`,
    })
    .optional(),
});

/**
 * Library settings for `configure()`. Each one defaults to its environment variable, then to
 * the built-in default.
 *
 * @example
 * ```ts
 * configure({ environment: 'production', autoChain: true, sampleRate: 0.25 });
 * ```
 */
export type ConfigureOptions = z.input<typeof ConfigureOptionsSchema>;

/**
 * The settings in effect, as `configure()` returns them.
 *
 * @example
 * ```ts
 * const { sampleRate, propagate } = configure({});
 * ```
 */
export interface Configuration {
  /** Default `environment` field, below every scope and the global context (`LEANLLM_ENVIRONMENT`). */
  readonly environment: string | undefined;
  /** Link each LLM call to the previous one in its correlation scope (`LEANLLM_AUTO_CHAIN`, default `true`). */
  readonly autoChain: boolean;
  /** Share of correlations whose LLM call lines are written, 0 to 1 (`LEANLLM_SAMPLE_RATE`, default 1). */
  readonly sampleRate: number;
  /** Header and export propagation on or off (`LEANLLM_PROPAGATION`, default on). */
  readonly propagation: boolean;
  /** The fields that may leave the process in HTTP headers. */
  readonly propagate: readonly FieldName[];
  /** Prices added over (or replacing) the built-in price table; `undefined`: the built-in table. */
  readonly pricing: PricingOptions | undefined;
  /** Prompts and completions on `llm.call` lines: `false` (default) or `{ maxChars }` to opt in. */
  readonly captureContent: false | { readonly maxChars: number };
  /** The names lines carry the context and the call under, unless a mixin or logger says otherwise. */
  readonly logKeys: 'snake_case' | 'otel';
}

const BUILT_IN_DEFAULTS: Configuration = Object.freeze({
  environment: undefined,
  autoChain: true,
  sampleRate: 1,
  propagation: true,
  propagate: DEFAULT_PROPAGATED_FIELDS,
  pricing: undefined,
  captureContent: false,
  logKeys: 'snake_case',
});

function ignoreVariable(name: string, value: string, expected: string): void {
  warnOnce(
    'LEANLLM_INVALID_ENV',
    `${name}=${JSON.stringify(value)} is not ${expected}; it is ignored`,
  );
}

/**
 * A boolean environment variable (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, any case),
 * or `undefined` when unset or invalid (then ignored with a `LEANLLM_INVALID_ENV` warning).
 */
export function parseBoolean(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const normalized = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
  ignoreVariable(name, value, 'a boolean (true/false)');
  return undefined;
}

/**
 * The defaults the environment variables give: `LEANLLM_ENVIRONMENT`, `LEANLLM_AUTO_CHAIN`,
 * `LEANLLM_SAMPLE_RATE`, `LEANLLM_PROPAGATION`. An invalid value is ignored with a warning:
 * a bad variable must not stop the application.
 */
export function configurationFromEnvironment(env: NodeJS.ProcessEnv): Configuration {
  const environment = env.LEANLLM_ENVIRONMENT;
  const parsedEnvironment = contextString.safeParse(environment);
  if (environment !== undefined && environment !== '' && !parsedEnvironment.success) {
    ignoreVariable('LEANLLM_ENVIRONMENT', environment, 'a valid context string');
  }
  const rate = env.LEANLLM_SAMPLE_RATE;
  let sampleRate: number | undefined;
  if (rate !== undefined && rate !== '') {
    const value = Number(rate);
    if (rate.trim() !== '' && value >= 0 && value <= 1) sampleRate = value;
    else ignoreVariable('LEANLLM_SAMPLE_RATE', rate, 'a number from 0 to 1');
  }
  return Object.freeze({
    ...BUILT_IN_DEFAULTS,
    environment: parsedEnvironment.success ? parsedEnvironment.data : undefined,
    autoChain:
      parseBoolean('LEANLLM_AUTO_CHAIN', env.LEANLLM_AUTO_CHAIN) ?? BUILT_IN_DEFAULTS.autoChain,
    sampleRate: sampleRate ?? BUILT_IN_DEFAULTS.sampleRate,
    propagation:
      parseBoolean('LEANLLM_PROPAGATION', env.LEANLLM_PROPAGATION) ?? BUILT_IN_DEFAULTS.propagation,
  });
}

/** Validates `configure()` options, throwing `ContextValidationError` naming the option. */
export function validateConfigureOptions(options: unknown): ConfigureOptions {
  const result = ConfigureOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  throw optionsIssueError(
    'configure',
    result.error,
    options,
    ConfigureOptionsSchema.keyof().options,
  );
}
