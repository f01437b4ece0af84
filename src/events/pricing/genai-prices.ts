// The price data of `@pydantic/genai-prices`, loaded on the first call priced (its bundled data
// is about 0.5 MB of JavaScript: an application that never prices a call never loads it) and
// never updated from the network: `updatePrices` is not called here, so a cost depends only on
// the version installed, which every line names (`genai-prices@<version>`).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as GenaiPrices from '@pydantic/genai-prices';

const PACKAGE = '@pydantic/genai-prices';

/** The price data as loaded: the library and the version of its package. */
export interface GenaiPriceData {
  readonly library: typeof GenaiPrices;
  readonly version: string;
}

let loaded: GenaiPriceData | undefined;

// The package exports no `./package.json`: its version is read from the file beside its entry.
function versionOf(entry: string): string {
  let directory = dirname(entry);
  for (let depth = 0; depth < 4; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
      if (manifest?.name === PACKAGE && typeof manifest.version === 'string')
        return manifest.version;
    } catch {
      // not this directory's manifest: look one level up
    }
    directory = dirname(directory);
  }
  return 'unknown';
}

/** The genai-prices library and its version, loaded once (synchronously, from ESM and CJS alike). */
export function genaiPriceData(): GenaiPriceData {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    const library = require(PACKAGE) as typeof GenaiPrices;
    loaded = { library, version: versionOf(require.resolve(PACKAGE)) };
  }
  return loaded;
}
