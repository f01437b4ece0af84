import type { z } from 'zod';
import { ContextValidationError } from './errors.js';
import { describeValue } from './schema.js';
import { suggestName } from './suggest.js';

/**
 * The one way a public function refuses a bad option or argument: a `ContextValidationError`
 * (a `TypeError`) naming the option, whose message reads `<function>: <option> <what is wrong>`,
 * such as `logLlmCall: inputTokens must be an integer >= 0, got number -1`.
 */
export function optionError(
  caller: string,
  option: string,
  problem: string,
): ContextValidationError {
  return new ContextValidationError(option, `${caller}: ${option} ${problem}`);
}

/** The names a function's whole options object goes by in messages. */
const TOP_LEVEL = new Set(['options', 'call']);

/**
 * A key the function does not know in the object `parent` (`options`, or a nested option such
 * as `attributes`): `trackLlmCall: options has an unknown key "modle": did you mean "model"?`,
 * the suggestion given when a known key is another spelling or two edits away. The error's
 * `field` is the key, under `parent` when that is a nested option.
 */
export function unknownOptionError(
  caller: string,
  parent: string,
  key: string,
  known: Iterable<string>,
): ContextValidationError {
  const meant = suggestName(key, known);
  const hint = meant === undefined ? '' : `: did you mean "${meant}"?`;
  return new ContextValidationError(
    TOP_LEVEL.has(parent) ? key : `${parent}.${key}`,
    `${caller}: ${parent} has an unknown key ${JSON.stringify(key.slice(0, 80))}${hint}`,
  );
}

/**
 * The error for a failed zod parse of `caller`'s options object (`options` as given): the first
 * issue, named by its path (`pricing.models.m.input`), an unknown key, or the whole object.
 */
export function optionsIssueError(
  caller: string,
  error: z.ZodError,
  options: unknown,
  known: Iterable<string>,
): ContextValidationError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  if (issue?.code === 'unrecognized_keys' && path === '') {
    return unknownOptionError(caller, 'options', String(issue.keys[0]), known);
  }
  if (path === '') {
    return optionError(caller, 'options', `must be an object, got ${describeValue(options)}`);
  }
  return optionError(caller, path, issue?.message ?? 'is invalid');
}
