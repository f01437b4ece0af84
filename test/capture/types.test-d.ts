import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI, { AzureOpenAI } from 'openai';
import pino from 'pino';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type WrapClientOptions,
  wrapAnthropic,
  wrapGoogleGenAI,
  wrapOpenAI,
} from '../../src/index.js';

const logger = pino();

describe('wrapped clients keep the type of the client passed in', () => {
  it('wrapOpenAI, wrapAnthropic and wrapGoogleGenAI return exactly the input type', () => {
    expectTypeOf(wrapOpenAI(new OpenAI(), { logger })).toEqualTypeOf<OpenAI>();
    expectTypeOf(wrapOpenAI(new AzureOpenAI(), { logger })).toEqualTypeOf<AzureOpenAI>();
    expectTypeOf(wrapAnthropic(new Anthropic(), { logger })).toEqualTypeOf<Anthropic>();
    expectTypeOf(wrapGoogleGenAI(new GoogleGenAI({}), { logger })).toEqualTypeOf<GoogleGenAI>();
  });

  it('the SDK methods keep their overloads: a stream for stream: true, a completion otherwise', () => {
    const openai = wrapOpenAI(new OpenAI(), { logger });
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    const raw = new OpenAI();
    expectTypeOf(openai.chat.completions.create({ model: 'gpt-4o-mini', messages })).toEqualTypeOf(
      raw.chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    expectTypeOf(
      openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }),
    ).toEqualTypeOf(raw.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
    expectTypeOf(openai.chat.completions.create).toEqualTypeOf<
      OpenAI['chat']['completions']['create']
    >();
    expectTypeOf(openai.responses.stream).toEqualTypeOf<OpenAI['responses']['stream']>();
  });

  it('options: a logger, provider, streamUsage and the per-call defaults of trackLlmCall', () => {
    expectTypeOf<{
      logger: typeof logger;
      provider: 'groq';
      streamUsage: true;
      onEvent: () => void;
    }>().toExtend<WrapClientOptions>();
    // @ts-expect-error: a logger is required
    wrapOpenAI(new OpenAI(), {});
    // @ts-expect-error: streamUsage is a boolean
    wrapOpenAI(new OpenAI(), { logger, streamUsage: 'yes' });
    // @ts-expect-error: the model comes from each request
    wrapOpenAI(new OpenAI(), { logger, model: 'gpt-4o-mini' });
  });
});
