import type { Callbacks } from '@langchain/core/callbacks/manager';
import type { BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import pino from 'pino';
import { describe, expectTypeOf, it } from 'vitest';
import { LeanLLMCallbackHandler } from '../../src/langchain/index.js';

describe('LeanLLMCallbackHandler types', () => {
  it('goes where LangChain takes callbacks: a model, a runnable config', () => {
    const handler = new LeanLLMCallbackHandler({ logger: pino() });
    expectTypeOf([handler]).toExtend<Callbacks>();
    expectTypeOf({ callbacks: [handler] }).toExtend<BaseChatModelParams>();
  });
});
