// Content capture (opt-in, `configure({ captureContent })`) through a wrapped client: the prompt
// is what the request asks (messages, input, contents), the completion what the model wrote.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  configure,
  resetConfiguration,
  wrapAnthropic,
  wrapGoogleGenAI,
  wrapOpenAI,
} from '../../src/index.js';
import { type LlmServer, startLlmServer } from '../helpers/llm-server.js';
import { ANTHROPIC_MESSAGE, CHAT_COMPLETION } from '../helpers/provider-responses.js';
import { recorder } from '../helpers/wrapped.js';

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer();
});
afterAll(() => server.close());
afterEach(() => resetConfiguration());

describe('content capture through wrapped clients', () => {
  it('is off by default: no prompt or completion on the line', async () => {
    const { options, single } = recorder();
    const openai = wrapOpenAI(
      new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 }),
      options,
    );
    server.respond({ json: CHAT_COMPLETION });
    await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const { line } = single();
    expect(line).not.toHaveProperty('prompt');
    expect(line).not.toHaveProperty('completion');
  });

  it('OpenAI: the messages as JSON, the answer as text', async () => {
    configure({ captureContent: { maxChars: 200 } });
    const { options, single } = recorder();
    const openai = wrapOpenAI(
      new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 }),
      options,
    );
    const messages = [{ role: 'user' as const, content: 'Capital of France?' }];
    server.respond({ json: CHAT_COMPLETION });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(single().line).toMatchObject({ prompt: JSON.stringify(messages), completion: 'Paris.' });
  });

  it('Anthropic: the messages, the text blocks', async () => {
    configure({ captureContent: { maxChars: 200 } });
    const { options, single } = recorder();
    const anthropic = wrapAnthropic(
      new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 }),
      options,
    );
    const messages = [{ role: 'user' as const, content: 'Weather?' }];
    server.respond({ json: ANTHROPIC_MESSAGE });
    await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages });
    expect(single().line).toMatchObject({
      prompt: JSON.stringify(messages),
      completion: 'It is sunny.',
    });
  });

  it('Google: the contents, the text parts without the thought summaries', async () => {
    configure({ captureContent: { maxChars: 200 } });
    const { options, single } = recorder();
    const ai = wrapGoogleGenAI(
      new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url } }),
      options,
    );
    server.respond({
      json: {
        candidates: [
          {
            content: {
              parts: [
                { text: 'Thinking about light.', thought: true },
                { text: 'Rayleigh scattering.' },
              ],
              role: 'model',
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 3, totalTokenCount: 11 },
      },
    });
    await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Why is the sky blue?',
    });
    expect(single().line).toMatchObject({
      prompt: 'Why is the sky blue?',
      completion: 'Rayleigh scattering.',
    });
  });
});
