import { readFileSync } from 'node:fs';

/**
 * The js block of a docs page's "Example" section (`page` relative to docs/, without `.md`),
 * and the lines the page shows after it (one JSON object a line).
 */
export function documentedExample(page: string): {
  code: string;
  shown: Record<string, unknown>[];
} {
  const text = readFileSync(new URL(`../../docs/${page}.md`, import.meta.url), 'utf8');
  const codeStart = text.indexOf('```js\n', text.indexOf('## Example')) + '```js\n'.length;
  const code = text.slice(codeStart, text.indexOf('```', codeStart));
  const shownStart = text.indexOf('```json\n', codeStart) + '```json\n'.length;
  const shown = text
    .slice(shownStart, text.indexOf('```', shownStart))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, shown };
}
