import type { LanguageModelMiddleware as MiddlewareV3, wrapLanguageModel as wrapV6 } from 'ai';
import type { LanguageModelMiddleware as MiddlewareV4, wrapLanguageModel as wrapV7 } from 'ai-v7';
import pino from 'pino';
import { describe, expectTypeOf, it } from 'vitest';
import { type LeanLLMMiddleware, leanllmMiddleware } from '../../src/ai/index.js';

describe('leanllmMiddleware types', () => {
  it('is a middleware for ai 6 (specification v3) and for ai 7 (specification v4)', () => {
    const middleware = leanllmMiddleware({ logger: pino() });
    expectTypeOf(middleware).toEqualTypeOf<LeanLLMMiddleware>();
    expectTypeOf(middleware).toExtend<MiddlewareV3>();
    expectTypeOf(middleware).toExtend<MiddlewareV4>();
    expectTypeOf(middleware).toExtend<Parameters<typeof wrapV6>[0]['middleware']>();
    expectTypeOf(middleware).toExtend<Parameters<typeof wrapV7>[0]['middleware']>();
  });
});
