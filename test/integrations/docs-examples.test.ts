// The example of each integration page runs as written (built package, real SDK, the loopback
// server as the OpenAI API) and logs what the page shows.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';
import { text, toolCall } from './openai-fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** The first fenced block of `language` after `## Example` in a page of docs/integrations/. */
function exampleOf(page: string, language: string): string {
  const doc = readFileSync(new URL(`../../docs/integrations/${page}`, import.meta.url), 'utf8');
  const fence = `\`\`\`${language}\n`;
  const start = doc.indexOf(fence, doc.indexOf('## Example')) + fence.length;
  return doc.slice(start, doc.indexOf('```', start));
}

/** Fields that differ from run to run (ids, timings) or that the page leaves out. */
function stable(line: Record<string, unknown>): Record<string, unknown> {
  const { time, pid, hostname, event_id, correlation_id, parent_request_id, latency_ms, ...rest } =
    line;
  return rest;
}

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer();
});
afterAll(() => server.close());

describe.each([
  ['ai-sdk.md', 'the Vercel AI SDK page'],
  ['langchain.md', 'the LangChain page'],
])('the example of docs/integrations/%s (%s)', (page) => {
  it('runs as written and logs the lines the page shows, one correlation, the second under the first', async () => {
    mkdirSync(`${root}/test-artifacts`, { recursive: true });
    const file = `${root}/test-artifacts/${page.replace('.md', '')}-example.mjs`;
    writeFileSync(file, exampleOf(page, 'js'));
    server.respond(toolCall());
    server.respond(text('It is sunny in Paris.'));
    const { stdout } = await run(process.execPath, [file], {
      cwd: root,
      env: { ...process.env, OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: 'sk-test' },
    });
    const printed = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const shown = exampleOf(page, 'json')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const calls = printed.filter((line) => line.msg === 'llm.call');
    expect(calls).toHaveLength(2);
    calls.forEach((line, i) => {
      expect(line).toMatchObject(stable(shown[i]));
    });
    const [first, second] = calls;
    expect(second.correlation_id).toBe(first.correlation_id);
    expect(second.parent_request_id).toBe(first.event_id);
    expect(printed.at(-1)).toMatchObject({
      msg: 'answered',
      answer: 'It is sunny in Paris.',
      user_id: 'u-42',
      feature: 'weather',
    });
  });
});
