import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapAnthropic, wrapGoogleGenAI, wrapOpenAI } from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';

const { logger } = capture();
const client = new OpenAI({ apiKey: 'sk-test' });

describe('wrapOpenAI / wrapAnthropic / wrapGoogleGenAI options', () => {
  it.each([
    [
      () => wrapOpenAI(null as never, { logger }),
      'wrapOpenAI: client must be an SDK client object, got null',
    ],
    [
      () => wrapAnthropic(client, undefined as never),
      'wrapAnthropic: options must be an object with a logger, got undefined',
    ],
    [
      () => wrapGoogleGenAI(client, {} as never),
      'wrapGoogleGenAI: logger must be a pino logger (with info and error methods), got undefined',
    ],
    [
      () => wrapOpenAI(client, { logger, streamUsage: 'yes' as never }),
      'wrapOpenAI: "streamUsage" must be a boolean, got string "yes"',
    ],
    [
      () => wrapOpenAI(client, { logger, provider: '' }),
      'wrapOpenAI: "provider" must be a string of 1-256 characters without control characters, got string ""',
    ],
    [
      () => wrapOpenAI(client, { logger, model: 'gpt-4o-mini' } as never),
      'wrapOpenAI: unknown field "model"',
    ],
    [
      () => wrapOpenAI(client, { logger, on_event: () => undefined } as never),
      'wrapOpenAI: unknown field "on_event": did you mean "onEvent"?',
    ],
  ])('%#: a TypeError naming the function and the option', (wrap, message) => {
    expect(wrap).toThrow(new TypeError(message));
  });

  it('a client already wrapped is refused: its calls would be logged twice', () => {
    const wrapped = wrapOpenAI(client, { logger });
    expect(() => wrapOpenAI(wrapped, { logger })).toThrow(
      new TypeError(
        'wrapOpenAI: client is already wrapped (its calls would be logged twice); wrap the SDK client once',
      ),
    );
    expect(wrapOpenAI(client, { logger })).not.toBe(wrapped);
  });
});

describe('a request the line cannot describe', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer();
  });
  afterAll(() => server.close());

  it('goes out untracked, with one warning, and the SDK answers as usual', async () => {
    const { logger: lineLogger, lines } = capture();
    const openai = wrapOpenAI(
      new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 }),
      { logger: lineLogger },
    );
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    const model = `m${'x'.repeat(300)}`;
    server.respond({ json: { object: 'chat.completion', model, choices: [] } });
    try {
      const completion = await openai.chat.completions.create({ model, messages: [] });
      expect(completion).toEqual({ object: 'chat.completion', model, choices: [] });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(lines()).toEqual([]);
    expect(warnings).toEqual([
      'leanllm-context: an LLM call could not be recorded (wrapOpenAI: "model" must be a string of 1-256 characters without control characters, got string "mxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"); the call is not affected',
    ]);
  });
});
