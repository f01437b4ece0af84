// The Vercel AI SDK entry (`leanllm-context/ai`): a language-model middleware that logs every
// model call. Imports nothing from `ai` or `@ai-sdk/*` at run time.
export type {
  LanguageModelCallParams,
  LeanLLMMiddleware,
  LeanLLMMiddlewareOptions,
  StreamCall,
  WrappedLanguageModel,
} from './middleware.js';
export { leanllmMiddleware } from './middleware.js';
