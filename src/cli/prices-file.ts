import { readFile } from 'node:fs/promises';
import { ContextValidationError } from '../context/errors.js';
import type { PricingOptions } from '../context/pricing-options.js';
import { UsageError } from './usage-error.js';

/**
 * `--prices FILE`: prices in the `configure({ pricing })` shape, as JSON (`{ "models": { ... },
 * "name"?, "replace"? }`), checked exactly as `configure` checks them. A file that cannot be
 * read, is not JSON or holds a bad price is a `UsageError` naming the file and the problem.
 */
export async function readPricesFile(path: string): Promise<PricingOptions> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--prices: cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--prices: ${path} is not JSON: ${(error as Error).message}`);
  }
  // loaded here, not with the bin: the option schemas (zod) cost every other run time to load
  const { validateConfigureOptions } = await import('../context/configuration.js');
  try {
    return validateConfigureOptions({ pricing: parsed }).pricing as PricingOptions;
  } catch (error) {
    if (!(error instanceof ContextValidationError)) throw error;
    throw new UsageError(`--prices: ${path}: ${error.message}`);
  }
}
