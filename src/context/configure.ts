import {
  type Configuration,
  type ConfigureOptions,
  configurationFromEnvironment,
  validateConfigureOptions,
} from './configuration.js';
import { invalidateFrames, state } from './state.js';

/**
 * Changes library settings and returns the settings now in effect. Options not given keep
 * their value; their first value comes from the environment variables `LEANLLM_ENVIRONMENT`,
 * `LEANLLM_AUTO_CHAIN`, `LEANLLM_SAMPLE_RATE` and `LEANLLM_PROPAGATION`. An invalid option
 * throws `ContextValidationError` naming it.
 *
 * @example
 * ```ts
 * import { configure } from 'leanllm-context';
 *
 * configure({ environment: 'staging', sampleRate: 0.1, propagate: ['sessionId', 'correlationId'] });
 * ```
 */
export function configure(options: ConfigureOptions): Configuration {
  const valid = validateConfigureOptions(options);
  const next = { ...state.config };
  for (const [key, value] of Object.entries(valid)) {
    if (value !== undefined) Object.assign(next, { [key]: value });
  }
  if (valid.propagate !== undefined) next.propagate = Object.freeze([...valid.propagate]);
  state.config = Object.freeze(next);
  invalidateFrames();
  return state.config;
}

/**
 * Puts every setting back to its environment-variable or built-in default (the environment
 * variables are read again).
 *
 * @example
 * ```ts
 * afterEach(() => resetConfiguration());
 * ```
 */
export function resetConfiguration(): Configuration {
  state.config = configurationFromEnvironment(process.env);
  invalidateFrames();
  return state.config;
}

/** The settings in effect. */
export function currentConfiguration(): Configuration {
  return state.config;
}
