// A seeded generator of a realistic pino log for the CLI benchmark: ordinary lines from several
// services (80%) interleaved with `llm.call` events (20%) of correlations of 1–30 calls each,
// written exactly in the line format of leanllm-context (pino's keys, context keys, event keys).

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** mulberry32: the same seed gives the same log, byte for byte. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  ['gpt-4o-mini', 'openai', 0.15, 0.6],
  ['gpt-4o', 'openai', 2.5, 10],
  ['claude-sonnet-4-5', 'anthropic', 3, 15],
  ['claude-haiku-4-5', 'anthropic', 1, 5],
];
const MESSAGES = [
  'request received',
  'fetched documents from the index',
  'cache miss, loading profile',
  'rendering answer',
  'request completed',
  'queue job started',
  'retrying upstream call',
];
const TOOLS = ['search', 'fetch_page', 'get_weather', 'run_sql', 'send_email'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * Writes `lines` lines to `file`; `eventShare` of them are llm.call events. Returns the number of
 * events and correlations written.
 */
export async function generateLog(file, { lines = 1_000_000, eventShare = 0.2, seed = 42 } = {}) {
  const random = seeded(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const id = (length) => {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(random() * 64)];
    return out;
  };
  const hex = (length) => {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(random() * 16)];
    return out;
  };
  let time = Date.UTC(2026, 10, 23, 8, 0, 0);
  const active = [];
  const newFlow = () => ({
    correlation: hex(32),
    session: `sess-${id(8)}`,
    user: `user-${Math.floor(random() * 5000)}`,
    feature: pick(['search', 'chat', 'summarize', 'agent']),
    calls: 1 + Math.floor(random() * 30),
    made: [],
  });
  for (let i = 0; i < 40; i++) active.push(newFlow());

  const out = createWriteStream(file);
  let buffer = [];
  let events = 0;
  let correlations = active.length;
  const flush = async () => {
    if (!out.write(buffer.join(''))) await once(out, 'drain');
    buffer = [];
  };
  for (let n = 0; n < lines; n++) {
    time += Math.floor(random() * 4);
    const slot = Math.floor(random() * active.length);
    const flow = active[slot];
    const context = `"session_id":"${flow.session}","user_id":"${flow.user}","feature":"${flow.feature}","environment":"production","correlation_id":"${flow.correlation}"`;
    if (random() < eventShare) {
      const [model, provider, inPrice, outPrice] = pick(MODELS);
      const eventId = id(21);
      const parent =
        flow.made.length === 0
          ? undefined
          : random() < 0.6
            ? flow.made[flow.made.length - 1]
            : pick(flow.made);
      const input = 200 + Math.floor(random() * 4000);
      const output = 20 + Math.floor(random() * 800);
      const cost = (input * inPrice + output * outPrice) / 1e6;
      const tools =
        random() < 0.3
          ? `[{"id":"call_${id(24)}","name":"${pick(TOOLS)}","arguments":"{\\"query\\":\\"${id(12)}\\",\\"limit\\":5}"}]`
          : '[]';
      const parentKey = parent === undefined ? '' : `"parent_request_id":"${parent}",`;
      buffer.push(
        `{"level":30,"time":${time},"pid":4242,"hostname":"api-7f9c","section_path":"agent:worker/step:${flow.made.length}",${context},"event":"llm.call","event_version":1,"event_id":"${eventId}","correlation_id":"${flow.correlation}",${parentKey}"model":"${model}","provider":"${provider}","operation":"chat","status":"ok","input_tokens":${input},"output_tokens":${output},"total_tokens":${input + output},"cost":${cost},"cost_source":"table","price_table":"builtin-2026-11","latency_ms":${150 + Math.floor(random() * 3000)},"tool_calls":${tools},"msg":"llm.call"}\n`,
      );
      events++;
      flow.made.push(eventId);
      if (flow.made.length >= flow.calls) {
        active[slot] = newFlow();
        correlations++;
      }
    } else {
      const withContext = random() < 0.7;
      buffer.push(
        `{"level":30,"time":${time},"pid":4242,"hostname":"api-7f9c",${withContext ? `${context},` : ''}"req_id":${n},"msg":"${pick(MESSAGES)}"}\n`,
      );
    }
    if (buffer.length >= 4096) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return { events, correlations };
}
