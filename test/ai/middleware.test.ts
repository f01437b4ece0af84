import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import * as ai from 'ai';
import { describe } from 'vitest';
import { middlewareScenarios, optionScenarios } from './scenarios.js';

describe('leanllmMiddleware with ai 6 (specification v3) and @ai-sdk/openai-compatible 2', () => {
  middlewareScenarios(async () => ({ ai, createOpenAICompatible }));
});

describe('leanllmMiddleware options', () => {
  optionScenarios();
});
