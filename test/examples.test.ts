import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's fenced block of the given language that follows `heading`. */
function blockAfter(heading: string, language: string): string {
  const from = readme.indexOf(heading);
  const fence = `\`\`\`${language}\n`;
  const start = readme.indexOf(fence, from) + fence.length;
  return readme.slice(start, readme.indexOf('```', start));
}

const volatile = (line: Record<string, unknown>) => {
  const { time: _time, pid: _pid, hostname: _hostname, ...rest } = line;
  return rest;
};

describe('the README quick start', () => {
  it('is examples/quick-start.mjs, and prints the line the README shows', () => {
    const example = readFileSync(new URL('../examples/quick-start.mjs', import.meta.url), 'utf8');
    const code = blockAfter('## Quick start', 'js');
    expect(example).toContain(code);
    const output = execFileSync(process.execPath, ['examples/quick-start.mjs'], {
      cwd: root,
      encoding: 'utf8',
    });
    const shown = JSON.parse(blockAfter('## Quick start', 'json'));
    const printed = JSON.parse(output);
    expect(Object.keys(printed)).toEqual(Object.keys(shown));
    expect(volatile(printed)).toEqual(volatile(shown));
  });
});

describe('the example line of docs/events.md', () => {
  it('is what examples/llm-call.mjs prints', () => {
    const doc = readFileSync(new URL('../docs/events.md', import.meta.url), 'utf8');
    const from = doc.indexOf('## An example line');
    const start = doc.indexOf('```json\n', from) + '```json\n'.length;
    const shown = JSON.parse(doc.slice(start, doc.indexOf('```', start)));
    const output = execFileSync(process.execPath, ['examples/llm-call.mjs'], {
      cwd: root,
      encoding: 'utf8',
    });
    const printed = JSON.parse(output);
    expect(Object.keys(printed)).toEqual(Object.keys(shown));
    expect(volatile(printed)).toEqual(volatile(shown));
  });
});
