// The copy-paste example of each docs/integrations page: the page's code is the example file,
// the file runs against the real SDK pointed (through the SDK's own base URL variable) at a
// loopback server, and prints lines with the keys, in order, of the lines the page shows.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedExample } from '../helpers/documented-example.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer();
});
afterAll(() => server.close());

/** Runs examples/integrations/<page>.mjs and returns the lines it printed, checked against the page. */
async function runExample(page: string, env: NodeJS.ProcessEnv) {
  const { code, shown } = documentedExample(`integrations/${page}`);
  const file = `examples/integrations/${page}.mjs`;
  expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).toContain(code);
  const { stdout } = await run(process.execPath, [file], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  const printed = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(printed.map((line) => Object.keys(line))).toEqual(shown.map((line) => Object.keys(line)));
  const stable = ({
    time,
    pid,
    hostname,
    event_id,
    parent_request_id,
    correlation_id,
    latency_ms,
    ttft_ms,
    ...rest
  }: Record<string, unknown>) => rest;
  expect(printed.map(stable)).toEqual(shown.map(stable));
  return printed;
}

const chatChunk = (delta: object, extra: object = {}) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  created: 1741569952,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta, finish_reason: null }],
  ...extra,
});

describe('the example of each docs/integrations page runs and prints what the page shows', () => {
  it("OpenAI: a chat completion and a stream, one line each, in the scope's context", async () => {
    server.respond({
      json: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1741569952,
        model: 'gpt-4o-mini-2024-07-18',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Order A-1042 shipped yesterday; it arrives Friday.',
            },
            finish_reason: 'stop',
          },
        ],
        usage: {
          prompt_tokens: 1250,
          completion_tokens: 14,
          total_tokens: 1264,
          prompt_tokens_details: { cached_tokens: 1024 },
        },
      },
    });
    server.respond({
      sse: [
        ...[
          chatChunk({ role: 'assistant', content: '' }),
          chatChunk({ content: 'Arrives Friday.' }),
          chatChunk({}, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
          chatChunk(
            {},
            { choices: [], usage: { prompt_tokens: 31, completion_tokens: 4, total_tokens: 35 } },
          ),
        ].map((data) => ({ data })),
        { data: '[DONE]' },
      ],
    });
    const [first, second, answered] = await runExample('openai', {
      OPENAI_BASE_URL: `${server.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
    });
    expect(second?.parent_request_id).toBe(first?.event_id);
    expect(
      new Set([first?.correlation_id, second?.correlation_id, answered?.correlation_id]).size,
    ).toBe(1);
    expect(server.requests.at(-1)?.body).toMatchObject({ stream_options: { include_usage: true } });
  });

  it('Anthropic: stream() with cache writes, one line', async () => {
    const message = {
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 14,
        cache_creation_input_tokens: 2048,
        cache_read_input_tokens: 0,
        output_tokens: 1,
      },
    };
    server.respond({
      sse: [
        { type: 'message_start', message },
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: 'Sunny, 24°C.' },
        },
        { type: 'content_block_stop', index: 0 },
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: 9 },
        },
        { type: 'message_stop' },
      ].map((data) => ({ event: data.type, data })),
    });
    await runExample('anthropic', {
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_API_KEY: 'sk-ant-test',
    });
  });

  it('Google: generateContent and generateContentStream, one line each', async () => {
    server.respond({
      json: {
        candidates: [
          {
            content: { parts: [{ text: 'Air scatters blue light more than red.' }], role: 'model' },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: {
          promptTokenCount: 9,
          candidatesTokenCount: 9,
          thoughtsTokenCount: 310,
          totalTokenCount: 328,
        },
        modelVersion: 'gemini-2.5-flash',
        responseId: 'r-1',
      },
    });
    server.respond({
      sse: [
        {
          candidates: [
            {
              content: { parts: [{ text: 'The air bounces blue light' }], role: 'model' },
              index: 0,
            },
          ],
          usageMetadata: { promptTokenCount: 17, totalTokenCount: 17 },
          modelVersion: 'gemini-2.5-flash',
        },
        {
          candidates: [
            {
              content: { parts: [{ text: ' all around.' }], role: 'model' },
              finishReason: 'STOP',
              index: 0,
            },
          ],
          usageMetadata: {
            promptTokenCount: 17,
            candidatesTokenCount: 8,
            thoughtsTokenCount: 120,
            totalTokenCount: 145,
          },
          modelVersion: 'gemini-2.5-flash',
        },
      ].map((data) => ({ data })),
    });
    await runExample('google', { GOOGLE_GEMINI_BASE_URL: server.url, GEMINI_API_KEY: 'test-key' });
  });
});
