import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's fenced block of the given language that follows `heading`. */
function blockAfter(heading: string, language: string): string {
  const from = readme.indexOf(heading);
  expect(from).toBeGreaterThan(-1);
  const fence = `\`\`\`${language}\n`;
  const start = readme.indexOf(fence, from) + fence.length;
  return readme.slice(start, readme.indexOf('```', start));
}

describe('the README OpenTelemetry example', () => {
  it('is examples/otel-spans.mjs, and prints the span the README shows', () => {
    const example = readFileSync(new URL('../../examples/otel-spans.mjs', import.meta.url), 'utf8');
    expect(example).toContain(blockAfter('### OpenTelemetry', 'js'));
    const output = execFileSync(process.execPath, ['examples/otel-spans.mjs'], {
      cwd: root,
      encoding: 'utf8',
    });
    const printed = JSON.parse(output);
    const shown = JSON.parse(blockAfter('### OpenTelemetry', 'json'));
    expect(printed).toEqual(shown);
    expect(Object.keys(printed.attributes)).toEqual(Object.keys(shown.attributes));
  });
});
