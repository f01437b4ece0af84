import type { ResourcePlan } from './client-proxy.js';
import { wrapClient } from './client-proxy.js';
import { captureSettings, type WrapClientOptions } from './options.js';
import type { CapturedMethod } from './tracked-method.js';

const MESSAGES: CapturedMethod = { operation: 'chat', prompt: (request) => request?.messages };

/** `stream()` and `parse()` call `create` on the resource they run on, and reach `this._client`. */
const MESSAGES_PLAN: ResourcePlan = { calls: { create: MESSAGES }, links: { _client: [] } };

const ANTHROPIC: ResourcePlan = {
  copies: ['withOptions'],
  resources: {
    messages: MESSAGES_PLAN,
    beta: { resources: { messages: MESSAGES_PLAN } },
  },
};

/**
 * Returns `client` (an `@anthropic-ai/sdk` client) with every model call logged as
 * `trackLlmCall` would log it: `messages.create` (plain and `stream: true`), `messages.stream()`
 * (the final message's usage, cache reads and writes included) and `messages.parse()`, and the
 * same under `beta.messages`: one `llm.call` line per call with model, tokens, cost, latency,
 * time to first token, tool calls and the context of the scope it was made in. The result has
 * the client's own type; the client itself and every other client are left as they are, but for
 * the clients its `withOptions()` makes, which are wrapped as it is (same logger and defaults).
 * What the SDK throws is rethrown unchanged, and logging never fails a call.
 *
 * @example
 * ```ts
 * import Anthropic from '@anthropic-ai/sdk';
 * import pino from 'pino';
 * import { contextMixin, trace, wrapAnthropic } from 'leanllm-context';
 *
 * const logger = pino({ mixin: contextMixin() });
 * const anthropic = wrapAnthropic(new Anthropic(), { logger });
 *
 * await trace(async () => {
 *   const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages });
 *   const message = await stream.finalMessage();
 * });
 * const patient = anthropic.withOptions({ timeout: 120_000 }); // wrapped too: its calls are logged
 * ```
 */
export function wrapAnthropic<C extends object>(client: C, options: WrapClientOptions): C {
  return wrapClient(
    client,
    ANTHROPIC,
    captureSettings(client, options, 'wrapAnthropic', 'anthropic'),
  );
}
