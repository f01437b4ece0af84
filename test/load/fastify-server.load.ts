import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextLogger, contextMixin, fastifyContext, trackLlmCall } from '../../src/index.js';

/**
 * The load promises (docs/reliability.md): under 200 concurrent connections, every line of every
 * request carries exactly that request's ids, every request has exactly one llm.call line, and
 * the heap after GC does not grow with the number of requests served.
 */

const CONNECTIONS = 200;
const WARM_UP = 2_000;
const ROUND = 10_000;
/** Most bytes the heap after GC may grow per request served in the second round. */
const MAX_GROWTH_PER_REQUEST = 100;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap in use after full collections (a few, with the event loop turning between them). */
async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** A fake LLM on loopback: every POST gets an OpenAI chat completion with usage. */
function fakeLlm(): Promise<Server> {
  const body = JSON.stringify({
    id: 'chatcmpl-load',
    object: 'chat.completion',
    created: 1_795_400_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'ok' },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  });
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The ids request number `n` sends, and expects on every line it causes. */
const sessionOf = (n: number) => `sess-${n}`;
const correlationOf = (n: number) => n.toString(16).padStart(32, '0');
const requestIdOf = (n: number) => `req-${n}`;

/** What the lines of one round showed. */
interface RoundCheck {
  requests: number;
  linesChecked: number;
  bleed: number;
  llmCallLines: number;
  /** The first lines that did not carry their request's ids, for the failure message. */
  samples: string[];
}

/** Checks every line of a round; lines without context must be Fastify's `incoming request`. */
function checkLines(raw: readonly string[], first: number, count: number): RoundCheck {
  const perRequest = new Map<number, { lines: number; llmCalls: number; reqIds: Set<string> }>();
  let bleed = 0;
  let linesChecked = 0;
  let llmCallLines = 0;
  const samples: string[] = [];
  const miss = (text: string) => {
    bleed++;
    if (samples.length < 5) samples.push(text);
  };
  for (const text of raw) {
    const line = JSON.parse(text) as Record<string, unknown>;
    linesChecked++;
    if (line.msg === 'incoming request') {
      if (line.session_id !== undefined) miss(text); // written before the plugin's hook: no context
      continue;
    }
    const n = Number(String(line.session_id).slice('sess-'.length));
    const ok =
      Number.isInteger(n) &&
      n >= first &&
      n < first + count &&
      line.correlation_id === correlationOf(n) &&
      line.request_id === requestIdOf(n);
    if (!ok) {
      miss(text);
      continue;
    }
    const seen = perRequest.get(n) ?? { lines: 0, llmCalls: 0, reqIds: new Set<string>() };
    seen.lines++;
    seen.reqIds.add(String(line.reqId));
    if (line.msg === 'llm.call') {
      seen.llmCalls++;
      llmCallLines++;
    }
    perRequest.set(n, seen);
  }
  for (const [n, seen] of perRequest) {
    // handling, llm.call, answered, request completed; all through one Fastify request logger
    if (seen.lines !== 4 || seen.llmCalls !== 1 || seen.reqIds.size !== 1) {
      miss(
        `request ${n}: ${seen.lines} lines, ${seen.llmCalls} llm.call, reqIds ${[...seen.reqIds]}`,
      );
    }
  }
  return { requests: perRequest.size, linesChecked, bleed, llmCallLines, samples };
}

/** The two ways to put the context on lines, each given the sink to write to. */
const LOGGERS: [string, (sink: { write(line: string): void }) => pino.Logger][] = [
  ['contextLogger', (sink) => contextLogger(pino({ base: undefined }, sink))],
  ['contextMixin', (sink) => pino({ base: undefined, mixin: contextMixin() }, sink)],
];

let llmUrl: string;
let llm: Server | undefined;
/** The lines the server under test wrote since the last round. */
const raw: string[] = [];
/** The next request's number (from 1: a trace id of all zeros is invalid). */
let next = 1;

beforeAll(async () => {
  llm = await fakeLlm();
  llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1/chat/completions`;
});

afterAll(async () => {
  await new Promise((resolve) => llm?.close(resolve));
});

/** Starts the Fastify app with `log`: one route that logs, calls the LLM tracked, and logs. */
async function startApp(log: pino.Logger) {
  const app = Fastify({ loggerInstance: log });
  await app.register(fastifyContext);
  app.post('/chat', async (request) => {
    request.log.info('handling');
    const reply = await trackLlmCall(
      request.log,
      { model: 'gpt-4o-mini', provider: 'openai' },
      async () => {
        const response = await fetch(llmUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [request.body] }),
        });
        return (await response.json()) as { choices: { message: { content: string } }[] };
      },
    );
    request.log.info({ answer: reply.choices[0]?.message.content }, 'answered');
    return { ok: true };
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  raw.length = 0; // "Server listening at"
  return { origin, close: () => app.close() };
}

/** Sends `amount` requests over 200 connections, each with ids of its own; checks their lines. */
async function round(origin: string, amount: number) {
  const first = next;
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    amount,
    // A request is slow only when this 2-core machine is busy (CI, other processes): wait for it
    // rather than count a client timeout as a lost request.
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: '/chat',
        setupRequest: (request) => {
          const n = next++;
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              baggage: `leanllm.session_id=${sessionOf(n)}`,
              traceparent: `00-${correlationOf(n)}-${n.toString(16).padStart(16, '0')}-01`,
              'x-request-id': requestIdOf(n),
            },
            body: JSON.stringify({ role: 'user', content: `question ${n}` }),
          };
        },
      },
    ],
  });
  const sent = next - first;
  const check = checkLines(raw, first, sent);
  raw.length = 0;
  return { result, sent, check };
}

describe.each(LOGGERS)(
  `a Fastify server with %s under ${CONNECTIONS} connections`,
  (name, makeLogger) => {
    let app: Awaited<ReturnType<typeof startApp>>;
    beforeAll(async () => {
      app = await startApp(makeLogger({ write: (line) => void raw.push(line) }));
    });
    afterAll(() => app?.close());

    it('keeps every request’s ids on its own lines, one llm.call each, and does not leak', async () => {
      const warmUp = await round(app.origin, WARM_UP);
      const heapBefore = await heapAfterGc();
      const first = await round(app.origin, ROUND);
      const heapAfterFirst = await heapAfterGc();
      const second = await round(app.origin, ROUND);
      const heapAfterSecond = await heapAfterGc();

      const rounds = [warmUp, first, second];
      const requests = rounds.reduce((sum, r) => sum + r.check.requests, 0);
      const figures = {
        connections: CONNECTIONS,
        requests,
        linesChecked: rounds.reduce((sum, r) => sum + r.check.linesChecked, 0),
        llmCallLines: rounds.reduce((sum, r) => sum + r.check.llmCallLines, 0),
        bleed: rounds.reduce((sum, r) => sum + r.check.bleed, 0),
        heapBefore,
        heapAfterFirst,
        heapAfterSecond,
        growthPerRequestFirst: (heapAfterFirst - heapBefore) / ROUND,
        growthPerRequestSecond: (heapAfterSecond - heapAfterFirst) / ROUND,
        requestsPerSecond: Math.round(second.result.requests.average),
      };
      console.info(`load figures (${name}): ${JSON.stringify(figures)}`);

      for (const { result, sent, check } of rounds) {
        expect({ errors: result.errors, timeouts: result.timeouts }).toEqual({
          errors: 0,
          timeouts: 0,
        });
        expect(result.non2xx).toBe(0);
        expect(check.requests).toBe(sent);
        expect(check.llmCallLines).toBe(sent);
      }
      expect(first.sent).toBe(ROUND);
      expect(second.sent).toBe(ROUND);
      expect(rounds.flatMap((r) => r.check.samples)).toEqual([]);
      expect(figures.bleed).toBe(0);
      expect(figures.linesChecked).toBe(requests * 5);
      expect(figures.growthPerRequestSecond).toBeLessThan(MAX_GROWTH_PER_REQUEST);
    });
  },
);
