import { asRecord } from '../events/adapters/response-facts.js';
import type { ResourcePlan } from './client-proxy.js';
import { wrapClient } from './client-proxy.js';
import { captureSettings, type WrapClientOptions } from './options.js';
import type { CapturedMethod } from './tracked-method.js';

/** A streamed chat completion asks for its usage when `streamUsage` is on (unless it says itself). */
function withStreamUsage(request: Record<string, unknown>, settings: { streamUsage: boolean }) {
  if (!settings.streamUsage || request.stream !== true) return request;
  const streamOptions = asRecord(request.stream_options);
  if (streamOptions?.include_usage !== undefined) return request;
  return { ...request, stream_options: { ...streamOptions, include_usage: true } };
}

const CHAT: CapturedMethod = {
  operation: 'chat',
  prompt: (request) => request?.messages,
  request: withStreamUsage,
};
const RESPONSES: CapturedMethod = { operation: 'responses', prompt: (request) => request?.input };
const EMBEDDINGS: CapturedMethod = { operation: 'embeddings', prompt: (request) => request?.input };

/** The helpers (`stream()`, `parse()`, `runTools()`) reach the client through `this._client`. */
const CLIENT = { _client: [] };

const OPENAI: ResourcePlan = {
  copies: ['withOptions'],
  resources: {
    chat: { resources: { completions: { calls: { create: CHAT }, links: CLIENT } } },
    responses: { calls: { create: RESPONSES }, links: CLIENT },
    embeddings: { calls: { create: EMBEDDINGS } },
  },
};

/**
 * Returns `client` (an `openai` client, or one pointed at an OpenAI-compatible provider) with
 * every model call logged as `trackLlmCall` would log it: chat completions (`create`, `stream:
 * true`, the `stream()` helper, `parse()` and `runTools()`), the Responses API (`create`,
 * `stream()`, `parse()`) and embeddings (operation `embeddings`), each one `llm.call` line with
 * model, tokens, cost, latency, time to first token, tool calls and the context of the scope
 * it was made in. `.withResponse()` gives the data and the response as usual; `.asResponse()`
 * leaves the body unread, so its line has no usage. The result has the client's own type; the
 * client itself and every other client are left as they are, but for the clients its
 * `withOptions()` makes, which are wrapped as it is (same logger and defaults). What the SDK
 * throws is rethrown unchanged, and logging never fails a call.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import pino from 'pino';
 * import { contextMixin, withContext, wrapOpenAI } from 'leanllm-context';
 *
 * const logger = pino({ mixin: contextMixin() });
 * const openai = wrapOpenAI(new OpenAI(), { logger, streamUsage: true });
 *
 * await withContext({ userId: 'u-42', feature: 'support-chat' }, () =>
 *   openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
 * );
 * const quick = openai.withOptions({ timeout: 5_000 }); // wrapped too: its calls are logged
 * const groq = wrapOpenAI(new OpenAI({ baseURL: 'https://api.groq.com/openai/v1' }), { logger, provider: 'groq' });
 * ```
 */
export function wrapOpenAI<C extends object>(client: C, options: WrapClientOptions): C {
  return wrapClient(client, OPENAI, captureSettings(client, options, 'wrapOpenAI', 'openai'));
}
