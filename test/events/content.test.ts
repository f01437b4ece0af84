import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  configure,
  logLlmCall,
  resetConfiguration,
  trackLlmCall,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';

let server: LlmServer;
let openai: OpenAI;
beforeAll(async () => {
  server = await startLlmServer();
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());
afterEach(() => resetConfiguration());

const SECRET_PROMPT = 'My card number is 4111 1111 1111 1111';
const SECRET_ANSWER = 'Your balance is 12,345 EUR';

const completion = (content: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 },
});
const streamed = (text: string) => [
  ...[text.slice(0, 10), text.slice(10)].map((content) => ({
    data: {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    },
  })),
  { data: '[DONE]' },
];

const messages = [{ role: 'user' as const, content: SECRET_PROMPT }];
const options = { model: 'gpt-4o-mini', provider: 'openai', prompt: messages };

async function everyKindOfCall(logger: Parameters<typeof logLlmCall>[0]) {
  server.respond({ json: completion(SECRET_ANSWER) });
  await trackLlmCall(logger, options, () =>
    openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
  );
  server.respond({ sse: streamed(SECRET_ANSWER) });
  const stream = await trackLlmCall(logger, options, () =>
    openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }),
  );
  for await (const _ of stream);
  logLlmCall(logger, { ...options, latencyMs: 5, completion: SECRET_ANSWER });
  logLlmCall(logger, { ...options, latencyMs: 5, response: completion(SECRET_ANSWER) });
}

describe('content capture', () => {
  it('is off by default: no prompt or completion text in any line', async () => {
    const { logger, raw } = capture();
    await everyKindOfCall(logger);
    expect(raw).toHaveLength(4);
    for (const line of raw) {
      expect(line).not.toContain('4111');
      expect(line).not.toContain('12,345');
      expect(line).not.toContain('"prompt"');
      expect(line).not.toContain('"completion"');
    }
  });

  it('opts in with { maxChars }: prompt as JSON, completion as text, both truncated', async () => {
    configure({ captureContent: { maxChars: 30 } });
    const { logger, lines } = capture();
    await everyKindOfCall(logger);
    const prompt = `${JSON.stringify(messages).slice(0, 29)}…`;
    expect(lines().map((line) => [line.prompt, line.completion])).toEqual([
      [prompt, SECRET_ANSWER],
      [prompt, SECRET_ANSWER],
      [prompt, SECRET_ANSWER],
      [prompt, SECRET_ANSWER],
    ]);
    configure({ captureContent: { maxChars: 10 } });
    logLlmCall(logger, { ...options, prompt: 'a😀bcdefghijk', latencyMs: 1, completion: 'x' });
    // Cut at 9 characters plus the ellipsis, never inside a surrogate pair.
    expect(lines().at(-1)).toMatchObject({ prompt: 'a😀bcdefg…', completion: 'x' });
    configure({ captureContent: { maxChars: 3 } });
    logLlmCall(logger, { ...options, prompt: 'ab😀', latencyMs: 1 });
    expect(lines().at(-1)?.prompt).toBe('ab…');
  });

  it('rejects a bad captureContent option', () => {
    expect(() => configure({ captureContent: true as never })).toThrow(
      new ContextValidationError(
        'captureContent',
        'configure: captureContent must be false or { maxChars }, got boolean true',
      ),
    );
    expect(() => configure({ captureContent: { maxChars: 0 } })).toThrow(
      'configure: captureContent.maxChars must be an integer from 1 to 1000000, got number 0',
    );
    expect(() => configure({ captureContent: { maxChars: 10, max: 1 } as never })).toThrow(
      ContextValidationError,
    );
  });
});
