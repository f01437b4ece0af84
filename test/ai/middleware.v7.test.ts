// `ai` 7 (language-model specification v4) needs Node >= 22: this suite runs in the Node 22/24
// passes of .ci/run, with @ai-sdk/openai-compatible 3 (the provider built for it).
import type * as Ai from 'ai';
import { describe } from 'vitest';
import { type AiSdk, middlewareScenarios } from './scenarios.js';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

describe.runIf(NODE_MAJOR >= 22)(
  'leanllmMiddleware with ai 7 (specification v4) and @ai-sdk/openai-compatible 3',
  () => {
    middlewareScenarios(async () => {
      const [ai, provider] = await Promise.all([
        import('ai-v7'),
        import('@ai-sdk/openai-compatible-v3'),
      ]);
      // The same calls as ai 6, typed by ai 7's own declarations (the shapes differ in names only).
      return {
        ai: ai as unknown as typeof Ai,
        createOpenAICompatible:
          provider.createOpenAICompatible as unknown as AiSdk['createOpenAICompatible'],
      };
    });
  },
);
