import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContextValidationError,
  withContext,
  wrapAnthropic,
  wrapGoogleGenAI,
  wrapOpenAI,
} from '../../src/index.js';
import { capture } from '../helpers/capture.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';

const { logger } = capture();
const client = new OpenAI({ apiKey: 'sk-test' });

/** What `wrap` threw: a ContextValidationError with the option it names, and its message. */
function refusal(wrap: () => unknown): { field: string; message: string } {
  try {
    wrap();
  } catch (error) {
    expect(error).toBeInstanceOf(ContextValidationError);
    expect(error).toBeInstanceOf(TypeError);
    const { field, message } = error as ContextValidationError;
    return { field, message };
  }
  throw new Error('nothing was thrown');
}

describe('wrapOpenAI / wrapAnthropic / wrapGoogleGenAI options', () => {
  it.each([
    [
      () => wrapOpenAI(null as never, { logger }),
      'client',
      'wrapOpenAI: client must be an SDK client object, got null',
    ],
    [
      () => wrapAnthropic(client, undefined as never),
      'options',
      'wrapAnthropic: options must be an object with a logger, got undefined',
    ],
    [
      () => wrapGoogleGenAI(client, {} as never),
      'logger',
      'wrapGoogleGenAI: logger must be a pino logger (with info and error methods), got undefined',
    ],
    [
      () => wrapOpenAI(client, { logger, streamUsage: 'yes' as never }),
      'streamUsage',
      'wrapOpenAI: streamUsage must be a boolean, got string "yes"',
    ],
    [
      () => wrapOpenAI(client, { logger, provider: '' }),
      'provider',
      'wrapOpenAI: provider must be a string of 1-256 characters without control characters, got string ""',
    ],
    [
      () => wrapOpenAI(client, { logger, model: 'gpt-4o-mini' } as never),
      'model',
      'wrapOpenAI: options has an unknown key "model": did you mean "modelId"?',
    ],
    [
      () => wrapOpenAI(client, { logger, on_event: () => undefined } as never),
      'on_event',
      'wrapOpenAI: options has an unknown key "on_event": did you mean "onEvent"?',
    ],
  ])('%#: a ContextValidationError naming the function and the option', (wrap, field, message) => {
    expect(refusal(wrap)).toEqual({ field, message });
  });

  it('a client already wrapped is refused: its calls would be logged twice', () => {
    const wrapped = wrapOpenAI(client, { logger });
    expect(refusal(() => wrapOpenAI(wrapped, { logger }))).toEqual({
      field: 'client',
      message:
        'wrapOpenAI: client is already wrapped (its calls would be logged twice); wrap the SDK client once',
    });
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
      'leanllm-context: an LLM call could not be recorded (wrapOpenAI: model must be a string of 1-256 characters without control characters, got string "mxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"); the call is not affected',
    ]);
  });
});

describe('context fields given as wrapper defaults', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer();
  });
  afterAll(() => server.close());

  it('stamp every call of the client, over the ambient context, for that line only', async () => {
    const { logger: lineLogger, lines } = capture();
    const openai = wrapOpenAI(
      new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 }),
      { logger: lineLogger, feature: 'search', tags: { team: 'core' } },
    );
    server.respond({ json: { object: 'chat.completion', model: 'gpt-4o-mini', choices: [] } });
    await withContext({ feature: 'ambient', userId: 'u-1', tags: { tier: 'pro' } }, () =>
      openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
    );
    const [line] = lines();
    expect([line?.feature, line?.user_id, line?.tags]).toEqual([
      'search',
      'u-1',
      { tier: 'pro', team: 'core' },
    ]);
  });

  it('are validated when the client is wrapped', () => {
    expect(refusal(() => wrapOpenAI(client, { logger, feature: '' }))).toEqual({
      field: 'feature',
      message: 'context field "feature" must not be empty',
    });
  });
});
