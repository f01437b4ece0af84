// Provider responses as the real APIs send them, shared by the trackLlmCall tests and the
// wrapped-client tests (test/capture/).

/** A streamed chat completion chunk of gpt-4o-mini carrying `delta` (and `extra` fields). */
export const chatChunk = (delta: object, extra: object = {}) => ({
  id: 'chatcmpl-AU7kq2',
  object: 'chat.completion.chunk',
  created: 1731900000,
  model: 'gpt-4o-mini-2024-07-18',
  system_fingerprint: 'fp_0ba0d124f1',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: null }],
  usage: null,
  ...extra,
});

/** The usage of CHAT_COMPLETION: 1024 of 1250 input tokens cached. */
export const CHAT_USAGE = {
  prompt_tokens: 1250,
  completion_tokens: 42,
  total_tokens: 1292,
  prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

/** A gpt-4o-mini chat completion answering "Paris.". */
export const CHAT_COMPLETION = {
  id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  object: 'chat.completion',
  created: 1741569952,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Paris.', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: CHAT_USAGE,
  service_tier: 'default',
  system_fingerprint: 'fp_06737a9306',
};
/** A Responses API response of gpt-4.1: text, a function call, cached and reasoning tokens. */
export const RESPONSES_API_RESPONSE = {
  id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
  object: 'response',
  created_at: 1741476542,
  status: 'completed',
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  model: 'gpt-4.1-2025-04-14',
  output: [
    { type: 'reasoning', id: 'rs_67ccd2bf0a4c8190', summary: [] },
    {
      type: 'message',
      id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Checking the weather.', annotations: [] }],
    },
    {
      type: 'function_call',
      id: 'fc_12345xyz',
      call_id: 'call_12345xyz',
      name: 'get_weather',
      arguments: '{"location":"Paris, France"}',
      status: 'completed',
    },
  ],
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  store: true,
  temperature: 1,
  text: { format: { type: 'text' } },
  tool_choice: 'auto',
  tools: [],
  top_p: 1,
  truncation: 'disabled',
  usage: {
    input_tokens: 2036,
    input_tokens_details: { cached_tokens: 1536 },
    output_tokens: 387,
    output_tokens_details: { reasoning_tokens: 256 },
    total_tokens: 2423,
  },
  user: null,
  metadata: {},
};

/** A claude-haiku-4-5 message with cache reads and writes. */
export const ANTHROPIC_MESSAGE = {
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5-20251001',
  content: [{ type: 'text', text: 'It is sunny.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 12,
    cache_creation_input_tokens: 2048,
    cache_read_input_tokens: 1800,
    output_tokens: 6,
    service_tier: 'standard',
  },
};
