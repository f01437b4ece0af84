// The LangChain.js entry (`leanllm-context/langchain`): a callback handler that logs every
// model run. Imports nothing from `@langchain/*` at run time.
export type { LeanLLMCallbackHandlerOptions } from './handler.js';
export { LeanLLMCallbackHandler } from './handler.js';
