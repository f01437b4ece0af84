import { readFileSync } from 'node:fs';

const manifest = new URL('../../node_modules/@pydantic/genai-prices/package.json', import.meta.url);

/** The installed genai-prices version, read as a user would check it. */
export const GENAI_PRICES_VERSION: string = JSON.parse(readFileSync(manifest, 'utf8')).version;

/** `price_table` of a line priced from the built-in data: genai-prices, then our dated overlay. */
export const BUILT_IN_PRICES = `genai-prices@${GENAI_PRICES_VERSION}+leanllm-2026-11-23`;
