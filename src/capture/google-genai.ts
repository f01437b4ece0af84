import type { ResourcePlan } from './client-proxy.js';
import { wrapClient } from './client-proxy.js';
import { captureSettings, type WrapClientOptions } from './options.js';
import type { CapturedMethod } from './tracked-method.js';

const GENERATE: CapturedMethod = {
  operation: 'generate_content',
  prompt: (request) => request?.contents,
};

const GOOGLE: ResourcePlan = {
  resources: {
    models: { calls: { generateContent: GENERATE, generateContentStream: GENERATE } },
    // A chat sends its messages through the models module it was created with.
    chats: { links: { modelsModule: ['models'] } },
  },
};

/**
 * Returns `client` (a `@google/genai` `GoogleGenAI`, Gemini API or Vertex AI) with every model
 * call logged as `trackLlmCall` would log it: `models.generateContent`,
 * `models.generateContentStream`, and the chats' `sendMessage` / `sendMessageStream` made
 * through them: one `llm.call` line per call (operation `generate_content`) with model, tokens
 * (cached content and thinking tokens apart), cost, latency, time to first token, function
 * calls as `tool_calls` and the context of the scope it was made in. The result has the
 * client's own type; the client itself and every other client are left as they are. What the
 * SDK throws is rethrown unchanged, and logging never fails a call.
 *
 * @example
 * ```ts
 * import { GoogleGenAI } from '@google/genai';
 * import pino from 'pino';
 * import { contextMixin, withContext, wrapGoogleGenAI } from 'leanllm-context';
 *
 * const logger = pino({ mixin: contextMixin() });
 * const ai = wrapGoogleGenAI(new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY }), { logger });
 *
 * const response = await withContext({ feature: 'summaries' }, () =>
 *   ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' }),
 * );
 * ```
 */
export function wrapGoogleGenAI<C extends object>(client: C, options: WrapClientOptions): C {
  return wrapClient(client, GOOGLE, captureSettings(client, options, 'wrapGoogleGenAI', 'google'));
}
