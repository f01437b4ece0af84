import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { Stream } from 'openai/streaming';
import pino from 'pino';
import { describe, expectTypeOf, it } from 'vitest';
import {
  Chain,
  contextLogger,
  type LlmCall,
  type LlmEvent,
  logLlmCall,
  type TrackLlmCallOptions,
  trackLlmCall,
} from '../../src/index.js';

declare const openai: OpenAI;
declare const anthropic: Anthropic;
const logger = pino();
const options = { model: 'gpt-4o-mini', provider: 'openai' };

describe('LLM call event types', () => {
  it('trackLlmCall returns what fn resolves to, streams keeping their SDK type', () => {
    expectTypeOf(
      trackLlmCall(logger, options, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
      ),
    ).resolves.toExtend<OpenAI.Chat.ChatCompletion>();
    expectTypeOf(
      trackLlmCall(logger, options, () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [], stream: true }),
      ),
    ).resolves.toExtend<Stream<OpenAI.Chat.ChatCompletionChunk>>();
    expectTypeOf(
      trackLlmCall(contextLogger(logger), options, () =>
        anthropic.messages.create({ model: 'm', max_tokens: 1, messages: [] }),
      ),
    ).resolves.toExtend<Anthropic.Message>();
    expectTypeOf(trackLlmCall(logger, options, () => 42)).toEqualTypeOf<Promise<number>>();
  });

  it('logLlmCall takes an LlmCall and returns an LlmEvent', () => {
    expectTypeOf(logLlmCall(logger, { ...options, latencyMs: 1 })).toEqualTypeOf<LlmEvent>();
    expectTypeOf<{ model: string; provider: string }>().not.toExtend<LlmCall>();
    // @ts-expect-error: latencyMs is required
    logLlmCall(logger, options);
    // @ts-expect-error: snake_case is the line's, not the call's
    logLlmCall(logger, { ...options, latencyMs: 1, input_tokens: 3 });
  });

  it('a Chain is an onEvent hook, and its kwargs spread into options', () => {
    const chain = new Chain();
    expectTypeOf({ ...options, ...chain.kwargs(), onEvent: chain }).toExtend<TrackLlmCallOptions>();
    expectTypeOf({ ...options, onEvent: chain.record }).toExtend<TrackLlmCallOptions>();
  });
});
