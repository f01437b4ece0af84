// One llm.call line, for a call the application made and timed itself: docs/events.md shows
// the line this prints. The response is an OpenAI chat completion, as the SDK returns it.
// Run: node examples/llm-call.mjs

import { contextMixin, logLlmCall, trace, withContext } from 'leanllm-context';
import pino from 'pino';

const logger = pino({ mixin: contextMixin() });

const response = {
  id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  object: 'chat.completion',
  created: 1741569952,
  model: 'gpt-4.1-mini-2025-04-14',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_Vh3ZKk5PMBLXlRlLHyoLtHUs',
            type: 'function',
            function: { name: 'lookup_order', arguments: '{"order_id":"A-1042"}' },
          },
        ],
      },
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 2150,
    completion_tokens: 38,
    total_tokens: 2188,
    prompt_tokens_details: { cached_tokens: 1920 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};

trace({ correlationId: '4bf92f3577b34da6a3ce929d0e0e4736' }, () =>
  withContext({ sessionId: 'sess-1', userId: 'u-42', feature: 'support-chat' }, () => {
    logLlmCall(logger, {
      model: 'gpt-4.1-mini',
      provider: 'openai',
      operation: 'chat',
      eventId: 'V1StGXR8_Z5jdHi6B-myT',
      latencyMs: 1284.5,
      response,
    });
  }),
);
