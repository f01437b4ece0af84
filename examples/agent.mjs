// A small research agent, end to end: a planner asks for two tools, the tools run in parallel
// (each summarised by a small model), a writer drafts the answer (its first attempt fails and
// is retried with samplingIteration 1), and a nested check call reviews the draft. The models
// are a fake LLM server this script starts on loopback, spoken to with the real OpenAI and
// Anthropic SDKs. Every line goes to stdout through pino.
//
//   node examples/agent.mjs > examples/logs/agent.ndjson
//   npx leanllm-logs examples/logs/agent.ndjson
import { createServer } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import { contextLogger, section, trace, trackLlmCall, withContext } from 'leanllm-context';
import OpenAI from 'openai';
import pino from 'pino';

const log = contextLogger(pino());
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- the fake LLM server: OpenAI chat completions and Anthropic messages, canned by model ---
let writerAttempts = 0;
const openaiReply = (model, usage, message) => ({
  id: `chatcmpl-${model}`,
  object: 'chat.completion',
  created: 1795428000,
  model: `${model}-2026-08-06`,
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
  usage,
});
const toolCall = (id, name, args) => ({
  id,
  type: 'function',
  function: { name, arguments: JSON.stringify(args) },
});
const routes = {
  'gpt-5.4': [
    180,
    openaiReply(
      'gpt-5.4',
      { prompt_tokens: 812, completion_tokens: 64, total_tokens: 876 },
      {
        content: null,
        tool_calls: [
          toolCall('call_search', 'web_search', { q: 'pino transports worker threads' }),
          toolCall('call_fetch', 'fetch_page', { url: 'https://getpino.io/#/docs/transports' }),
        ],
      },
    ),
  ],
  'gpt-5.4-mini': [
    90,
    openaiReply(
      'gpt-5.4-mini',
      {
        prompt_tokens: 1430,
        completion_tokens: 120,
        total_tokens: 1550,
        prompt_tokens_details: { cached_tokens: 1024 },
      },
      { content: 'Transports run in a worker thread.' },
    ),
  ],
};

const server = createServer(async (request, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  const { model } = JSON.parse(body);
  if (request.url.startsWith('/v1/messages')) {
    writerAttempts++;
    await sleep(writerAttempts === 1 ? 40 : 260);
    if (writerAttempts === 1) {
      response.writeHead(529, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: 'msg_writer',
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text: 'pino transports run off the main thread.' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 1890, output_tokens: 420, cache_read_input_tokens: 1200 },
      }),
    );
    return;
  }
  const [delay, reply] = routes[model];
  await sleep(delay);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(reply));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseURL = `http://127.0.0.1:${server.address().port}`;
const openai = new OpenAI({ apiKey: 'demo', baseURL: `${baseURL}/v1`, maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: 'demo', baseURL, maxRetries: 0 });

// --- the agent ---
const chat = (model, content) =>
  trackLlmCall(log, { model, provider: 'openai', operation: 'chat' }, () =>
    openai.chat.completions.create({ model, messages: [{ role: 'user', content }] }),
  );

async function runTool(call) {
  return section(`tool:${call.function.name}`, async () => {
    log.info({ tool: call.function.name }, 'running tool');
    await sleep(30);
    return chat('gpt-5.4-mini', `Summarise the ${call.function.name} result`);
  });
}

async function write(question, attempt) {
  return withContext({ samplingIteration: attempt }, () =>
    trackLlmCall(log, { model: 'claude-sonnet-5-5', provider: 'anthropic' }, async () => {
      const draft = await anthropic.messages.create({
        model: 'claude-sonnet-5-5',
        max_tokens: 1024,
        messages: [{ role: 'user', content: question }],
      });
      await section('step:check', () => chat('gpt-5.4-mini', 'Check the draft for errors'));
      return draft;
    }),
  );
}

async function answer(question) {
  log.info({ question }, 'request received');
  const plan = await section('agent:planner', () => chat('gpt-5.4', question));
  const calls = plan.choices[0].message.tool_calls;
  await section('agent:tools', () => Promise.all(calls.map(runTool)));
  const draft = await section('agent:writer', async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write(question, attempt);
      } catch (error) {
        log.warn({ attempt, status: error.status }, 'writer failed, retrying');
      }
    }
  });
  log.info({ chars: draft.content[0].text.length }, 'answer sent');
}

await trace({ correlationId: '4bf92f3577b34da6a3ce929d0e0e4736' }, () =>
  withContext(
    { sessionId: 'sess-7f3a9c', userId: 'user-42', feature: 'research', environment: 'demo' },
    () => answer('How do pino transports work?'),
  ),
);
server.close();
