// OpenAI chat-completions answers for the loopback server, shared by the AI SDK and LangChain
// tests (both talk to it through their OpenAI-compatible clients).
import type { ScriptedResponse, SseEvent } from '../helpers/llm-server.js';
import { BUILT_IN_PRICES } from '../helpers/price-table.js';

export const MODEL = 'gpt-4o-mini';
export const RESPONSE_MODEL = 'gpt-4o-mini-2024-07-18';
/** The price data the line names (`price_table`). */
export const TABLE = BUILT_IN_PRICES;

/** 1250 input tokens (1024 of them cached), 42 output. */
export const USAGE = {
  prompt_tokens: 1250,
  completion_tokens: 42,
  total_tokens: 1292,
  prompt_tokens_details: { cached_tokens: 1024 },
  completion_tokens_details: { reasoning_tokens: 0 },
};
// gpt-4o-mini: 226 uncached input x $0.15 + 1024 cached x $0.075 + 42 output x $0.60 per million.
export const USAGE_COST = 0.0001359;

/** A chat completion whose message is `message`, with `usage`. */
export function completion(message: object, usage: object = USAGE): ScriptedResponse {
  return {
    json: {
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      object: 'chat.completion',
      created: 1741569952,
      model: RESPONSE_MODEL,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', refusal: null, ...message },
          logprobs: null,
          finish_reason: 'tool_calls' in message ? 'tool_calls' : 'stop',
        },
      ],
      usage,
    },
  };
}

export const text = (content: string, usage?: object) => completion({ content }, usage);

/** A completion asking for `get_weather({"city": "Paris"})`: 80 input, 20 output tokens. */
export const WEATHER_CALL = {
  id: 'call_Vh3ZKk5PMBLXlRlLHyoLtHUs',
  name: 'get_weather',
  arguments: '{"city": "Paris"}',
};
export const toolCall = () =>
  completion(
    {
      content: null,
      tool_calls: [
        {
          id: WEATHER_CALL.id,
          type: 'function',
          function: { name: WEATHER_CALL.name, arguments: WEATHER_CALL.arguments },
        },
      ],
    },
    { prompt_tokens: 80, completion_tokens: 20, total_tokens: 100 },
  );

const chunk = (delta: object, finish: string | null = null) => ({
  id: 'chatcmpl-AU7kq2',
  object: 'chat.completion.chunk',
  created: 1731900000,
  model: RESPONSE_MODEL,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
});

/** A streamed answer in `parts`, then (unless `hold`) the finish chunk, the usage chunk and `[DONE]`. */
export function streamed(parts: readonly string[], hold = false): ScriptedResponse {
  const events: SseEvent[] = parts.map((content, i) => ({
    data: chunk(i === 0 ? { role: 'assistant', content } : { content }),
  }));
  if (hold) return { sse: events, hold: true };
  events.push(
    { data: chunk({}, 'stop') },
    { data: { ...chunk({}), choices: [], usage: USAGE } },
    { data: '[DONE]' },
  );
  return { sse: events };
}

export const rateLimited = (): ScriptedResponse => ({
  status: 429,
  json: {
    error: {
      message: 'Rate limit reached for gpt-4o-mini',
      type: 'tokens',
      code: 'rate_limit_exceeded',
    },
  },
});

export const serverError = (): ScriptedResponse => ({
  status: 500,
  json: {
    error: { message: 'The server had an error processing your request.', type: 'server_error' },
  },
});
